import { parse as parseCsv, CsvError } from "csv-parse/sync";
import type { Html, ListItem, Paragraph, Root } from "mdast";
import { toString } from "mdast-util-to-string";
import { parseTree } from "../catalogue/markdown/parse-tree.ts";
import type { UserMessage } from "../errors.ts";
import { codeSpanText } from "../discord/render/text.ts";
import { readRoadmapCells, readRoadmapMarker, type NamedRoadmap } from "./roadmap-marker.ts";

export type ImportKind = "markdown" | "csv";

/** One line of a member's file that names an item, read but not yet matched against a roadmap. */
export interface ImportEntry {
  /** What the line says, as plain text (Markdown formatting and links reduced to their text). */
  readonly text: string;
  readonly done: boolean;
  /** The item id from an export's `<!-- id -->` marker, when the line has one. */
  readonly marker?: string;
  /** The line is far longer than any item title: shown shortened and never matched. */
  readonly tooLong?: true;
  /** Its 1-based line in a Markdown file: a copy of an author's page is recognised by where its boxes stand. */
  readonly line?: number;
}

/** `roadmap`: the roadmap an export names (files before tracks, and hand-written ones, name none). */
export type ReadResult =
  | { readonly ok: true; readonly entries: readonly ImportEntry[]; readonly roadmap?: NamedRoadmap }
  | { readonly ok: false; readonly problem: UserMessage };

/** An export has one line per item; far more than any roadmap has is not a checklist. */
export const MAX_ITEM_LINES = 5_000;
/**
 * Item titles are under 100 characters and an export's line adds a marker of under 70. Capping
 * the line given to the Markdown parser keeps its cost per line bounded, so the whole file costs
 * time linear in its size whatever the parser does with long emphasis runs (`*a_*a_…`) or lazy
 * continuation lines (`- [x] a\ra\ra…`, which micromark took quadratic time on); that is also why
 * the file is split into lines before the parser sees any of it.
 */
export const MAX_LINE_CHARS = 300;
/**
 * All the item lines together: a whole roadmap's export is about 50 KB. Past this the file is not
 * an export, and reading it would only cost time.
 */
export const MAX_ITEM_TEXT = 128 * 1024;
const SHOWN_CHARS = 100;
/** A header that is not ours is quoted by its first columns, each cut short. */
const SHOWN_COLUMNS = 3;
const SHOWN_COLUMN_CHARS = 30;

/** A task list item's start. Anchored, and each part's characters differ from the next part's, so it cannot backtrack. */
const TASK_START = /^[ \t]*[-*+][ \t]+\[[ xX]\]/;
const LINE_BREAK = /\r\n|\r|\n/;
/** A fenced code block's opening or closing line; a task line inside one is an example, not an item. */
const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})/;
const ID_MARKER = /^<!--[ \t]*([a-z0-9-]{1,100})[ \t]*-->$/;
/** What csv-stringify's `escape_formulas` put before a cell; taken off again so exports re-import. */
const ESCAPED_FORMULA = /^'(?=[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20])/;

/** A refusal as a message key: this runs in a worker with no translator; the member's language is chosen when it is shown. */
function refuse(key: UserMessage["key"], values?: UserMessage["values"]): ReadResult {
  return { ok: false, problem: values ? { key, values } : { key } };
}

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/** The start of a long text, cut between graphemes so no emoji is split in half. */
function shortened(text: string): string {
  if (text.length <= SHOWN_CHARS) return text;
  let kept = "";
  for (const { segment } of graphemes.segment(text.slice(0, SHOWN_CHARS + 20))) {
    if (kept.length + segment.length > SHOWN_CHARS) break;
    kept += segment;
  }
  return `${kept}…`;
}

/** Reads an uploaded file's bytes as a checklist. Everything here is linear in the file's size. */
export function readImportFile(kind: ImportKind, bytes: Uint8Array): ReadResult {
  const text = decodeText(bytes);
  if (typeof text !== "string") return text;
  return kind === "csv" ? readCsv(text) : readMarkdown(text);
}

function decodeText(bytes: Uint8Array): string | ReadResult {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return refuse("import:read.utf16");
  }
  if (bytes.includes(0)) return refuse("import:read.binary");
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const line = lineOfByte(bytes, firstInvalidUtf8(bytes));
    return refuse("import:read.notUtf8", { line });
  }
}

function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** The offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, no surrogates, nothing past U+10FFFF). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    let extra: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead < 0x80) extra = 0;
    else if (lead >= 0xc2 && lead <= 0xdf) extra = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      extra = 2;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      extra = 3;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k <= extra; k++) {
      const next = bytes[i + k];
      const min = k === 1 ? low : 0x80;
      const max = k === 1 ? high : 0xbf;
      if (next === undefined || next < min || next > max) return i;
    }
    i += extra + 1;
  }
  return bytes.length;
}

function readMarkdown(text: string): ReadResult {
  const lines = taskLines(text);
  if (lines.length > MAX_ITEM_LINES) return tooManyLines();
  const parsedChars = lines.reduce((sum, { text: line }) => (line.length > MAX_LINE_CHARS ? sum : sum + line.length), 0);
  if (parsedChars > MAX_ITEM_TEXT) return tooManyLines();
  const entries: ImportEntry[] = [];
  for (const { text: line, number } of lines) {
    if (line.length > MAX_LINE_CHARS) {
      const start = TASK_START.exec(line)![0];
      entries.push({ text: shortened(line.slice(start.length).trim()), done: start.slice(-2, -1) !== " ", tooLong: true, line: number });
      continue;
    }
    const entry = readTaskLine(line.trimStart());
    if (entry) entries.push({ ...entry, line: number });
  }
  const roadmap = namedRoadmap(text);
  return roadmap ? { ok: true, entries, roadmap } : { ok: true, entries };
}

