/**
 * The sections of one stage as they are discovered: a topic page, a numbered heading or a topic
 * heading names a section; the same topic named twice (a stage page's "### Python Fundamentals"
 * checklist and the topic page "1.1 Python Fundamentals") is one section.
 */
import type { Task } from "./outline.ts";
import type { Page } from "./page-tree.ts";
import { MAX_TOPIC_WORDS as MAX_WORDS } from "./context.ts";
import { titleWords } from "./text.ts";

export interface DraftItem {
  task: Task;
  page: Page;
}

export interface DraftSection {
  number?: string;
  title: string;
  words: string[];
  items: DraftItem[];
  claimed?: number;
  /** Where the section came from, for the report: "topic page x/README.md" or "heading on x.md". */
  origin: string;
  fromPage: boolean;
}


export class SectionRegistry {
  readonly sections: DraftSection[] = [];
  private readonly byPage = new Map<Page, DraftSection>();
  private readonly byNumber = new Map<string, DraftSection>();
  private readonly byWords = new Map<string, DraftSection>();
  /**
   * Only topic pages are compared word by word ("Software Engineering" in "Software Engineering
   * Practices"); other sections by equal titles through a map. So the cost per lookup grows with the
   * number of pages, never with the number of headings on a page.
   */
  private readonly pageSections: DraftSection[] = [];

  constructor(readonly stage: number) {}

  forPage(page: Page, number: string | undefined, title: string): DraftSection {
    const known = this.byPage.get(page);
    if (known) return known;
    const section = this.findOrCreate(number, title, `topic page ${page.name}`);
    if (!section.fromPage) {
      section.title = title;
      section.words = titleWords(title).slice(0, MAX_WORDS);
      this.index(section);
      section.fromPage = true;
      section.origin = `topic page ${page.name}`;
      this.pageSections.push(section);
    }
    this.byPage.set(page, section);
    return section;
  }

  findOrCreate(number: string | undefined, title: string, origin: string, known?: readonly string[]): DraftSection {
    const ownNumber = number?.startsWith(`${this.stage}.`) ? number : undefined;
    const words = known ? [...known] : titleWords(title).slice(0, MAX_WORDS);
    if (ownNumber) {
      const numbered = this.byNumber.get(ownNumber);
      if (numbered) return numbered;
    }
    const sameTitle = this.matching(words);
    if (sameTitle && (ownNumber === undefined || sameTitle.number === undefined)) {
      if (ownNumber) this.setNumber(sameTitle, ownNumber);
      return sameTitle;
    }
    const created: DraftSection = { title, words, items: [], origin, fromPage: false };
    this.sections.push(created);
    this.index(created);
    if (ownNumber) this.setNumber(created, ownNumber);
    return created;
  }

  /** A known section about the same topic. */
  matching(words: readonly string[]): DraftSection | undefined {
    const exact = this.byWords.get(words.join(" "));
    if (exact) return exact;
    return this.pageSections.find((section) => sameTopic(section.words, words));
  }

  /** Gives unnumbered sections the next free numbers, in the order they were found, and sorts them. */
  numberAll(): void {
    let next = this.sections.reduce((highest, section) => Math.max(highest, Number(section.number?.split(".")[1] ?? 0)), 0) + 1;
    for (const section of this.sections) {
      if (section.number === undefined) this.setNumber(section, `${this.stage}.${next++}`);
    }
    this.sections.sort((a, b) => compareNumbers(a.number ?? "", b.number ?? ""));
  }

  findNumber(number: string): DraftSection | undefined {
    return this.byNumber.get(number);
  }

  private setNumber(section: DraftSection, number: string): void {
    section.number = number;
    if (!this.byNumber.has(number)) this.byNumber.set(number, section);
  }

  private index(section: DraftSection): void {
    const key = section.words.join(" ");
    if (key !== "" && !this.byWords.has(key)) this.byWords.set(key, section);
  }
}

/** Equal titles, or one title's words running inside the other's ("Software Engineering" in "Software Engineering Practices"). */
export function sameTopic(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length === long.length) return short.every((word, index) => word === long[index]);
  // A one-word heading is the same topic only as the start of a short title: "Python" for "Python Essentials".
  if (short.length < 2) return long.length <= 3 && short[0] === long[0];
  for (let start = 0; start + short.length <= long.length; start++) {
    if (short.every((word, index) => word === long[start + index])) return true;
  }
  return false;
}

export function compareNumbers(a: string, b: string): number {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let index = 0; index < Math.max(x.length, y.length); index++) {
    const difference = (x[index] ?? -1) - (y[index] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}
