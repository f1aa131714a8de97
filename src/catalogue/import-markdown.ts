/**
 * Turns a roadmap author's Markdown pages (a hub page plus one page per stage) into a roadmap file.
 *
 * Pure: no I/O. The caller validates the result with `roadmapFileSchema`; this module only reports
 * what it noticed (counts per stage and section, claimed counts that disagree, skipped lines).
 *
 * Rules chosen here (the CLI's --help repeats the ones an author needs):
 * - Items are checkbox lines (`- [ ]`, `- [x]`, `* [ ]`, indented ones too) under a stage or section
 *   heading. A checkbox carrying a count such as "(0/25 items)" is a tracker line, not an item.
 * - A heading "N.x Title" is section N.x of stage N. Items directly under a "Stage N: Title" heading go
 *   to a section titled like the stage; each unnumbered heading under a stage (not under a numbered
 *   section) starts a section of its own. Those sections take the first free numbers N.1, N.2, ...
 * - When a stage page gives a stage's items, the hub page's checklist for that stage is a summary and
 *   is left out.
 * - Level, from the hub table's "Job-Ready" column: "Yes" → the column's name ("Job-Ready"),
 *   "No" or empty → "Foundations", anything else as written ("**Senior**" → "Senior").
 */
import type { RoadmapFile, RoadmapFileItem, RoadmapFileSection, RoadmapFileStage } from "./schema.ts";
import { MAX_ITEM_TITLE } from "./schema.ts";

export interface MarkdownPage {
  /** Shown in the report, e.g. the file's name. */
  readonly name: string;
  readonly text: string;
}

export interface ImportOptions {
  /** The roadmap's id; defaults to the slug of the hub page's `#` title. */
  readonly id?: string;
}

export interface SectionReport {
  number: string;
  title: string;
  items: number;
  claimed?: number;
}

export interface StageReport {
  number: number;
  title: string;
  items: number;
  claimed?: number;
  sections: SectionReport[];
}

export interface ImportReport {
  stages: StageReport[];
  /** Every claimed count ("(0/15 items)") that differs from the number of items parsed. */
  mismatches: string[];
  /** Lines that looked like items but were skipped, pages without a stage, missing stage data... */
  warnings: string[];
}

export interface ImportResult {
  roadmap: RoadmapFile;
  report: ImportReport;
}

const MAX_SLUG = 48;
const MAX_ID = 64;
const MAX_DESCRIPTION = 500;
const MAX_ROADMAP_DESCRIPTION = 1000;
const MAX_RESOURCES = 10;
const MAX_RESOURCE_TITLE = 200;
const MAX_CRITERION = 200;
const MAX_HEADING_TITLE = 100;
const MAX_STAGE_FIELD = 300;

// ---------------------------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------------------------

/** Emoji and the invisible characters that glue them together (variation selectors, ZWJ, keycaps). */
const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u{FE0E}\u{FE0F}\u{200D}\u{20E3}]/gu;

function stripEmoji(text: string): string {
  return collapseSpaces(text.replace(EMOJI, " "));
}

function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Removes inline Markdown markup (emphasis, code, strike-through, HTML tags, escapes), keeping the text. */
function stripInlineMarkup(text: string): string {
  return collapseSpaces(
    text
      .replace(/<[a-z/][^>]*>/gi, " ")
      .replace(/`([^`]*)`/g, "$1")
      .replace(/(\*\*|__)(.+?)\1/g, "$2")
      .replace(/(^|[^\p{L}\p{N}*])\*(?!\s)([^*]+?)\*(?![\p{L}\p{N}])/gu, "$1$2")
      .replace(/(^|[^\p{L}\p{N}_])_(?!\s)([^_]+?)_(?![\p{L}\p{N}])/gu, "$1$2")
      .replace(/~~(.+?)~~/g, "$1")
      .replace(/\\([\\`*_{}[\]()#+\-.!|~<>])/g, "$1"),
  );
}

interface Resource {
  title: string;
  url: string;
}

