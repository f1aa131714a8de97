import type { CatalogueItem, Roadmap } from "../catalogue/catalogue.ts";

/** A task list item of an uploaded Markdown page: its 1-based line and whether its box is ticked. */
export interface TaskLine {
  readonly line?: number;
  readonly done: boolean;
}

export interface AuthorPageMatch<T extends TaskLine> {
  /** The author's page the file is a copy of, as the items' `source.path` names it. */
  readonly page: string;
  readonly done: readonly CatalogueItem[];
  readonly notDone: readonly CatalogueItem[];
  /** Ticked lines that no item of the roadmap traces to (the author has more items than the roadmap). */
  readonly tickedWithoutItem: readonly T[];
}

/** A copy may differ a little (a box added by hand); below this share of its sources found, it is not that page. */
const MIN_SHARE_OF_SOURCES = 0.9;
/** Boxes on one or two lines can stand there by chance: a page is told by at least this many. */
const MIN_SOURCES_FOUND = 3;

const pagesByRoadmap = new WeakMap<Roadmap, ReadonlyMap<string, ReadonlyMap<number, CatalogueItem>>>();

/** The roadmap's items by author page and line, built once per roadmap. */
function sourcePages(roadmap: Roadmap): ReadonlyMap<string, ReadonlyMap<number, CatalogueItem>> {
  let pages = pagesByRoadmap.get(roadmap);
  if (!pages) {
    const built = new Map<string, Map<number, CatalogueItem>>();
    for (const item of roadmap.items) {
      if (!item.source) continue;
      const lines = built.get(item.source.path) ?? new Map<number, CatalogueItem>();
      lines.set(item.source.line, item);
      built.set(item.source.path, lines);
    }
    pages = built;
    pagesByRoadmap.set(roadmap, pages);
  }
  return pages;
}

/**
 * Which of the author's pages a file is, told by where its task lines stand, not by their words:
 * a copy of a page at the roadmap's source commit has a task line at every line the page's items
 * trace to. Undefined when the roadmap has no sources, or no page (or more than one) fits.
 */
export function matchAuthorPage<T extends TaskLine>(roadmap: Roadmap, tasks: readonly T[]): AuthorPageMatch<T> | undefined {
  const byLine = new Map(tasks.flatMap((task) => (task.line === undefined ? [] : [[task.line, task] as const])));
  let best: { page: string; lines: ReadonlyMap<number, CatalogueItem>; hits: number } | undefined;
  let tied = false;
  for (const [page, lines] of sourcePages(roadmap)) {
    let hits = 0;
    for (const line of lines.keys()) if (byLine.has(line)) hits++;
    if (hits < MIN_SOURCES_FOUND || hits / lines.size < MIN_SHARE_OF_SOURCES) continue;
    if (!best || hits > best.hits) {
      best = { page, lines, hits };
      tied = false;
    } else if (hits === best.hits) {
      tied = true;
    }
  }
  if (!best || tied) return undefined;
  const done: CatalogueItem[] = [];
  const notDone: CatalogueItem[] = [];
  const tickedWithoutItem: T[] = [];
  for (const task of tasks) {
    const item = task.line === undefined ? undefined : best.lines.get(task.line);
    if (!item) {
      if (task.done) tickedWithoutItem.push(task);
      continue;
    }
    (task.done ? done : notDone).push(item);
  }
  return { page: best.page, done, notDone, tickedWithoutItem };
}
