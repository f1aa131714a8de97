/**
 * Turns a roadmap written as Markdown pages (a hub with stage and topic pages, or one long page) into
 * a roadmap file and a report of what was found, inferred and left out. Pure: no I/O; the caller
 * validates the result with `roadmapFileSchema`. The pieces live in ./markdown/, one job each.
 */
import { buildStages } from "./markdown/build-roadmap.ts";
import { checkClaims } from "./markdown/claims.ts";
import { describeStructure } from "./markdown/describe.ts";
import { readFrontMatter } from "./markdown/front-matter.ts";
import { repairMojibake } from "./markdown/mojibake.ts";
import { checkNesting } from "./markdown/nesting.ts";
import { parseOutline } from "./markdown/outline.ts";
import { buildPageTree } from "./markdown/page-tree.ts";
import type { PreviousItem } from "./markdown/previous.ts";
import type { ImportReport } from "./markdown/report.ts";
import { openingParagraph } from "./markdown/stage-details.ts";
import { inferStructure } from "./markdown/structure.ts";
import { factsOf } from "./markdown/context.ts";
import { cutOnWordBoundary, slugify } from "./markdown/text.ts";
import type { RoadmapFile } from "./schema.ts";

export { formatImportReport, placedShare, type ImportReport, type SectionReport, type StageReport } from "./markdown/report.ts";
export { readPreviousRoadmap, type PreviousItem } from "./markdown/previous.ts";
export { repairMojibake } from "./markdown/mojibake.ts";
export { ImportError } from "./markdown/nesting.ts";
export { slugify } from "./markdown/text.ts";

export interface MarkdownPage {
  /** The page's path relative to the hub's folder ("stage-2/rag/README.md"): pages are told apart by it. */
  readonly name: string;
  readonly text: string;
}

export interface ImportOptions {
  /** The roadmap's id; defaults to the slug of the hub page's title. */
  readonly id?: string;
  /** The items of the roadmap file this import replaces: unchanged items keep their ids, renamed ones get aliases. */
  readonly previous?: readonly PreviousItem[];
}

export interface ImportResult {
  roadmap: RoadmapFile;
  report: ImportReport;
}

export function importMarkdown(pages: readonly MarkdownPage[], options: ImportOptions = {}): ImportResult {
  if (pages.length === 0) throw new Error("importMarkdown needs at least one page");
  const warnings: string[] = [];
  const parsed = pages.map((page) => {
    const repaired = repairMojibake(page.text);
    if (repaired.misreadAs) warnings.push(`${page.name}: UTF-8 misread as ${repaired.misreadAs} and saved again (mojibake); repaired`);
    const { text, frontMatter } = readFrontMatter(repaired.text);
    checkNesting(page.name, text);
    return { name: page.name, source: text, outline: parseOutline(text), frontMatter };
  });
  const tree = buildPageTree(parsed);
  const structure = inferStructure(tree);
  const built = buildStages(tree, structure, options.previous, warnings);
  const hubFacts = factsOf({ kind: "page", page: tree.hub });
  const title = cutOnWordBoundary(hubFacts.title, 100);
  const description = openingParagraph(tree.hub, 1000);
  const language = parsed.find((page) => page.name === tree.hub.name)?.frontMatter.language;
  const roadmap: RoadmapFile = {
    id: options.id ?? (slugify(title) || "roadmap"),
    title,
    ...(language !== undefined ? { language } : {}),
    ...(description ? { description: cutOnWordBoundary(description, 1000) } : {}),
    stages: built.stages,
    milestones: built.milestones,
  };
  const claims = checkClaims(structure, roadmap);
  const report: ImportReport = {
    hub: tree.hub.name,
    inferred: describeStructure(tree, structure),
    stages: claims.stages,
    mismatches: claims.mismatches,
    skipped: structure.skips.list(),
    warnings,
    coverage: {
      tasks: structure.tasks.total,
      items: structure.tasks.items,
      criteria: structure.tasks.criteria,
      milestones: structure.tasks.milestones,
      claims: structure.tasks.claims,
      inCode: tree.ordered.reduce((sum, page) => sum + page.outline.codeTaskLines, 0),
    },
    ...(built.ids ? { ids: built.ids } : {}),
  };
  return { roadmap, report };
}