const MARKDOWN_LINK = /(!?)\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g;
const AUTOLINK = /<(https?:\/\/[^>\s]+)>/g;
const BARE_URL = /(?<![\w/])https?:\/\/[^\s<>()[\]]*[^\s<>()[\].,;:!?'"]/g;

/** Replaces links by their text and collects the http(s) ones; images are dropped. */
function extractLinks(text: string): { text: string; resources: Resource[] } {
  const resources: Resource[] = [];
  const addResource = (title: string, url: string) => {
    if (/^https?:\/\//i.test(url)) resources.push({ title: collapseSpaces(title) || url, url });
  };
  const withoutLinks = text
    .replace(MARKDOWN_LINK, (_match, image: string, label: string, url: string) => {
      if (image) return " ";
      addResource(stripInlineMarkup(label), url);
      return label;
    })
    .replace(AUTOLINK, "$1")
    .replace(BARE_URL, (url) => {
      addResource(url, url);
      return url;
    });
  return { text: withoutLinks, resources };
}

/** Plain text of a Markdown fragment: link text kept, markup removed. */
function plainText(markdown: string): string {
  return stripInlineMarkup(extractLinks(markdown).text);
}

/** Plain text without emoji, for headings, table cells, criteria and milestones. */
function cleanLabel(markdown: string): string {
  return stripEmoji(plainText(markdown));
}

const LETTER_FOLDS: Readonly<Record<string, string>> = {
  ß: "ss", æ: "ae", œ: "oe", ø: "o", đ: "d", ð: "d", ł: "l", þ: "th", ı: "i",
};

/** Lower-case kebab-case ASCII slug, cut on a word boundary to at most `maxLength` characters. */
export function slugify(text: string, maxLength = MAX_SLUG): string {
  const folded = text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[ßæœøđðłþı]/g, (letter) => LETTER_FOLDS[letter] ?? "");
  const slug = folded.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return cutSlug(slug, maxLength);
}

function cutSlug(slug: string, maxLength: number): string {
  if (slug.length <= maxLength) return slug;
  const lastHyphen = slug.slice(0, maxLength + 1).lastIndexOf("-");
  const cut = lastHyphen > 0 ? slug.slice(0, lastHyphen) : slug.slice(0, maxLength);
  return cut.replace(/-+$/, "");
}

/** Cuts text to at most `maxLength` characters on a word boundary, ending with "…". */
function cutOnWordBoundary(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const room = text.slice(0, maxLength - 1);
  const lastSpace = room.lastIndexOf(" ");
  let cut = lastSpace >= maxLength / 2 ? room.slice(0, lastSpace) : room;
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.replace(/[\s,;:.\-–—(]+$/u, "")}…`;
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Mojibake
// ---------------------------------------------------------------------------------------------

/** Character → byte for the upper half of single-byte encodings that UTF-8 files get misread as. */
function upperHalfBytes(encoding: string): ReadonlyMap<string, number> {
  const decoder = new TextDecoder(encoding);
  const table = new Map<string, number>();
  for (let byte = 0x80; byte <= 0xff; byte++) table.set(decoder.decode(Uint8Array.of(byte)), byte);
  return table;
}

const MISREAD_ENCODINGS: readonly { readonly name: string; readonly bytes: ReadonlyMap<string, number> }[] = [
  { name: "Mac Roman", bytes: upperHalfBytes("macintosh") },
  { name: "Windows-1252", bytes: upperHalfBytes("windows-1252") },
];

/**
 * Undoes UTF-8 that was decoded as Mac Roman or Windows-1252 and saved again ("‚úÖ" for "✅").
 * Only when the whole text converts back to bytes that are valid UTF-8, so genuine text is left alone.
 */
export function repairMojibake(text: string): { text: string; misreadAs?: string } {
  if (/^[\x00-\x7f]*$/.test(text)) return { text };
  for (const encoding of MISREAD_ENCODINGS) {
    const repaired = reencodeAsUtf8(text, encoding.bytes);
    if (repaired !== undefined && repaired !== text) return { text: repaired, misreadAs: encoding.name };
  }
  return { text };
}

function reencodeAsUtf8(text: string, upperHalf: ReadonlyMap<string, number>): string | undefined {
  const bytes: number[] = [];
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    const byte = code < 0x80 ? code : upperHalf.get(character);
    if (byte === undefined) return undefined;
    bytes.push(byte);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Lines
// ---------------------------------------------------------------------------------------------

type MarkdownLine =
  | { kind: "heading"; level: number; text: string }
  | { kind: "checkbox"; indent: number; text: string }
  | { kind: "bullet"; indent: number; text: string }
  | { kind: "bold-heading"; text: string }
  | { kind: "table-row"; cells: string[] }
  | { kind: "text"; indent: number; text: string }
  | { kind: "blank" };

interface NumberedLine {
  line: MarkdownLine;
  /** 1-based, for messages. */
  number: number;
}

function indentOf(whitespace: string): number {
  return whitespace.replace(/\t/g, "    ").length;
}

function classifyLine(raw: string): MarkdownLine {
  if (raw.trim() === "" || /^\s*([-*_])(?:\s*\1){2,}\s*$/.test(raw)) return { kind: "blank" };
  const heading = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/.exec(raw);
  if (heading) return { kind: "heading", level: heading[1]!.length, text: heading[2]! };
  const bullet = /^(\s*)(?:[-*+]|\d+[.)])\s+(.*)$/.exec(raw);
  if (bullet) {
    const indent = indentOf(bullet[1]!);
    const checkbox = /^\[[ xX]\](?:\s+(.*))?$/.exec(bullet[2]!.trim());
    if (checkbox) return { kind: "checkbox", indent, text: (checkbox[1] ?? "").trim() };
    return { kind: "bullet", indent, text: bullet[2]!.trim() };
  }
  const bold = /^\s*(?:\*\*|__)([^*_].*?)(?:\*\*|__)\s*:?\s*$/.exec(raw);
  if (bold) return { kind: "bold-heading", text: bold[1]! };
  const row = /^\s*\|(.*)\|\s*$/.exec(raw);
  if (row) return { kind: "table-row", cells: row[1]!.split(/(?<!\\)\|/).map((cell) => cell.trim()) };
  const text = /^(\s*)(.*)$/.exec(raw)!;
  return { kind: "text", indent: indentOf(text[1]!), text: text[2]!.trim() };
}

/** Classified lines, leaving out fenced code blocks and HTML comments. */
function readLines(text: string): NumberedLine[] {
  const lines: NumberedLine[] = [];
  let fence: string | undefined;
  let inComment = false;
  text.split(/\r?\n/).forEach((raw, index) => {
    const fenceMark = /^\s*(```|~~~)/.exec(raw)?.[1];
    if (fence) {
      if (fenceMark === fence) fence = undefined;
      return;
    }
    if (fenceMark) {
      fence = fenceMark;
      return;
    }
    if (inComment || raw.trim().startsWith("<!--")) {
      inComment = !raw.includes("-->");
      return;
    }
    lines.push({ line: classifyLine(raw), number: index + 1 });
  });
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Recognising headings, claims and tracker lines
// ---------------------------------------------------------------------------------------------

const STAGE_TITLE = /^stage\s+(\d+)\s*(?:[:.\-–—]\s*(.*))?$/i;
const SECTION_TITLE = /^(\d+(?:\.\d+)+)\.?\s+(.+)$/;
const CLAIM = /\(\s*(?:\d+\s*\/\s*)?(\d+)\s+items?\s*\)/i;
const PROGRESS_TOTAL = /^(?:total|overall|stage)\s+progress\s*:?\s*\d+\s*\/\s*(\d+)\s+items?\b/i;

/** "(0/25 items)" in a heading or tracker line: the claimed count and the text without it. */
function extractClaim(text: string): { text: string; claimed?: number } {
  const match = CLAIM.exec(text);
  if (!match) return { text };
  return { text: collapseSpaces(text.replace(CLAIM, " ")), claimed: Number(match[1]) };
}

function parseStageTitle(text: string): { stage: number; title: string } | undefined {
  const match = STAGE_TITLE.exec(text);
  if (!match) return undefined;
  return { stage: Number(match[1]), title: (match[2] ?? "").trim() };
}

function parseSectionTitle(text: string): { number: string; title: string } | undefined {
  const match = SECTION_TITLE.exec(text);
  if (!match) return undefined;
  return { number: match[1]!, title: match[2]!.trim() };
}

