import { setImmediate } from "node:timers/promises";
import { stringify as stringifyCsv } from "csv-stringify/sync";
import type { CatalogueItem, Roadmap } from "../catalogue/catalogue.ts";
import { matchAuthorPage } from "./author-pages.ts";
import { roadmapMarker, type RoadmapStamp } from "./roadmap-marker.ts";
import type { ImportEntry } from "./read-import-file.ts";

export const EXPORT_FORMATS = ["markdown", "csv", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface DoneItem {
  readonly itemId: string;
  readonly doneAt: Date;
  readonly note: string | null;
}

/** Whose progress a file holds, when it was exported (the context's clock, so tests can set it), and for which roadmap. */
export interface ExportOwner {
  readonly memberName: string;
  readonly exportedAt: Date;
  readonly roadmap: RoadmapStamp;
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
export function exportMarkdown(roadmap: Roadmap, done: ReadonlyMap<string, DoneItem>, owner: ExportOwner): string {
  const total = roadmap.items.length;
  const doneCount = roadmap.items.filter((item) => done.has(item.id)).length;
  const lines = [
    `# ${roadmap.title}`,
    "",
    `Progress of ${owner.memberName} on version ${owner.roadmap.version} of this roadmap (\`${owner.roadmap.id}\`), exported ${owner.exportedAt.toISOString().slice(0, 10)}.`,
    roadmapMarker(owner.roadmap),
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

/**
 * Notes are typed by members and exports are opened in spreadsheets: a cell starting with `=`, `+`,
 * `-`, `@`, a tab or a CR would run as a formula (OWASP "CSV injection"), so csv-stringify prefixes
 * such cells with `'`. Every CSV the bot writes goes through here.
 */
function writeCsv(columns: readonly string[], records: readonly (readonly (string | number)[])[]): string {
  return stringifyCsv(records as (string | number)[][], { header: true, columns: [...columns], escape_formulas: true });
}

export function exportCsv(roadmap: Roadmap, done: ReadonlyMap<string, DoneItem>, stamp: RoadmapStamp): string {
  return writeCsv(
    ["item_id", "title", "stage", "section", "done_at", "note", "roadmap_id", "roadmap_version"],
    roadmap.items.map((item) => [item.id, item.title, item.stage, item.section, done.get(item.id)?.doneAt.toISOString() ?? "", done.get(item.id)?.note ?? "", stamp.id, stamp.version]),
  );
}

export function exportJson(roadmap: Roadmap, done: ReadonlyMap<string, DoneItem>, owner: ExportOwner): string {
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
  const { id, title, version } = owner.roadmap;
  return JSON.stringify({ roadmap: id, roadmapTitle: title, roadmapVersion: version, member: owner.memberName, done: items.length, total: roadmap.items.length, items }, null, 2);
}

export function exportFile(format: ExportFormat, roadmap: Roadmap, done: ReadonlyMap<string, DoneItem>, owner: ExportOwner): ExportFile {
  const base = `${roadmap.id}-progress`;
  switch (format) {
    case "markdown":
      return { name: `${base}.md`, contentType: "text/markdown", data: Buffer.from(exportMarkdown(roadmap, done, owner)) };
    case "csv":
      return { name: `${base}.csv`, contentType: "text/csv", data: Buffer.from(exportCsv(roadmap, done, owner.roadmap)) };
    case "json":
      return { name: `${base}.json`, contentType: "application/json", data: Buffer.from(exportJson(roadmap, done, owner)) };
  }
}

export interface GroupRow {
  readonly userId: string;
  readonly itemId: string;
  readonly doneAt: Date;
  readonly note: string | null;
}

/** The whole group's progress on one track, one row per member and done item, for organisers. */
export function exportGroupCsv(roadmap: Roadmap, rows: readonly GroupRow[], stamp: RoadmapStamp): string {
  const records = rows.flatMap((row) => {
    const item = roadmap.item(row.itemId);
    return item ? [[row.userId, item.id, item.title, item.stage, item.section, row.doneAt.toISOString(), row.note ?? "", stamp.id, stamp.version]] : [];
  });
  return writeCsv(["user_id", "item_id", "title", "stage", "section", "done_at", "note", "roadmap_id", "roadmap_version"], records);
}

export interface ImportPlan {
  /** Items the file marks done, in roadmap order, without repeats. */
  readonly done: readonly CatalogueItem[];
  /** Items the file lists as not done (only Markdown `- [ ]` and CSV rows without done_at). */
  readonly notDone: readonly CatalogueItem[];
  /** Lines that look like items but match none, as written (plain text, trimmed). */
  readonly unknown: readonly string[];
  /** The author's pages the file(s) were recognised as (matched by where their boxes stand, through the items' `source`). */
  readonly authorPages: readonly string[];
}

/** Entries matched between two turns of the event loop: a file's worth stays far under 50 ms per turn. */
const MATCHES_PER_TURN = 250;

function matchItem(roadmap: Roadmap, entry: ImportEntry): CatalogueItem | undefined {
  if (entry.tooLong) return undefined;
  const byMarker = entry.marker ? roadmap.item(entry.marker) : undefined;
  if (byMarker) return byMarker;
  const byId = roadmap.item(entry.text.trim());
  if (byId) return byId;
  const exact = roadmap.search.exactMatches(entry.text);
  return exact.length === 1 ? exact[0] : undefined;
}

/**
 * Matches a read file's entries against the roadmap: what an import would check, and what it can't
 * place. A copy of one of the roadmap author's pages is matched by where its boxes stand (the items'
 * `source` lines); anything else by id marker, id or title. Whichever places more lines wins.
 */
export async function planImport(roadmap: Roadmap, entries: readonly ImportEntry[]): Promise<ImportPlan> {
  const byText = await planByText(roadmap, entries);
  const authorPage = matchAuthorPage(roadmap, entries);
  if (!authorPage || authorPage.done.length + authorPage.notDone.length <= byText.done.length + byText.notDone.length) return byText;
  const done = new Set(authorPage.done);
  return {
    done: inOrder(done),
    notDone: inOrder(new Set(authorPage.notDone.filter((item) => !done.has(item)))),
    unknown: authorPage.tickedWithoutItem.map((entry) => entry.text.trim()),
    authorPages: [authorPage.page],
  };
}

async function planByText(roadmap: Roadmap, entries: readonly ImportEntry[]): Promise<ImportPlan> {
  const done = new Set<CatalogueItem>();
  const notDone = new Set<CatalogueItem>();
  const unknown: string[] = [];
  for (const [index, entry] of entries.entries()) {
    if (index > 0 && index % MATCHES_PER_TURN === 0) await setImmediate();
    const item = matchItem(roadmap, entry);
    if (!item) unknown.push(entry.text.trim());
    else if (entry.done) done.add(item);
    else notDone.add(item);
  }
  return { done: inOrder(done), notDone: inOrder(notDone).filter((item) => !done.has(item)), unknown, authorPages: [] };
}

function inOrder(items: ReadonlySet<CatalogueItem>): CatalogueItem[] {
  return [...items].sort((a, b) => a.position - b.position);
}

/** Several files' plans as one: an item any file marks done is done. */
export function mergePlans(plans: readonly ImportPlan[]): ImportPlan {
  const done = new Set(plans.flatMap((plan) => plan.done));
  const notDone = new Set(plans.flatMap((plan) => plan.notDone).filter((item) => !done.has(item)));
  return {
    done: inOrder(done),
    notDone: inOrder(notDone),
    unknown: plans.flatMap((plan) => plan.unknown),
    authorPages: plans.flatMap((plan) => plan.authorPages),
  };
}
