/**
 * What a stage needs besides its items: goal, level and key skills from a hub's stage table
 * ("| Stage | Goal | Job-Ready | Key Skills |"), else from the stage page's opening paragraph and
 * its section titles. Every default is reported, so an author knows what to fill in.
 */
import { cleanTitle } from "./context.ts";
import type { Page } from "./page-tree.ts";
import { cutOnWordBoundary, stripEmoji } from "./text.ts";
import { parseStageTitle, stageTableColumn, yesOrNo } from "./vocabulary.ts";

export interface StageRow {
  goal?: string;
  level?: string;
  keySkills?: string;
}

const MAX_FIELD = 300;
const MAX_LEVEL = 50;

/** Rows of every stage table, by stage number; the first table to mention a stage wins. */
export function stageTableRows(pages: readonly Page[]): Map<number, StageRow> {
  const rows = new Map<number, StageRow>();
  for (const page of pages) {
    for (const table of page.outline.tables) {
      const [header, ...body] = table.rows;
      if (!header) continue;
      const columns = header.map((cell) => stageTableColumn(cell.text));
      for (const row of body) {
        const first = row[0];
        const stage = first ? parseStageTitle(cleanTitle(first.links[0]?.text ?? first.text))?.stage : undefined;
        if (stage === undefined || rows.has(stage)) continue;
        rows.set(stage, rowOf(row.map((cell) => cell.text), columns, header.map((cell) => cell.text)));
      }
    }
  }
  return rows;
}

function rowOf(cells: readonly string[], columns: readonly (string | undefined)[], headers: readonly string[]): StageRow {
  const row: StageRow = {};
  columns.forEach((column, index) => {
    const cell = stripEmoji(cells[index] ?? "");
    if (column === "goal" && cell) row.goal = cutOnWordBoundary(cell, MAX_FIELD);
    if (column === "skills" && cell) row.keySkills = cutOnWordBoundary(cell, MAX_FIELD);
    if (column === "level") row.level = levelOf(cell, stripEmoji(headers[index] ?? ""));
  });
  return row;
}

/** "Yes" → the column's name ("Job-Ready"), "No" or empty → "Foundations", anything else as written. */
function levelOf(cell: string, header: string): string {
  const answer = yesOrNo(cell);
  if (answer === "yes") return cutOnWordBoundary(header || "Job-Ready", MAX_LEVEL);
  if (answer === "no") return "Foundations";
  return cutOnWordBoundary(cell, MAX_LEVEL);
}

/** The stage page's opening paragraph (not its navigation line), as a goal. */
export function openingParagraph(page: Page, maxLength = MAX_FIELD): string | undefined {
  const { paragraphs, titleHeading } = page.outline;
  const opening = paragraphs.find(
    (paragraph) => paragraph.heading === titleHeading && !paragraph.label && !/[←→]/.test(paragraph.text) && paragraph.text.length > 0,
  );
  return opening ? cutOnWordBoundary(stripLabel(opening.text), maxLength) : undefined;
}

/** "Purpose: A roadmap for…" → "A roadmap for…". */
export function stripLabel(text: string): string {
  const match = /^[^:]{1,30}:\s+(.+)$/su.exec(text);
  return match && /^\p{Lu}/u.test(match[1] ?? "") && !/\s{2}/.test(text.slice(0, 30)) ? (match[1] ?? text) : text;
}
