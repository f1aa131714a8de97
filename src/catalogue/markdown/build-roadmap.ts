/** Turns the inferred structure into a roadmap file: ids, titles, stage fields, criteria and milestones. */
import type { UserMessage } from "../../errors.ts";
import type { RoadmapFile, RoadmapFileItem, RoadmapFileSection, RoadmapFileStage } from "../schema.ts";
import { factsOf } from "./context.ts";
import type { DefaultTexts } from "./default-texts.ts";
import { IdAllocator, sectionSlug } from "./ids.ts";
import { itemText } from "./items.ts";
import { buildMilestones } from "./milestones.ts";
import type { PageTree } from "./page-tree.ts";
import { matchPrevious, type PreviousItem } from "./previous.ts";
import type { ImportReport } from "./report.ts";
import type { DraftSection } from "./sections.ts";
import { openingParagraph, stageTableRows } from "./stage-details.ts";
import type { DraftStage, Structure } from "./structure.ts";
import { cutOnWordBoundary, stripEmoji, titleWords } from "./text.ts";

const MAX_CRITERION = 200;
const MAX_FIELD = 300;

interface Built {
  stages: RoadmapFileStage[];
  milestones: RoadmapFile["milestones"];
  ids?: ImportReport["ids"];
}

export function buildStages(
  tree: PageTree,
  structure: Structure,
  previous: readonly PreviousItem[] | undefined,
  defaults: DefaultTexts,
  warnings: UserMessage[],
): Built {
  const rows = stageTableRows(tree.ordered);
  const kept = structure.stages.filter((stage) => {
    const items = stage.registry.sections.reduce((sum, section) => sum + section.items.length, 0);
    if (items === 0) warnings.push({ key: "importer:warning.stageLeftOut", values: { number: stage.number, title: stage.title } });
    return items > 0;
  });
  const drafts = kept.map((stage) => ({ stage, sections: nonEmptySections(stage, warnings) }));
  const flat = drafts.flatMap(({ sections }) =>
    sections.flatMap((section) => section.items.map((item) => ({ section, text: itemText(item.task) }))),
  );
  // Per section, not per item: a section's title can be long, and it has many items.
  const sectionWords = new Map(drafts.flatMap(({ sections }) => sections.map((section) => [section, titleWords(section.title)] as const)));
  const sectionSlugs = new Map(drafts.flatMap(({ sections }) => sections.map((section) => [section, sectionSlug(section.title, section.number ?? "")] as const)));
  const newItems = flat.map(({ section, text }) => ({ title: text.title, sectionNumber: section.number ?? "", sectionWords: sectionWords.get(section) ?? [] }));
  const matched = previous ? matchPrevious(newItems, previous) : undefined;
  const allocator = new IdAllocator();
  for (const item of previous ?? []) [item.id, ...item.aliases].forEach((id) => allocator.reserve(id));
  const renamed: string[] = [];
  const positions = new Map<DraftSection, number>();
  const items: RoadmapFileItem[] = flat.map(({ section, text }, index) => {
    const position = (positions.get(section) ?? 0) + 1;
    positions.set(section, position);
    const match = matched?.matches[index];
    const id = match?.kind === "kept" ? match.previous.id : allocator.allocate(text.slugSource, sectionSlugs.get(section) ?? "", position);
    const aliases = match?.kind === "kept" ? match.previous.aliases : match?.kind === "renamed" ? [match.previous.id, ...match.previous.aliases] : [];
    if (match?.kind === "renamed") renamed.push(`"${match.previous.title}" → "${text.title}" (${match.previous.id} → ${id})`);
    return {
      id,
      title: text.title,
      ...(text.description ? { description: text.description } : {}),
      ...(text.resources.length > 0 ? { resources: text.resources } : {}),
      ...(aliases.length > 0 ? { aliases } : {}),
    };
  });
  let next = 0;
  const stages = drafts.map(({ stage, sections }) => {
    const fileSections: RoadmapFileSection[] = sections.map((section) => ({
      number: section.number ?? `${stage.number}.1`,
      title: cutOnWordBoundary(section.title || stage.title, 100),
      items: section.items.map(() => items[next++]!),
    }));
    return stageFields(stage, fileSections, rows.get(stage.number) ?? {}, tree, defaults, warnings);
  });
  const milestones = buildMilestones(structure.milestones, new Set(stages.map((stage) => stage.number)), structure.skips);
  const ids = matched
    ? { kept: matched.matches.filter((match) => match?.kind === "kept").length, renamed, gone: matched.gone.map((item) => item.id) }
    : undefined;
  return { stages, milestones, ...(ids ? { ids } : {}) };
}

function nonEmptySections(stage: DraftStage, warnings: UserMessage[]): DraftSection[] {
  const empty = stage.registry.sections.filter((section) => section.items.length === 0);
  if (empty.length > 0) {
    const sections = empty.map((section) => `${section.number} ${section.title}`).join(", ");
    warnings.push({ key: "importer:warning.emptySections", values: { number: stage.number, count: empty.length, sections } });
  }
  return stage.registry.sections.filter((section) => section.items.length > 0);
}

function stageFields(
  stage: DraftStage,
  sections: RoadmapFileSection[],
  row: { goal?: string; level?: string; keySkills?: string },
  tree: PageTree,
  defaults: DefaultTexts,
  warnings: UserMessage[],
): RoadmapFileStage {
  const title = cutOnWordBoundary(stage.title || defaults.stageTitle(stage.number), 100);
  const stagePage = tree.ordered.find((page) => factsOf({ kind: "page", page }).stage?.stage === stage.number);
  const filled: UserMessage[] = [];
  const goal = row.goal ?? (stagePage ? openingParagraph(stagePage) : undefined) ?? fill(filled, "importer:field.goal", defaults.goal(title));
  const level = row.level ?? fill(filled, "importer:field.level", defaults.level(stage.number));
  const keySkills = row.keySkills ?? fill(filled, "importer:field.keySkills", cutOnWordBoundary(sections.map((section) => section.title).join(", "), MAX_FIELD));
  let completionCriteria = uniqueCriteria(stage.criteria.map((criterion) => criterion.text));
  if (completionCriteria.length === 0) completionCriteria = [fill(filled, "importer:field.completionCriteria", defaults.criterion(title))];
  if (filled.length > 0) warnings.push({ key: "importer:warning.defaultsFilled", values: { number: stage.number, fields: filled } });
  return { number: stage.number, title, goal, level, keySkills, completionCriteria, sections };
}

function fill(filled: UserMessage[], what: UserMessage["key"], value: string): string {
  filled.push({ key: what });
  return value;
}

function uniqueCriteria(texts: readonly string[]): string[] {
  const seen = new Set<string>();
  const unique: string[] = [];
  for (const text of texts) {
    const clean = cutOnWordBoundary(stripEmoji(text), MAX_CRITERION);
    const key = clean.toLowerCase();
    if (clean === "" || seen.has(key)) continue;
    seen.add(key);
    unique.push(clean);
  }
  return unique;
}
