import type { ItemSource, RoadmapFile, SourceRepository } from "./schema.ts";
import { buildItemSearch, type ItemSearch } from "./search.ts";

export interface CatalogueItem {
  readonly id: string;
  readonly title: string;
  readonly description: string | undefined;
  readonly resources: readonly { readonly title: string; readonly url: string }[];
  readonly aliases: readonly string[];
  /** The author's checkbox line this item keeps, in the roadmap's `source` folder. */
  readonly source: ItemSource | undefined;
  readonly stage: number;
  readonly section: string;
  readonly sectionTitle: string;
  /** Position in roadmap order, 0-based. */
  readonly position: number;
}

export interface CatalogueSection {
  readonly number: string;
  readonly title: string;
  readonly items: readonly CatalogueItem[];
}

export interface CatalogueStage {
  readonly number: number;
  readonly title: string;
  readonly goal: string;
  readonly level: string;
  readonly keySkills: string;
  readonly completionCriteria: readonly string[];
  readonly sections: readonly CatalogueSection[];
  readonly items: readonly CatalogueItem[];
}

export interface CatalogueMilestone {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly stage: number;
}

export interface Roadmap {
  readonly id: string;
  readonly title: string;
  readonly description: string | undefined;
  /** The author's published pages the items' sources point into. */
  readonly source: SourceRepository | undefined;
  readonly stages: readonly CatalogueStage[];
  readonly milestones: readonly CatalogueMilestone[];
  /** Every item in roadmap order. */
  readonly items: readonly CatalogueItem[];
  /** Resolves an item by its id or any of its former ids (aliases). */
  item(idOrAlias: string): CatalogueItem | undefined;
  stage(number: number): CatalogueStage | undefined;
  readonly search: ItemSearch;
  /** The validated file this roadmap was built from, as it is stored in the database. */
  readonly document: RoadmapFile;
}

export interface Catalogue {
  readonly roadmaps: ReadonlyMap<string, Roadmap>;
  roadmap(id: string): Roadmap | undefined;
  /** The roadmap a study group uses until it picks another. */
  readonly defaultRoadmap: Roadmap;
}

export const DEFAULT_ROADMAP_ID = "ai-engineering";

/** Builds the immutable in-memory roadmap from a file already validated by the schema. */
export function buildRoadmap(file: RoadmapFile): Roadmap {
  const items: CatalogueItem[] = [];
  let position = 0;
  const stages: CatalogueStage[] = file.stages.map((stage) => {
    const stageItems: CatalogueItem[] = [];
    const sections = stage.sections.map((section) => {
      const sectionItems = section.items.map((item) =>
        Object.freeze({
          id: item.id,
          title: item.title,
          description: item.description || undefined,
          resources: Object.freeze((item.resources ?? []).map((r) => Object.freeze({ ...r }))),
          aliases: Object.freeze([...(item.aliases ?? [])]),
          source: item.source ? Object.freeze({ ...item.source }) : undefined,
          stage: stage.number,
          section: section.number,
          sectionTitle: section.title,
          position: position++,
        }),
      );
      sectionItems.forEach((item) => stageItems.push(item));
      return Object.freeze({ number: section.number, title: section.title, items: Object.freeze(sectionItems) });
    });
    items.push(...stageItems);
    return Object.freeze({
      number: stage.number,
      title: stage.title,
      goal: stage.goal,
      level: stage.level,
      keySkills: stage.keySkills,
      completionCriteria: Object.freeze([...stage.completionCriteria]),
      sections: Object.freeze(sections),
      items: Object.freeze(stageItems),
    });
  });

  const byId = new Map<string, CatalogueItem>();
  for (const item of items) {
    byId.set(item.id, item);
    for (const alias of item.aliases) byId.set(alias, item);
  }
  const byStage = new Map(stages.map((stage) => [stage.number, stage]));

  return Object.freeze({
    id: file.id,
    title: file.title,
    description: file.description || undefined,
    source: file.source ? Object.freeze({ ...file.source }) : undefined,
    stages: Object.freeze(stages),
    milestones: Object.freeze(file.milestones.map((m) => Object.freeze({ ...m }))),
    items: Object.freeze(items),
    item: (idOrAlias: string) => byId.get(idOrAlias),
    stage: (number: number) => byStage.get(number),
    search: buildItemSearch(items),
    document: file,
  });
}

export function buildCatalogue(roadmaps: readonly Roadmap[], defaultId = DEFAULT_ROADMAP_ID): Catalogue {
  const map = new Map(roadmaps.map((roadmap) => [roadmap.id, roadmap]));
  const defaultRoadmap = map.get(defaultId) ?? roadmaps[0];
  if (!defaultRoadmap) throw new Error("The catalogue has no roadmap.");
  return Object.freeze({
    roadmaps: map,
    roadmap: (id: string) => map.get(id),
    defaultRoadmap,
  });
}