function stageOfSection(number: string): number {
  return Number(number.split(".")[0]);
}

type HeadingContext =
  | { kind: "stage"; stage: number; title: string }
  | { kind: "section"; stage: number; number: string; title: string }
  | { kind: "tracker" }
  | { kind: "milestones" }
  | { kind: "criteria"; stage?: number; levelHint?: string }
  | { kind: "plain"; title: string };

function classifyHeading(title: string): HeadingContext {
  const stage = parseStageTitle(title);
  if (stage) return { kind: "stage", ...stage };
  const section = parseSectionTitle(title);
  if (section) return { kind: "section", stage: stageOfSection(section.number), ...section };
  const lower = title.toLowerCase();
  const after = /^after\s+stage\s+(\d+)\b(?:.*?\((.+)\))?/.exec(lower);
  if (after) {
    const hint = /\((.+)\)/.exec(title)?.[1]?.replace(/\s+level$/i, "").trim();
    return { kind: "criteria", stage: Number(after[1]), ...(hint ? { levelHint: hint } : {}) };
  }
  if (/completion criteria|criteria summary/.test(lower)) return { kind: "criteria" };
  if (/^(?:timeline\s+)?milestones$/.test(lower)) return { kind: "milestones" };
  if (/\bprogress$|progress tracker|track(?:ing)?\s+(?:your\s+)?progress/.test(lower)) return { kind: "tracker" };
  return { kind: "plain", title };
}

type ClaimTarget =
  | { kind: "roadmap" }
  | { kind: "stage"; stage: number }
  | { kind: "section"; number: string }
  | { kind: "title"; stage?: number; title: string };

interface Claim {
  target: ClaimTarget;
  count: number;
  page: string;
}

/** What a tracker line ("Stage 1: Foundational Skills", "2.1 AI APIs", "AI APIs") counts. */
function claimTargetOf(label: string, pageStage: number | undefined): ClaimTarget {
  const stage = parseStageTitle(label);
  if (stage) return { kind: "stage", stage: stage.stage };
  const section = parseSectionTitle(label);
  if (section) return { kind: "section", number: section.number };
  return pageStage === undefined ? { kind: "title", title: label } : { kind: "title", stage: pageStage, title: label };
}

// ---------------------------------------------------------------------------------------------
// One page
// ---------------------------------------------------------------------------------------------

interface RawItem {
  text: string;
  indent: number;
  /** Lines continuing the item's text. */
  continuation: string[];
  /** Plain bullets nested under the item: extra description and resources. */
  subBullets: string[];
  where: string;
}

interface SectionBlock {
  key: string;
  stage: number;
  /** The author's number; unnumbered sections get theirs when the stage is assembled. */
  number?: string;
  /** Undefined for items directly under a stage heading: the section takes the stage's title. */
  title?: string;
  page: string;
  items: RawItem[];
  skippedBullets: string[];
}

interface StageRow {
  stage: number;
  title: string;
  goal: string;
  level: string;
  keySkills: string;
}

interface RawMilestone {
  text: string;
  where: string;
}

interface ParsedPage {
  name: string;
  title?: string;
  /** The stage the page is about: from its `#` title or its first numbered section. */
  stage?: number;
  purpose?: string;
  stageRows: StageRow[];
  stageTitles: Map<number, string>;
  sectionTitles: Map<string, string>;
  blocks: SectionBlock[];
  claims: Claim[];
  milestones: RawMilestone[];
  criteria: Map<number, string[]>;
  levelHints: Map<number, string>;
  warnings: string[];
}

interface HeadingFrame {
  level: number;
  key: string;
  context: HeadingContext;
}

type Region =
  | { kind: "outside" }
  | { kind: "items"; key: string; stage: number; number?: string; title?: string }
  | { kind: "tracker" }
  | { kind: "milestones" }
  | { kind: "criteria"; stage?: number };

/**
 * Where a line belongs, from the headings above it. A tracker, milestones or criteria heading rules
 * everything beneath it (a "### Stage 1" under "## Progress Tracker" is still tracker); otherwise the
 * nearest numbered section, else the nearest unnumbered heading below a stage, else the stage itself.
 */
function regionOf(frames: readonly HeadingFrame[], pageStage: number | undefined): Region {
  const special = frames.findLast(({ context }) => ["tracker", "milestones", "criteria"].includes(context.kind))?.context;
  if (special?.kind === "tracker" || special?.kind === "milestones") return { kind: special.kind };
  if (special?.kind === "criteria") return special.stage === undefined ? { kind: "criteria" } : { kind: "criteria", stage: special.stage };
  let unnumbered: HeadingFrame | undefined;
  for (let index = frames.length - 1; index >= 0; index--) {
    const frame = frames[index]!;
    const context = frame.context;
    if (context.kind === "section") {
      return { kind: "items", key: `section:${context.number}`, stage: context.stage, number: context.number, title: context.title };
    }
    if (context.kind === "stage") {
      return unnumberedRegion(unnumbered, context.stage) ?? { kind: "items", key: frame.key, stage: context.stage };
    }
    if (context.kind === "plain") unnumbered ??= frame;
  }
  if (pageStage === undefined) return { kind: "outside" };
  return unnumberedRegion(unnumbered, pageStage) ?? { kind: "items", key: "page", stage: pageStage };
}

function unnumberedRegion(frame: HeadingFrame | undefined, stage: number): Region | undefined {
  if (!frame || frame.context.kind !== "plain") return undefined;
  return { kind: "items", key: frame.key, stage, title: frame.context.title };
}

function detectPageStage(lines: readonly NumberedLine[]): number | undefined {
  const headings = lines.flatMap(({ line }) => (line.kind === "heading" ? [line] : []));
  const title = headings.find((heading) => heading.level === 1);
  const titleStage = title ? parseStageTitle(extractClaim(cleanLabel(title.text)).text) : undefined;
  if (titleStage) return titleStage.stage;
  for (const heading of headings) {
    const section = parseSectionTitle(cleanLabel(heading.text));
    if (section) return stageOfSection(section.number);
  }
  return undefined;
}

interface PageWalk {
  page: ParsedPage;
  frames: HeadingFrame[];
  openItem?: RawItem;
  previousBlank: boolean;
  table: string[][];
  readingPurpose: boolean;
}

