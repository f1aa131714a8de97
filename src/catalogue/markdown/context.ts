/**
 * Where a task item sits: the chain of pages and headings above it, and what each link of that
 * chain says about structure (a stage, a section number, criteria, milestones).
 */
import type { Page } from "./page-tree.ts";
import { collapseSpaces, stripEmoji, titleWords } from "./text.ts";

/** Titles are compared on their first words only, so a hostile heading cannot make comparing slow. */
export const MAX_TOPIC_WORDS = 16;
import { findClaim, isCriteriaHeading, isMilestoneHeading, parseStageTitle } from "./vocabulary.ts";

export type ChainNode = { kind: "page"; page: Page } | { kind: "heading"; page: Page; index: number };

/** Pages from the hub down to `page`, then the headings above `heading` on it (the title heading left out). */
export function chainOf(page: Page, heading: number): ChainNode[] {
  const pages: ChainNode[] = [];
  for (let current: Page | undefined = page; current; current = current.parent) pages.unshift({ kind: "page", page: current });
  const headings: ChainNode[] = [];
  const { headings: all, titleHeading } = page.outline;
  for (let index = heading; index >= 0; index = all[index]?.parent ?? -1) {
    if (index !== titleHeading) headings.unshift({ kind: "heading", page, index });
  }
  return [...pages, ...headings];
}

export function headingText(node: ChainNode): string | undefined {
  return node.kind === "heading" ? node.page.outline.headings[node.index]?.text : undefined;
}

/** A title for showing: no emoji, no claimed count. */
export function cleanTitle(text: string): string {
  const claim = findClaim(text);
  return stripEmoji(claim ? claim.label : text);
}

/** The page's own title: its `#` heading, else the text of a link to it, else its file name. */
export function pageTitle(page: Page): string {
  const heading = page.outline.headings[page.outline.titleHeading];
  const text = heading?.text ?? page.incoming[0]?.text ?? page.name.replace(/\.md$/i, "");
  return cleanTitle(text);
}

const SECTION_NUMBER = /^(\d{1,4}(?:\.\d{1,4}){1,4})\.?\s+(.*)$/u;

/** "2.3 RAG" → "2.3" and "RAG". */
export function parseSectionTitle(text: string): { number: string; rest: string } | undefined {
  const match = SECTION_NUMBER.exec(cleanTitle(text));
  return match ? { number: match[1] ?? "", rest: collapseSpaces(match[2] ?? "") } : undefined;
}

/** A page's stage: from its title, else from a link to it ("[Stage 1: Basics](./stage-1/README.md)"). */
export function pageStage(page: Page): { stage: number; title: string } | undefined {
  for (const text of [pageTitleRaw(page), ...page.incoming.map((link) => link.text)]) {
    const parsed = text === undefined ? undefined : parseStageTitle(cleanTitle(text));
    if (parsed) return { stage: parsed.stage, title: parsed.rest };
  }
  return undefined;
}

function pageTitleRaw(page: Page): string | undefined {
  return page.outline.headings[page.outline.titleHeading]?.text;
}

/** A page's section number: from its title, the text of a link to it, or the heading above such a link. */
export function pageSectionNumber(page: Page): string | undefined {
  const texts = [pageTitleRaw(page), ...page.incoming.map((link) => link.text), ...page.incoming.map((link) => link.heading)];
  for (const text of texts) {
    const parsed = text === undefined ? undefined : parseSectionTitle(text);
    if (parsed) return parsed.number;
  }
  return undefined;
}

export interface NodeFacts {
  stage?: { stage: number; title: string };
  section?: { number: string; rest: string };
  criteria: boolean;
  milestone: boolean;
  title: string;
  /** The title's first words, for comparing topics. */
  words: string[];
}

/** Worked out once per heading and page: a long heading under many items must not be read again for each. */
const factsCache = new WeakMap<Page, { page: NodeFacts; headings: (NodeFacts | undefined)[] }>();

export function factsOf(node: ChainNode): NodeFacts {
  let cached = factsCache.get(node.page);
  if (!cached) {
    cached = { page: pageFacts(node.page), headings: [] };
    factsCache.set(node.page, cached);
  }
  if (node.kind === "page") return cached.page;
  let facts = cached.headings[node.index];
  if (!facts) {
    facts = headingFacts(headingText(node) ?? "");
    cached.headings[node.index] = facts;
  }
  return facts;
}

function pageFacts(page: Page): NodeFacts {
  const stage = pageStage(page);
  const number = pageSectionNumber(page);
  const title = pageTitle(page);
  return {
    ...(stage ? { stage } : {}),
    ...(number ? { section: { number, rest: parseSectionTitle(title)?.rest ?? title } } : {}),
    criteria: false,
    milestone: false,
    title: parseSectionTitle(title)?.rest ?? title,
    words: titleWords(parseSectionTitle(title)?.rest ?? title).slice(0, MAX_TOPIC_WORDS),
  };
}

function headingFacts(text: string): NodeFacts {
  const title = cleanTitle(text);
  const parsed = parseStageTitle(title);
  const section = parseSectionTitle(text);
  return {
    ...(parsed ? { stage: { stage: parsed.stage, title: parsed.rest } } : {}),
    ...(section ? { section } : {}),
    criteria: isCriteriaHeading(title),
    milestone: isMilestoneHeading(title),
    title: section?.rest ?? title,
    words: titleWords(section?.rest ?? title).slice(0, MAX_TOPIC_WORDS),
  };
}