/** An export names its roadmap in a marker line near the top; only the first lines are looked at. */
function namedRoadmap(text: string): NamedRoadmap | undefined {
  for (const line of text.slice(0, 4_096).split(LINE_BREAK).slice(0, 20)) {
    const named = line.length <= MAX_LINE_CHARS ? readRoadmapMarker(line) : undefined;
    if (named) return named;
  }
  return undefined;
}

/** The lines that start a task list item outside fenced code, with their 1-based numbers: one pass over the file. */
function taskLines(text: string): { text: string; number: number }[] {
  const found: { text: string; number: number }[] = [];
  let fence: string | undefined;
  text.split(LINE_BREAK).forEach((line, index) => {
    const marker = FENCE.exec(line)?.[1];
    if (marker !== undefined) {
      // A fence closes with the same character, at least as many times.
      if (fence === undefined) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      return;
    }
    if (fence === undefined && TASK_START.test(line)) found.push({ text: line, number: index + 1 });
  });
  return found;
}

/** One `- [x] Title <!-- id -->` line, read by the importer's Markdown parser (GFM task list items). */
function readTaskLine(line: string): ImportEntry | undefined {
  const root: Root = parseTree(line);
  const list = root.children[0];
  const item = list?.type === "list" ? list.children[0] : undefined;
  if (!item || typeof item.checked !== "boolean") return undefined;
  const paragraph = firstParagraph(item);
  if (!paragraph) return undefined;
  const marker = paragraph.children
    .filter((child): child is Html => child.type === "html")
    .map((child) => ID_MARKER.exec(child.value.trim())?.[1])
    .find((id) => id !== undefined);
  const plain = toString(paragraph, { includeHtml: false }).replace(/\s+/g, " ").trim();
  return { text: plain, done: item.checked, ...(marker ? { marker } : {}) };
}

function firstParagraph(item: ListItem): Paragraph | undefined {
  const first = item.children[0];
  return first?.type === "paragraph" ? first : undefined;
}

function tooManyLines(): ReadResult {
  return refuse("import:read.tooManyLines", { lines: MAX_ITEM_LINES, kilobytes: MAX_ITEM_TEXT / 1024 });
}

function normaliseHeader(name: string): string {
  return name.normalize("NFKC").trim().toLowerCase().replace(/\s+/g, "_");
}

function readCsv(text: string): ReadResult {
  let records: Record<string, string | undefined>[];
  try {
    records = parseCsv(text, {
      columns: (header: string[]) => header.map(normaliseHeader),
      skip_empty_lines: true,
      trim: true,
      bom: true,
      relax_column_count_less: true,
      max_record_size: 64 * 1024,
    }) as Record<string, string | undefined>[];
  } catch (error) {
    if (error instanceof CsvError) return explainCsvError(error);
    throw error;
  }
  const first = records[0];
  if (first === undefined) return { ok: true, entries: [] };
  const columns = Object.keys(first);
  if (!columns.some((column) => column === "item_id" || column === "id" || column === "title")) {
    // Each column is shown in a code span, where markdown is not read: only a backtick could end it,
    // and a bidi control or new line could still reorder our sentence (codeSpanText drops those).
    // The first few, kept short: the answer must stay readable whatever the file's first line.
    const found = columns.slice(0, SHOWN_COLUMNS).map((column): UserMessage => ({ key: "import:read.column", values: { column: codeSpanText(column, SHOWN_COLUMN_CHARS) } }));
    const separator = /[;\t]/.exec(columns[0] ?? "")?.[0];
    const key = separator === undefined ? "import:read.csvColumns" : separator === ";" ? "import:read.csvColumnsSemicolons" : "import:read.csvColumnsTabs";
    return refuse(key, { found });
  }
  if (records.length > MAX_ITEM_LINES) return tooManyLines();
  const roadmap = readRoadmapCells(first);
  return roadmap ? { ok: true, entries: records.map(csvEntry), roadmap } : { ok: true, entries: records.map(csvEntry) };
}

function csvEntry(record: Record<string, string | undefined>): ImportEntry {
  const cell = (record.item_id || record.id || record.title || "").replace(ESCAPED_FORMULA, "");
  const done = record.done_at === undefined ? true : record.done_at !== "";
  return cell.length > MAX_LINE_CHARS ? { text: shortened(cell), done, tooLong: true } : { text: cell, done };
}

function explainCsvError(error: CsvError): ReadResult {
  const where = (error as CsvError & { lines?: number }).lines;
  const line = typeof where === "number" && where > 0 ? where : undefined;
  /** The refusal naming its line, or "a line" when csv-parse did not say which. */
  const atLine = (key: "quoteInValue" | "tooManyValues" | "lineTooLong" | "notCsv") =>
    line === undefined ? refuse(`import:read.${key}Somewhere`) : refuse(`import:read.${key}`, { line });
  // csv-parse 7 names one of its codes without the CSV_ prefix (INVALID_OPENING_QUOTE).
  switch (error.code as string) {
    case "CSV_QUOTE_NOT_CLOSED":
      return refuse("import:read.quoteNotClosed", { line: where ?? "?" });
    case "INVALID_OPENING_QUOTE":
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return atLine("quoteInValue");
    case "CSV_RECORD_INCONSISTENT_COLUMNS":
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH":
      return atLine("tooManyValues");
    case "CSV_MAX_RECORD_SIZE":
      return atLine("lineTooLong");
    default:
      return atLine("notCsv");
  }
}