function parsePage(name: string, text: string): ParsedPage {
  const lines = readLines(text);
  const stage = detectPageStage(lines);
  const page: ParsedPage = {
    name,
    ...(stage === undefined ? {} : { stage }),
    stageRows: [],
    stageTitles: new Map(),
    sectionTitles: new Map(),
    blocks: [],
    claims: [],
    milestones: [],
    criteria: new Map(),
    levelHints: new Map(),
    warnings: [],
  };
  const walk: PageWalk = { page, frames: [], previousBlank: true, table: [], readingPurpose: false };
  for (const { line, number } of lines) {
    if (line.kind !== "table-row") finishTable(walk);
    readLine(walk, line, `${name}:${number}`);
    walk.previousBlank = line.kind === "blank";
  }
  finishTable(walk);
  return page;
}

function readLine(walk: PageWalk, line: MarkdownLine, where: string): void {
  switch (line.kind) {
    case "heading":
      return readHeading(walk, line.level, line.text, where);
    case "checkbox":
      return readCheckbox(walk, line.indent, line.text, where);
    case "bullet":
      return readBullet(walk, line.indent, line.text, where);
    case "text":
      return readText(walk, line.indent, line.text);
    case "table-row":
      walk.table.push(line.cells);
      return;
    case "bold-heading":
      walk.openItem = undefined;
      walk.readingPurpose = false;
      return;
    case "blank":
      walk.readingPurpose = false;
      return;
  }
}

function readHeading(walk: PageWalk, level: number, text: string, where: string): void {
  walk.openItem = undefined;
  walk.readingPurpose = false;
  while ((walk.frames.at(-1)?.level ?? 0) >= level) walk.frames.pop();
  const { text: title, claimed } = extractClaim(cleanLabel(text));
  const context = classifyHeading(title);
  walk.frames.push({ level, key: `heading:${where}`, context });
  const page = walk.page;
  if (level === 1 && page.title === undefined) page.title = title;
  if (context.kind === "stage" && context.title && !page.stageTitles.has(context.stage)) {
    page.stageTitles.set(context.stage, context.title);
  }
  if (context.kind === "section") noteSectionHeading(page, context.number, context.title, where);
  if (context.kind === "criteria" && context.stage !== undefined && context.levelHint) {
    page.levelHints.set(context.stage, context.levelHint);
  }
  const target = claimed === undefined ? undefined : headingClaimTarget(context, page.stage);
  if (target && claimed !== undefined) page.claims.push({ target, count: claimed, page: page.name });
}

function noteSectionHeading(page: ParsedPage, number: string, title: string, where: string): void {
  if (page.stage !== undefined && stageOfSection(number) !== page.stage) {
    page.warnings.push(`${where}: section ${number} is numbered for stage ${stageOfSection(number)} on a page about stage ${page.stage}; it goes to stage ${stageOfSection(number)}`);
  }
  if (!page.sectionTitles.has(number)) page.sectionTitles.set(number, title);
}

function headingClaimTarget(context: HeadingContext, pageStage: number | undefined): ClaimTarget | undefined {
  if (context.kind === "stage") return { kind: "stage", stage: context.stage };
  if (context.kind === "section") return { kind: "section", number: context.number };
  if (context.kind !== "plain") return undefined;
  return claimTargetOf(context.title, pageStage);
}

function readCheckbox(walk: PageWalk, indent: number, text: string, where: string): void {
  walk.readingPurpose = false;
  const page = walk.page;
  if (readTrackerLine(page, text)) {
    walk.openItem = undefined;
    return;
  }
  const region = regionOf(walk.frames, page.stage);
  switch (region.kind) {
    case "items":
      return addItem(walk, region, indent, text, where);
    case "milestones":
      page.milestones.push({ text, where });
      return;
    case "criteria":
      return addCriterion(page, region.stage, text, where);
    case "tracker":
      page.warnings.push(`${where}: progress-tracker line without an "(n/m items)" count, skipped: "${plainText(text)}"`);
      return;
    case "outside":
      if (text) page.warnings.push(`${where}: checklist line outside any stage, skipped: "${plainText(text)}"`);
      return;
  }
}

/** A checkbox or bullet carrying "(0/25 items)" summarises a stage or section: keep only its count. */
function readTrackerLine(page: ParsedPage, text: string): boolean {
  const { text: label, claimed } = extractClaim(cleanLabel(text));
  if (claimed === undefined) return false;
  const target = claimTargetOf(label, page.stage);
  if (target.kind === "section") {
    if (!page.sectionTitles.has(target.number)) page.sectionTitles.set(target.number, parseSectionTitle(label)?.title ?? label);
  }
  page.claims.push({ target, count: claimed, page: page.name });
  return true;
}

function addItem(walk: PageWalk, region: Extract<Region, { kind: "items" }>, indent: number, text: string, where: string): void {
  if (!text) {
    walk.page.warnings.push(`${where}: empty checklist line, skipped`);
    return;
  }
  const item: RawItem = { text, indent, continuation: [], subBullets: [], where };
  blockFor(walk.page, region).items.push(item);
  walk.openItem = item;
}

function blockFor(page: ParsedPage, region: Extract<Region, { kind: "items" }>): SectionBlock {
  const existing = page.blocks.find((block) => block.key === region.key);
  if (existing) return existing;
  const block: SectionBlock = {
    key: region.key,
    stage: region.stage,
    ...(region.number === undefined ? {} : { number: region.number }),
    ...(region.title === undefined ? {} : { title: region.title }),
    page: page.name,
    items: [],
    skippedBullets: [],
  };
  page.blocks.push(block);
  return block;
}

function readBullet(walk: PageWalk, indent: number, text: string, where: string): void {
  walk.readingPurpose = false;
  const page = walk.page;
  const region = regionOf(walk.frames, page.stage);
  if (region.kind === "tracker" && readTrackerLine(page, text)) return;
  if (region.kind === "milestones") {
    page.milestones.push({ text, where });
    return;
  }
  if (region.kind === "criteria") return addCriterion(page, region.stage, text, where);
  if (region.kind !== "items") return;
  if (walk.openItem && indent > walk.openItem.indent) {
    walk.openItem.subBullets.push(text);
    return;
  }
  walk.openItem = undefined;
  blockFor(page, region).skippedBullets.push(`${where}: list line without a checkbox, skipped: "${plainText(text)}"`);
}

