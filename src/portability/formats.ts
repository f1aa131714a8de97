import { parse as parseCsv } from "csv-parse/sync";
import { stringify as stringifyCsv } from "csv-stringify/sync";
import type { CatalogueItem, Roadmap } from "../catalogue/catalogue.ts";
import { normaliseQuery } from "../catalogue/search.ts";

export const EXPORT_FORMATS = ["markdown", "csv", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface DoneItem {
  readonly itemId: string;
  readonly doneAt: Date;
  readonly note: string | null;
}

export interface ExportFile {
  readonly name: string;
  readonly contentType: string;
  readonly data: Buffer;
}

/** Marks an item's line with its id; invisible when the Markdown is rendered, exact when it is imported. */
function idMarker(item: CatalogueItem): string {
  return `<!-- ${item.id} -->`;
}

/** The member's progress in the seed's own checklist format: stages, sections, `- [x]` / `- [ ]`. */
export function exportMarkdown(roadmap: Roadmap, done: ReadonlyMap<string, DoneItem>, memberName: string): string {
  const total = roadmap.items.length;
  const doneCount = roadmap.items.filter((item) => done.has(item.id)).length;
  const lines = [
    `# ${roadmap.title}`,
    "",
    `Progress of ${memberName}, exported ${new Date().toISOString().slice(0, 10)}.`,
    "",
    `**Overall Progress**: ${Math.floor((doneCount * 100) / total)}% Complete`,
    `**Total Progress**: ${doneCount}/${total} items across all stages`,
    "",
  ];
  for (const stage of roadmap.stages) {
    const stageDone = stage.items.filter((item) => done.has(item.id)).length;
    lines.push(`## Stage ${stage.number}: ${stage.title} (${stageDone}/${stage.items.length} items)`, "");
    for (const section of stage.sections) {
      lines.push(`### ${section.number} ${section.title}`, "");
      for (const item of section.items) lines.push(`- [${done.has(item.id) ? "x" : " "}] ${item.title} ${idMarker(item)}`);
      lines.push("");
    }
  }
  return lines.join("\n");
}

export function exportCsv(roadmap: Roadmap, done: ReadonlyMap<string, DoneItem>): string {
  return stringifyCsv(
    roadmap.items.map((item) => [item.id, item.title, item.stage, item.section, done.get(item.id)?.doneAt.toISOString() ?? "", done.get(item.id)?.note ?? ""]),
    { header: true, columns: ["item_id", "title", "stage", "section", "done_at", "note"] },
  );
}

export function exportJson(roadmap: Roadmap, done: ReadonlyMap<string, DoneItem>, memberName: string): string {
  const items = roadmap.items
    .filter((item) => done.has(item.id))
    .map((item) => ({
      id: item.id,
      title: item.title,
      stage: item.stage,
      section: item.section,
      doneAt: done.get(item.id)!.doneAt.toISOString(),
      note: done.get(item.id)!.note,
    }));
  return JSON.stringify({ roadmap: roadmap.id, member: memberName, done: items.length, total: roadmap.items.length, items }, null, 2);
}

export function exportFile(format: ExportFormat, roadmap: Roadmap, done: ReadonlyMap<string, DoneItem>, memberName: string): ExportFile {
  const base = `${roadmap.id}-progress`;
  switch (format) {
    case "markdown":
      return { name: `${base}.md`, contentType: "text/markdown", data: Buffer.from(exportMarkdown(roadmap, done, memberName)) };
    case "csv":
      return { name: `${base}.csv`, contentType: "text/csv", data: Buffer.from(exportCsv(roadmap, done)) };
    case "json":
      return { name: `${base}.json`, contentType: "application/json", data: Buffer.from(exportJson(roadmap, done, memberName)) };
  }
}

export interface GroupRow {
  readonly userId: string;
  readonly itemId: string;
  readonly doneAt: Date;
  readonly note: string | null;
}

/** The whole group's progress, one row per member and done item, for organisers. */
export function exportGroupCsv(roadmap: Roadmap, rows: readonly GroupRow[]): string {
  const records = rows.flatMap((row) => {
    const item = roadmap.item(row.itemId);
    return item ? [[row.userId, item.id, item.title, item.stage, item.section, row.doneAt.toISOString(), row.note ?? ""]] : [];
  });
  return stringifyCsv(records, { header: true, columns: ["user_id", "item_id", "title", "stage", "section", "done_at", "note"] });
}

export interface ImportPlan {
  /** Items the file marks done, in roadmap order, without repeats. */
  readonly done: readonly CatalogueItem[];
  /** Items the file lists as not done (only Markdown `- [ ]` and CSV rows without done_at). */
  readonly notDone: readonly CatalogueItem[];
  /** Lines that look like items but match none, as written (trimmed). */
  readonly unknown: readonly string[];
}

const CHECKBOX = /^\s*[-*+]\s+\[( |x|X)\]\s+(.*)$/;
const ID_MARKER = /<!--\s*([a-z0-9-]+)\s*-->/;

function matchItem(roadmap: Roadmap, text: string): CatalogueItem | undefined {
  const marker = ID_MARKER.exec(text)?.[1];
  if (marker) {
    const byId = roadmap.item(marker);
    if (byId) return byId;
  }
  const plain = text
    .replace(ID_MARKER, "")
    .replace(/\*\*|__|`/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .trim();
  const byIdText = roadmap.item(plain);
  if (byIdText) return byIdText;
  const exact = roadmap.search.exactMatches(plain);
  return exact.length === 1 ? exact[0] : undefined;
}

function plan(roadmap: Roadmap, entries: { text: string; done: boolean }[]): ImportPlan {
  const done = new Set<CatalogueItem>();
  const notDone = new Set<CatalogueItem>();
  const unknown: string[] = [];
  for (const entry of entries) {
    const item = matchItem(roadmap, entry.text);
    if (!item) unknown.push(entry.text.replace(ID_MARKER, "").trim());
    else if (entry.done) done.add(item);
    else notDone.add(item);
  }
  const inOrder = (set: Set<CatalogueItem>) => [...set].sort((a, b) => a.position - b.position);
  return { done: inOrder(done), notDone: inOrder(notDone).filter((item) => !done.has(item)), unknown };
}

/** Reads a checklist in the seed's Markdown format (ticked and unticked items; other lines are ignored). */
export function parseMarkdownImport(roadmap: Roadmap, text: string): ImportPlan {
  const entries: { text: string; done: boolean }[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = CHECKBOX.exec(line);
    if (match) entries.push({ text: match[2] ?? "", done: match[1] !== " " });
  }
  return plan(roadmap, entries);
}

/** Reads a CSV with an `item_id` (or `title`) column; a row counts as done unless it has an empty `done_at`. */
export function parseCsvImport(roadmap: Roadmap, text: string): ImportPlan {
  const records = parseCsv(text, { columns: (header: string[]) => header.map((h) => normaliseQuery(h).replace(/ /g, "_")), skip_empty_lines: true, trim: true, relax_column_count: true, bom: true }) as Record<string, string | undefined>[];
  const entries = records.map((record) => ({
    text: record.item_id || record.id || record.title || Object.values(record).find(Boolean) || "",
    done: record.done_at === undefined ? true : record.done_at !== "",
  }));
  return plan(roadmap, entries);
}
