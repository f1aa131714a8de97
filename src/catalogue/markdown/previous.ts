/**
 * Keeping members' progress across re-imports: an item whose title is unchanged keeps its id (and
 * aliases); an item renamed within its section gets a new id with the old one as an alias, so
 * progress recorded under either counts. Items of the previous roadmap that match nothing are listed.
 */
import { parse } from "yaml";
import { z } from "zod";
import { titleWords } from "./text.ts";

export interface PreviousItem {
  id: string;
  title: string;
  aliases: string[];
  sectionNumber: string;
  sectionWords: string[];
}

const previousSchema = z.object({
  stages: z.array(
    z.object({
      sections: z.array(
        z.object({
          number: z.string(),
          title: z.string(),
          items: z.array(z.object({ id: z.string(), title: z.string(), aliases: z.array(z.string()).optional() })),
        }),
      ),
    }),
  ),
});

/** Reads the items of an earlier roadmap file; only ids, titles, aliases and sections matter here. */
export function readPreviousRoadmap(yaml: string): PreviousItem[] {
  const parsed = previousSchema.safeParse(parse(yaml));
  if (!parsed.success) throw new Error("it is not a roadmap file (expected stages → sections → items with id and title)");
  return parsed.data.stages.flatMap((stage) =>
    stage.sections.flatMap((section) =>
      section.items.map((item) => ({
        id: item.id,
        title: item.title,
        aliases: item.aliases ?? [],
        sectionNumber: section.number,
        sectionWords: titleWords(section.title),
      })),
    ),
  );
}

export interface NewItem {
  title: string;
  sectionNumber: string;
  sectionWords: string[];
}

export type Match = { kind: "kept"; previous: PreviousItem } | { kind: "renamed"; previous: PreviousItem };

/** Similar enough to be the same item reworded: half the words in common. */
const SIMILAR = 0.5;

export function matchPrevious(items: readonly NewItem[], previous: readonly PreviousItem[]): { matches: (Match | undefined)[]; gone: PreviousItem[] } {
  const matches: (Match | undefined)[] = items.map(() => undefined);
  const used = new Set<PreviousItem>();
  const byTitle = new Map<string, PreviousItem[]>();
  for (const item of previous) {
    const key = titleKey(item.title);
    byTitle.set(key, [...(byTitle.get(key) ?? []), item]);
  }
  // Same title: the same item, in the same section when there is a choice, even if it moved.
  items.forEach((item, index) => {
    const candidates = (byTitle.get(titleKey(item.title)) ?? []).filter((candidate) => !used.has(candidate));
    const chosen = candidates.find((candidate) => sameSection(candidate, item)) ?? candidates[0];
    if (!chosen) return;
    used.add(chosen);
    matches[index] = { kind: "kept", previous: chosen };
  });
  // A reworded title in the same section: renamed.
  items.forEach((item, index) => {
    if (matches[index]) return;
    const words = new Set(titleWords(item.title));
    let best: { previous: PreviousItem; score: number } | undefined;
    for (const candidate of previous) {
      if (used.has(candidate) || !sameSection(candidate, item)) continue;
      const score = similarity(words, new Set(titleWords(candidate.title)));
      if (score >= SIMILAR && (!best || score > best.score)) best = { previous: candidate, score };
    }
    if (!best) return;
    used.add(best.previous);
    matches[index] = { kind: "renamed", previous: best.previous };
  });
  return { matches, gone: previous.filter((item) => !used.has(item)) };
}

function titleKey(title: string): string {
  return titleWords(title).join(" ");
}

function sameSection(previous: PreviousItem, item: NewItem): boolean {
  if (previous.sectionNumber === item.sectionNumber) return true;
  return previous.sectionWords.join(" ") === item.sectionWords.join(" ") && item.sectionWords.length > 0;
}

function similarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / (a.size + b.size - shared);
}