function readText(walk: PageWalk, indent: number, text: string): void {
  const page = walk.page;
  const item = walk.openItem;
  if (item && (indent > item.indent || !walk.previousBlank)) {
    item.continuation.push(text);
    return;
  }
  walk.openItem = undefined;
  const progress = PROGRESS_TOTAL.exec(plainText(text));
  if (progress) {
    const target: ClaimTarget = page.stage === undefined ? { kind: "roadmap" } : { kind: "stage", stage: page.stage };
    page.claims.push({ target, count: Number(progress[1]), page: page.name });
    return;
  }
  const purpose = /^(?:\*\*|__)purpose:?(?:\*\*|__):?\s*(.*)$/i.exec(text);
  if (purpose && page.purpose === undefined) {
    page.purpose = purpose[1] ?? "";
    walk.readingPurpose = true;
  } else if (walk.readingPurpose) {
    page.purpose = `${page.purpose ?? ""} ${text}`;
  }
}

function addCriterion(page: ParsedPage, regionStage: number | undefined, text: string, where: string): void {
  const stage = regionStage ?? page.stage;
  const criterion = cleanLabel(text);
  if (!criterion) return;
  if (stage === undefined) {
    page.warnings.push(`${where}: completion criterion without a stage (expected under "### After Stage N"), skipped: "${criterion}"`);
    return;
  }
  const list = page.criteria.get(stage) ?? [];
  list.push(cutOnWordBoundary(criterion, MAX_CRITERION));
  page.criteria.set(stage, list);
}

// ---------------------------------------------------------------------------------------------
// The hub page's stage table
// ---------------------------------------------------------------------------------------------

function finishTable(walk: PageWalk): void {
  if (walk.table.length === 0) return;
  walk.page.stageRows.push(...stageRowsOf(walk.table));
  walk.table = [];
}

function isSeparatorRow(cells: readonly string[]): boolean {
  return cells.every((cell) => /^:?-{1,}:?$/.test(cell));
}

/** Rows of a `| Stage | Goal | Job-Ready | Key Skills |` table; nothing for other tables. */
function stageRowsOf(table: readonly string[][]): StageRow[] {
  const [header, ...rows] = table;
  if (!header) return [];
  const columns = header.map((cell) => cleanLabel(cell).toLowerCase());
  const stageColumn = columns.findIndex((name) => name === "stage");
  if (stageColumn < 0) return [];
  const goalColumn = columns.findIndex((name) => /goal/.test(name));
  const levelColumn = columns.findIndex((name) => /job.?ready|level/.test(name));
  const skillsColumn = columns.findIndex((name) => /skills/.test(name));
  const titleColumn = columns.findIndex((name) => /^(title|name)$/.test(name));
  const levelHeader = levelColumn >= 0 ? cleanLabel(header[levelColumn]!) : "";
  return rows
    .filter((cells) => !isSeparatorRow(cells))
    .flatMap((cells) => {
      const cell = (column: number) => (column >= 0 ? cleanLabel(cells[column] ?? "") : "");
      const stage = parseStageCell(cell(stageColumn), cell(titleColumn));
      if (!stage) return [];
      return [{ ...stage, goal: cell(goalColumn), level: levelFromCell(cell(levelColumn), levelHeader), keySkills: cell(skillsColumn) }];
    });
}

function parseStageCell(text: string, titleCell: string): { stage: number; title: string } | undefined {
  const stage = parseStageTitle(text) ?? (/^\d+$/.test(text) ? { stage: Number(text), title: "" } : undefined);
  if (!stage) return undefined;
  return { stage: stage.stage, title: stage.title || titleCell };
}

/** "Yes" → the column's name ("Job-Ready"); "No"/empty → "Foundations"; anything else as written. */
function levelFromCell(cell: string, header: string): string {
  if (/level/i.test(header)) return cell;
  if (/^(yes|y|true|✓|✔)$/i.test(cell)) return header || "Job-Ready";
  if (/^(no|n|false|-|–|—|✗|✘)?$/i.test(cell)) return "Foundations";
  return cell;
}

// ---------------------------------------------------------------------------------------------
// Items
// ---------------------------------------------------------------------------------------------

interface ItemDraft {
  title: string;
  description?: string;
  resources: Resource[];
  /** What the id is made from: the bold term, else the title. */
  slugSource: string;
}

/** "**Term** - description", "**Term**: description", "**Term:** description". */
function splitTerm(text: string): { term: string; rest: string } | undefined {
  const match = /^(\*\*|__)(.+?)\1(.*)$/.exec(text.trim());
  if (!match) return undefined;
  const term = match[2]!.trim();
  const rest = match[3]!;
  if (term.endsWith(":")) return { term: term.slice(0, -1).trim(), rest: rest.trim() };
  if (rest.trim() === "") return { term, rest: "" };
  const separated = /^\s*(?::|\s[-–—])\s*(.*)$/.exec(rest);
  return separated ? { term, rest: separated[1]!.trim() } : undefined;
}

function draftItem(raw: RawItem, warnings: string[]): ItemDraft | undefined {
  const { text: linkless, resources } = extractLinks([raw.text, ...raw.continuation].join(" "));
  const main = titleAndDescription(linkless);
  if (!main) {
    warnings.push(`${raw.where}: checklist line without text, skipped`);
    return undefined;
  }
  const details = raw.subBullets.map((bullet) => extractLinks(bullet));
  const extraLines = details.map((detail) => stripInlineMarkup(detail.text)).filter((line, index) => !isOnlyLinkText(line, details[index]!.resources));
  const description = [main.description, ...extraLines].filter((part): part is string => Boolean(part)).join("\n");
  return {
    title: main.title,
    ...(description ? { description: fitDescription(description, raw.where, warnings) } : {}),
    resources: fitResources([...resources, ...details.flatMap((detail) => detail.resources)], raw.where, warnings),
    slugSource: main.slugSource,
  };
}

