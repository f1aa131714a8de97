import { buildRoadmap, type CatalogueItem, type Roadmap } from "../catalogue/catalogue.ts";
import { matchPrevious, type PreviousItem } from "../catalogue/markdown/previous.ts";
import { titleWords } from "../catalogue/markdown/text.ts";
import type { RoadmapFile } from "../catalogue/schema.ts";

export interface Rename {
  readonly from: CatalogueItem;
  readonly to: CatalogueItem;
}

export interface VersionChanges {
  /** The new version as it will be stored: items matched by a similar title carry their old id as an alias. */
  readonly document: RoadmapFile;
  readonly roadmap: Roadmap;
  readonly added: readonly CatalogueItem[];
  readonly removed: readonly CatalogueItem[];
  readonly renamed: readonly Rename[];
}

/**
 * What a new version changes against the one a server runs. Items are matched by id, then by a
 * former id (alias), then by a similar title in the same section; a title match gets the old id
 * (and its aliases) as aliases, so progress recorded under them still counts.
 */
export function compareVersions(current: Roadmap, next: RoadmapFile): VersionChanges {
  const draft = buildRoadmap(next);
  const matchedOld = new Map<CatalogueItem, CatalogueItem>();
  const unmatchedNew: CatalogueItem[] = [];
  for (const item of draft.items) {
    const old = [item.id, ...item.aliases].map((id) => current.item(id)).find((found) => found && !matchedOld.has(found));
    if (old) matchedOld.set(old, item);
    else unmatchedNew.push(item);
  }
  const unmatchedOld = current.items.filter((item) => !matchedOld.has(item));
  const { matches } = matchPrevious(unmatchedNew.map(asNewItem), unmatchedOld.map(asPrevious));
  const inheritedAliases = new Map<string, string[]>();
  const retired = new Set(next.retired ?? []);
  unmatchedNew.forEach((item, index) => {
    const match = matches[index];
    if (!match) return;
    const old = current.item(match.previous.id)!;
    matchedOld.set(old, item);
    inheritedAliases.set(item.id, [old.id, ...old.aliases].filter((id) => !retired.has(id) && !draft.item(id)));
  });
  const document = withAliases(next, inheritedAliases);
  const roadmap = inheritedAliases.size > 0 ? buildRoadmap(document) : draft;
  const renamed: Rename[] = [];
  for (const [from, to] of matchedOld) if (from.title !== to.title) renamed.push({ from, to: roadmap.item(to.id)! });
  const matchedNew = new Set([...matchedOld.values()].map((item) => item.id));
  return {
    document,
    roadmap,
    added: roadmap.items.filter((item) => !matchedNew.has(item.id)),
    removed: current.items.filter((item) => !matchedOld.has(item)),
    renamed: renamed.sort((a, b) => a.to.position - b.to.position),
  };
}

function asNewItem(item: CatalogueItem) {
  return { title: item.title, sectionNumber: item.section, sectionWords: titleWords(item.sectionTitle) };
}

/** An item as the importer's re-import matching takes it (`--previous`). */
export function asPrevious(item: CatalogueItem): PreviousItem {
  return { id: item.id, title: item.title, aliases: [...item.aliases], sectionNumber: item.section, sectionWords: titleWords(item.sectionTitle) };
}

function withAliases(file: RoadmapFile, extra: ReadonlyMap<string, readonly string[]>): RoadmapFile {
  if (extra.size === 0) return file;
  return {
    ...file,
    stages: file.stages.map((stage) => ({
      ...stage,
      sections: stage.sections.map((section) => ({
        ...section,
        items: section.items.map((item) => {
          const more = extra.get(item.id);
          return more && more.length > 0 ? { ...item, aliases: [...new Set([...(item.aliases ?? []), ...more])] } : item;
        }),
      })),
    })),
  };
}

export interface MemberImpact {
  /** Members whose every counted item still counts. */
  readonly keepAll: number;
  /** Members with progress on items the new version removes: kept in the database, no longer counted. */
  readonly onRemoved: number;
  readonly stageTotals: readonly { readonly stage: number; readonly title: string; readonly before: number; readonly after: number }[];
}

/** How members fare: `progress` is each member's stored item ids (current or former). */
export function memberImpact(current: Roadmap, next: Roadmap, progress: ReadonlyMap<string, readonly string[]>): MemberImpact {
  let keepAll = 0;
  let onRemoved = 0;
  for (const ids of progress.values()) {
    const counted = ids.filter((id) => current.item(id));
    if (counted.every((id) => next.item(id))) keepAll++;
    else onRemoved++;
  }
  const numbers = [...new Set([...current.stages, ...next.stages].map((stage) => stage.number))].sort((a, b) => a - b);
  const stageTotals = numbers.map((stage) => ({
    stage,
    title: (next.stage(stage) ?? current.stage(stage))!.title,
    before: current.stage(stage)?.items.length ?? 0,
    after: next.stage(stage)?.items.length ?? 0,
  }));
  return { keepAll, onRemoved, stageTotals };
}