function titleAndDescription(linkless: string): { title: string; description?: string; slugSource: string } | undefined {
  const term = splitTerm(linkless);
  if (term) {
    const name = stripInlineMarkup(term.term);
    const rest = stripInlineMarkup(term.rest);
    const combined = rest ? `${name}: ${rest}` : name;
    if (!name) return undefined;
    if (combined.length <= MAX_ITEM_TITLE) return { title: combined, slugSource: name };
    if (name.length <= MAX_ITEM_TITLE) return { title: name, description: rest, slugSource: name };
    return { title: cutOnWordBoundary(name, MAX_ITEM_TITLE), description: combined, slugSource: name };
  }
  const text = stripInlineMarkup(linkless);
  if (!text) return undefined;
  if (text.length <= MAX_ITEM_TITLE) return { title: text, slugSource: text };
  return { title: cutOnWordBoundary(text, MAX_ITEM_TITLE), description: text, slugSource: text };
}

/** A nested bullet that is just a link adds a resource, not a line of description. */
function isOnlyLinkText(line: string, resources: readonly Resource[]): boolean {
  const linkText = resources.map((resource) => resource.title).join(" ");
  return resources.length > 0 && line.replace(/[\s,;:|\-–—]+/g, " ").trim() === linkText;
}

function fitDescription(description: string, where: string, warnings: string[]): string {
  if (description.length <= MAX_DESCRIPTION) return description;
  warnings.push(`${where}: description longer than ${MAX_DESCRIPTION} characters, cut`);
  return cutOnWordBoundary(description, MAX_DESCRIPTION);
}

function fitResources(resources: readonly Resource[], where: string, warnings: string[]): Resource[] {
  const unique = resources.filter((resource, index) => resources.findIndex((other) => other.url === resource.url) === index);
  if (unique.length > MAX_RESOURCES) {
    warnings.push(`${where}: ${unique.length} links, only the first ${MAX_RESOURCES} kept as resources`);
  }
  return unique.slice(0, MAX_RESOURCES).map((resource) => ({
    title: cutOnWordBoundary(resource.title, MAX_RESOURCE_TITLE),
    url: resource.url,
  }));
}

/** The item's slug, else prefixed with its section's slug, else numbered: stable for the same pages. */
function uniqueItemId(slugSource: string, sectionSlug: string, taken: Set<string>): string {
  const base = slugify(slugSource) || "item";
  if (!taken.has(base)) return base;
  const prefixed = cutSlug(`${sectionSlug}-${base}`, MAX_ID - 4);
  if (!taken.has(prefixed)) return prefixed;
  let counter = 2;
  while (taken.has(`${prefixed}-${counter}`)) counter++;
  return `${prefixed}-${counter}`;
}

// ---------------------------------------------------------------------------------------------
// Milestones
// ---------------------------------------------------------------------------------------------

type RoadmapMilestone = RoadmapFile["milestones"][number];

/** "Stage 1 complete (foundational skills job-ready criteria met)" → title, description, stage 1. */
function parseMilestone(raw: RawMilestone, warnings: string[]): Omit<RoadmapMilestone, "id"> | undefined {
  const text = cleanLabel(raw.text);
  const parts = /^(.+?)\s*\((.+)\)\s*$/.exec(text) ?? /^(.+?)\s+[-–—:]\s+(.+)$/.exec(text);
  const title = (parts?.[1] ?? text).trim();
  const description = upperFirst((parts?.[2] ?? text).trim());
  const stage = /\bstage\s+(\d+)\b/i.exec(text)?.[1];
  if (!title) return undefined;
  if (stage === undefined) {
    warnings.push(`${raw.where}: milestone without "Stage N" in it, skipped: "${text}"`);
    return undefined;
  }
  return {
    title: cutOnWordBoundary(title, MAX_HEADING_TITLE),
    description: cutOnWordBoundary(description, MAX_STAGE_FIELD),
    stage: Number(stage),
  };
}

function buildMilestones(pages: readonly ParsedPage[], stageNumbers: ReadonlySet<number>, warnings: string[]): RoadmapMilestone[] {
  const taken = new Set<string>();
  return pages.flatMap((page) => page.milestones).flatMap((raw) => {
    const milestone = parseMilestone(raw, warnings);
    if (!milestone) return [];
    if (!stageNumbers.has(milestone.stage)) {
      warnings.push(`${raw.where}: milestone for stage ${milestone.stage}, which has no items, skipped`);
      return [];
    }
    const id = uniqueItemId(milestone.title, "milestone", taken);
    taken.add(id);
    return [{ id, ...milestone }];
  });
}

// ---------------------------------------------------------------------------------------------
// Assembling the roadmap
// ---------------------------------------------------------------------------------------------

interface DraftSection {
  number: string;
  title: string;
  items: RawItem[];
}

/** The page with the stage table, else the first page that is not about one stage. */
function findHub(pages: readonly ParsedPage[]): ParsedPage | undefined {
  return pages.find((page) => page.stageRows.length > 0) ?? pages.find((page) => page.stage === undefined);
}

function stageNumbersOf(pages: readonly ParsedPage[]): number[] {
  const numbers = new Set<number>();
  for (const page of pages) {
    page.stageRows.forEach((row) => numbers.add(row.stage));
    page.blocks.forEach((block) => numbers.add(block.stage));
  }
  return [...numbers].sort((a, b) => a - b);
}

/** The stage's item blocks: stage pages win over the hub page's summary checklist. */
function blocksOfStage(stage: number, pages: readonly ParsedPage[], hub: ParsedPage | undefined, warnings: string[]): SectionBlock[] {
  const withItems = (page: ParsedPage) => page.blocks.filter((block) => block.stage === stage && block.items.length > 0);
  const fromStagePages = pages.filter((page) => page !== hub).flatMap(withItems);
  const fromHub = hub ? withItems(hub) : [];
  if (fromStagePages.length === 0) return fromHub;
  if (fromHub.length > 0) {
    const count = fromHub.reduce((sum, block) => sum + block.items.length, 0);
    warnings.push(`Stage ${stage}: the ${count} checklist items on ${hub!.name} were left out: ${[...new Set(fromStagePages.map((block) => block.page))].join(", ")} gives the stage's full list`);
  }
  return fromStagePages;
}

/**
 * Merges blocks with the same number, numbers the unnumbered ones N.1, N.2, ... (first free number),
 * and orders the sections by number.
 */
function draftSections(stage: number, stageTitle: string, blocks: readonly SectionBlock[], warnings: string[]): DraftSection[] {
  const used = new Set(blocks.flatMap((block) => (block.number === undefined ? [] : [block.number])));
  let next = 1;
  const nextFreeNumber = () => {
    while (used.has(`${stage}.${next}`)) next++;
    used.add(`${stage}.${next}`);
    return `${stage}.${next}`;
  };
  const sections: DraftSection[] = [];
  for (const block of blocks) {
    block.skippedBullets.forEach((warning) => warnings.push(warning));
    const existing = block.number === undefined ? undefined : sections.find((section) => section.number === block.number);
    if (existing) {
      existing.items.push(...block.items);
      continue;
    }
    sections.push({ number: block.number ?? nextFreeNumber(), title: block.title ?? stageTitle, items: [...block.items] });
  }
  return sections.sort((a, b) => compareSectionNumbers(a.number, b.number));
}

/** "2.10" after "2.9"; "2.3" before "2.3.1". */
function compareSectionNumbers(a: string, b: string): number {
  const left = a.split(".").map(Number);
  const right = b.split(".").map(Number);
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? -1) - (right[index] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}

function stageTitleOf(stage: number, pages: readonly ParsedPage[]): string {
  const row = pages.flatMap((page) => page.stageRows).find((candidate) => candidate.stage === stage && candidate.title);
  const stagePage = pages.find((page) => page.stage === stage && page.stageTitles.has(stage));
  const heading = pages.find((page) => page.stageTitles.has(stage));
  return row?.title ?? stagePage?.stageTitles.get(stage) ?? heading?.stageTitles.get(stage) ?? `Stage ${stage}`;
}

interface StageMetadata {
  goal: string;
  level: string;
  keySkills: string;
  completionCriteria: string[];
}

function stageMetadata(stage: number, pages: readonly ParsedPage[], warnings: string[]): StageMetadata {
  const row = pages.flatMap((page) => page.stageRows).find((candidate) => candidate.stage === stage);
  const levelHint = pages.find((page) => page.levelHints.has(stage))?.levelHints.get(stage);
  const criteria = pages.find((page) => page.criteria.has(stage))?.criteria.get(stage) ?? [];
  const metadata = {
    goal: cutOnWordBoundary(row?.goal ?? "", MAX_STAGE_FIELD),
    level: row?.level || levelHint || "",
    keySkills: cutOnWordBoundary(row?.keySkills ?? "", MAX_STAGE_FIELD),
    completionCriteria: criteria,
  };
  if (!row) warnings.push(`Stage ${stage} is not in a "| Stage | Goal | Job-Ready | Key Skills |" table: it has no goal, level or key skills`);
  if (criteria.length === 0) warnings.push(`Stage ${stage} has no completion criteria (expected a list under "### After Stage ${stage}")`);
  return metadata;
}

function buildStages(pages: readonly ParsedPage[], hub: ParsedPage | undefined, warnings: string[]): RoadmapFileStage[] {
  const taken = new Set<string>();
  return stageNumbersOf(pages).flatMap((stage) => {
    const title = cutOnWordBoundary(stageTitleOf(stage, pages), MAX_HEADING_TITLE);
    const sections = draftSections(stage, title, blocksOfStage(stage, pages, hub, warnings), warnings)
      .map((section) => buildSection(section, taken, warnings))
      .filter((section) => section.items.length > 0);
    if (sections.length === 0) {
      warnings.push(`Stage ${stage} "${title}" has no checklist items, left out`);
      return [];
    }
    return [{ number: stage, title, ...stageMetadata(stage, pages, warnings), sections }];
  });
}

function buildSection(section: DraftSection, taken: Set<string>, warnings: string[]): RoadmapFileSection {
  const title = cutOnWordBoundary(section.title, MAX_HEADING_TITLE);
  const sectionSlug = slugify(title) || section.number.replace(/\./g, "-");
  const items = section.items.flatMap((raw): RoadmapFileItem[] => {
    const draft = draftItem(raw, warnings);
    if (!draft) return [];
    const id = uniqueItemId(draft.slugSource, sectionSlug, taken);
    taken.add(id);
    return [
      {
        id,
        title: draft.title,
        ...(draft.description ? { description: draft.description } : {}),
        ...(draft.resources.length > 0 ? { resources: draft.resources } : {}),
      },
    ];
  });
  return { number: section.number, title, items };
}

// ---------------------------------------------------------------------------------------------
// Claimed counts
// ---------------------------------------------------------------------------------------------

function describeCount(count: number): string {
  return count === 1 ? "1 item" : `${count} items`;
}

function mismatchMessage(subject: string, claim: Claim, found: number): string {
  return `${subject}: the page claims ${describeCount(claim.count)}, ${found === 1 ? "1 was" : `${found} were`} found (${claim.page})`;
}

interface ClaimCheck {
  stageClaims: Map<number, number>;
  sectionClaims: Map<string, number>;
  mismatches: string[];
}

function checkClaims(claims: readonly Claim[], stages: readonly RoadmapFileStage[], pages: readonly ParsedPage[], warnings: string[]): ClaimCheck {
  const check: ClaimCheck = { stageClaims: new Map(), sectionClaims: new Map(), mismatches: [] };
  const total = stages.reduce((sum, stage) => sum + countItems(stage), 0);
  for (const claim of claims) {
    const target = resolveTitleClaim(claim.target, stages);
    if (target.kind === "roadmap") {
      if (claim.count !== total) check.mismatches.push(mismatchMessage("The roadmap", claim, total));
    } else if (target.kind === "stage") {
      checkStageClaim(check, claim, target.stage, stages, pages);
    } else if (target.kind === "section") {
      checkSectionClaim(check, claim, target.number, stages, pages);
    } else {
      warnings.push(`${claim.page}: a count "(${claim.count} items)" for "${target.title}", which matches no stage or section`);
    }
  }
  check.mismatches = [...new Set(check.mismatches)];
  return check;
}

/** A tracker line naming a section or stage by its title only ("AI APIs (0/15 items)"). */
function resolveTitleClaim(target: ClaimTarget, stages: readonly RoadmapFileStage[]): ClaimTarget {
  if (target.kind !== "title") return target;
  const wanted = target.title.toLowerCase();
  const candidates = stages.filter((stage) => target.stage === undefined || stage.number === target.stage);
  for (const stage of candidates) {
    const section = stage.sections.find((candidate) => candidate.title.toLowerCase() === wanted);
    if (section) return { kind: "section", number: section.number };
  }
  const stage = candidates.find((candidate) => candidate.title.toLowerCase() === wanted);
  return stage ? { kind: "stage", stage: stage.number } : target;
}

function countItems(stage: RoadmapFileStage): number {
  return stage.sections.reduce((sum, section) => sum + section.items.length, 0);
}

function checkStageClaim(check: ClaimCheck, claim: Claim, number: number, stages: readonly RoadmapFileStage[], pages: readonly ParsedPage[]): void {
  const stage = stages.find((candidate) => candidate.number === number);
  const found = stage ? countItems(stage) : 0;
  if (!check.stageClaims.has(number)) check.stageClaims.set(number, claim.count);
  const title = stage?.title ?? stageTitleOf(number, pages);
  if (claim.count !== found) check.mismatches.push(mismatchMessage(`Stage ${number} "${title}"`, claim, found));
}

function checkSectionClaim(check: ClaimCheck, claim: Claim, number: string, stages: readonly RoadmapFileStage[], pages: readonly ParsedPage[]): void {
  const section = stages.flatMap((stage) => stage.sections).find((candidate) => candidate.number === number);
  const found = section?.items.length ?? 0;
  if (!check.sectionClaims.has(number)) check.sectionClaims.set(number, claim.count);
  const title = section?.title ?? pages.find((page) => page.sectionTitles.has(number))?.sectionTitles.get(number) ?? "";
  if (claim.count !== found) {
    check.mismatches.push(mismatchMessage(`Stage ${stageOfSection(number)}, section ${number} "${title}"`, claim, found));
  }
}

function buildReport(stages: readonly RoadmapFileStage[], check: ClaimCheck, warnings: string[]): ImportReport {
  return {
    stages: stages.map((stage) => ({
      number: stage.number,
      title: stage.title,
      items: countItems(stage),
      ...withClaim(check.stageClaims.get(stage.number)),
      sections: stage.sections.map((section) => ({
        number: section.number,
        title: section.title,
        items: section.items.length,
        ...withClaim(check.sectionClaims.get(section.number)),
      })),
    })),
    mismatches: check.mismatches,
    warnings,
  };
}

function withClaim(claimed: number | undefined): { claimed?: number } {
  return claimed === undefined ? {} : { claimed };
}

// ---------------------------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------------------------

function parseRepairedPage(page: MarkdownPage, warnings: string[]): ParsedPage {
  const repaired = repairMojibake(page.text);
  if (repaired.misreadAs) {
    warnings.push(`${page.name}: the text was UTF-8 misread as ${repaired.misreadAs} and saved again (mojibake); repaired`);
  }
  const parsed = parsePage(page.name, repaired.text);
  warnings.push(...parsed.warnings);
  if (parsed.stage === undefined && parsed.stageRows.length === 0 && parsed.blocks.length === 0) {
    warnings.push(`${page.name}: no stage found (expected a "# Stage N: Title" heading, "N.x" section headings or a stage table)`);
  }
  return parsed;
}

function roadmapDescription(hub: ParsedPage | undefined): string | undefined {
  const purpose = hub?.purpose === undefined ? "" : plainText(hub.purpose);
  return purpose ? cutOnWordBoundary(purpose, MAX_ROADMAP_DESCRIPTION) : undefined;
}

/** Parses a hub page and stage pages (any order) into a roadmap file and a report of what was found. */
export function importMarkdown(pages: readonly MarkdownPage[], options: ImportOptions = {}): ImportResult {
  const warnings: string[] = [];
  const parsed = pages.map((page) => parseRepairedPage(page, warnings));
  const hub = findHub(parsed);
  if (!hub && parsed.length > 0) warnings.push("No hub page (a page with the stage table): the roadmap takes its title from the first page");
  const ordered = hub ? [hub, ...parsed.filter((page) => page !== hub)] : parsed;
  const titlePage = hub ?? parsed[0];
  const title = cutOnWordBoundary(titlePage?.title ?? titlePage?.name.replace(/\.md$/i, "") ?? "", MAX_HEADING_TITLE);
  const stages = buildStages(ordered, hub, warnings);
  const milestones = buildMilestones(ordered, new Set(stages.map((stage) => stage.number)), warnings);
  const check = checkClaims(ordered.flatMap((page) => page.claims), stages, ordered, warnings);
  const description = roadmapDescription(hub);
  const roadmap: RoadmapFile = {
    id: options.id ?? slugify(title),
    title,
    ...(description ? { description } : {}),
    stages,
    milestones,
  };
  return { roadmap, report: buildReport(stages, check, warnings) };
}

/** The report as text for a terminal: counts per stage and section, then mismatches and warnings. */
export function formatImportReport(report: ImportReport): string {
  const lines: string[] = [];
  const claimNote = (claimed: number | undefined, found: number) =>
    claimed === undefined ? "" : claimed === found ? ` (as claimed)` : ` (the page claims ${claimed})`;
  for (const stage of report.stages) {
    lines.push(`Stage ${stage.number}: ${stage.title}: ${describeCount(stage.items)}${claimNote(stage.claimed, stage.items)}`);
    for (const section of stage.sections) {
      lines.push(`  ${section.number} ${section.title}: ${describeCount(section.items)}${claimNote(section.claimed, section.items)}`);
    }
  }
  if (report.mismatches.length > 0) {
    lines.push(`Claimed counts that differ from the items found (${report.mismatches.length}):`);
    lines.push(...report.mismatches.map((mismatch) => `  - ${mismatch}`));
  }
  if (report.warnings.length > 0) {
    lines.push(`Warnings (${report.warnings.length}):`);
    lines.push(...report.warnings.map((warning) => `  - ${warning}`));
  }
  return lines.join("\n");
}
