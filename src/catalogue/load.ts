import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseDocument } from "yaml";
import { buildCatalogue, buildRoadmap, type Catalogue, type Roadmap } from "./catalogue.ts";
import { roadmapFileSchema, type RoadmapFile } from "./schema.ts";

export interface CatalogueProblem {
  readonly file: string;
  /** Where in the file, e.g. `stages[1].sections[2].items[7].id`; empty for the whole file. */
  readonly path: string;
  readonly message: string;
}

export class CatalogueError extends Error {
  constructor(readonly problems: readonly CatalogueProblem[]) {
    super(
      `The roadmap catalogue is invalid:\n${problems
        .map((p) => `  ${p.file}${p.path ? ` at ${p.path}` : ""}: ${p.message}`)
        .join("\n")}`,
    );
    this.name = "CatalogueError";
  }
}

export function formatPath(segments: readonly PropertyKey[]): string {
  return segments
    .map((segment, index) => {
      if (typeof segment === "number") return `[${segment}]`;
      return index === 0 ? String(segment) : `.${String(segment)}`;
    })
    .join("");
}

/** Parses and validates one roadmap file's text; returns the roadmap or the problems found. */
export function parseRoadmapText(
  text: string,
  file: string,
): { roadmap: Roadmap; problems: [] } | { roadmap: undefined; problems: CatalogueProblem[] } {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      roadmap: undefined,
      problems: document.errors.map((error) => ({ file, path: "", message: `YAML: ${error.message}` })),
    };
  }
  const checked = validateRoadmapData(document.toJS(), file);
  if (!checked.data) return { roadmap: undefined, problems: checked.problems };
  return { roadmap: buildRoadmap(checked.data), problems: [] };
}

/** Checks a roadmap already read (from YAML, the Markdown importer or the database) against the schema and its cross-references. */
export function validateRoadmapData(
  value: unknown,
  file: string,
): { data: RoadmapFile; problems: [] } | { data: undefined; problems: CatalogueProblem[] } {
  const parsed = roadmapFileSchema.safeParse(value);
  if (!parsed.success) {
    return {
      data: undefined,
      problems: parsed.error.issues.map((issue) => ({ file, path: formatPath(issue.path), message: issue.message })),
    };
  }
  const problems = findStructuralProblems(parsed.data, file);
  if (problems.length > 0) return { data: undefined, problems };
  return { data: parsed.data, problems: [] };
}

/** What a schema cannot see: uniqueness across the whole file and references between parts. */
function findStructuralProblems(file: RoadmapFile, fileName: string): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  const report = (where: string, message: string) => problems.push({ file: fileName, path: where, message });

  const idOwners = new Map<string, string>();
  const claimId = (id: string, where: string) => {
    const owner = idOwners.get(id);
    if (owner) report(where, `duplicate id "${id}" (already used at ${owner})`);
    else idOwners.set(id, where);
  };
  const stageNumbers = new Map<number, string>();
  const sectionNumbers = new Map<string, string>();
  // One author's line is one item, so a member's ticked copy of the pages maps to items without doubt.
  const sourceOwners = new Map<string, string>();

  file.stages.forEach((stage, s) => {
    const stagePath = `stages[${s}]`;
    const earlier = stageNumbers.get(stage.number);
    if (earlier) report(`${stagePath}.number`, `duplicate stage number ${stage.number} (already used at ${earlier})`);
    else stageNumbers.set(stage.number, stagePath);

    stage.sections.forEach((section, c) => {
      const sectionPath = `${stagePath}.sections[${c}]`;
      const owner = sectionNumbers.get(section.number);
      if (owner) report(`${sectionPath}.number`, `duplicate section number "${section.number}" (already used at ${owner})`);
      else sectionNumbers.set(section.number, sectionPath);

      section.items.forEach((item, i) => {
        const itemPath = `${sectionPath}.items[${i}]`;
        claimId(item.id, `${itemPath}.id`);
        (item.aliases ?? []).forEach((alias, a) => claimId(alias, `${itemPath}.aliases[${a}]`));
        if (!item.source) return;
        if (!file.source) {
          report(`${itemPath}.source`, "an item's source needs the roadmap's own source (repository, folder and commit)");
          return;
        }
        const key = `${item.source.path}:${item.source.line}`;
        const sourceOwner = sourceOwners.get(key);
        if (sourceOwner) report(`${itemPath}.source`, `duplicate source ${key} (already used at ${sourceOwner})`);
        else sourceOwners.set(key, `${itemPath}.source`);
      });
    });
  });

  const retired = new Set<string>();
  (file.retired ?? []).forEach((id, r) => {
    const where = `retired[${r}]`;
    const owner = idOwners.get(id);
    if (owner) report(where, `retired id "${id}" is still in use at ${owner}`);
    if (retired.has(id)) report(where, `"${id}" is listed as retired twice`);
    retired.add(id);
  });

  file.milestones.forEach((milestone, m) => {
    if (!stageNumbers.has(milestone.stage)) {
      report(`milestones[${m}].stage`, `stage ${milestone.stage} does not exist in this roadmap`);
    }
  });
  return problems;
}

/** Reads every `*.yaml`/`*.yml` roadmap in a folder; throws a CatalogueError naming every problem found. */
export async function loadCatalogue(directory: string): Promise<Catalogue> {
  const names = (await readdir(directory)).filter((name) => /\.ya?ml$/i.test(name)).sort();
  if (names.length === 0) {
    throw new CatalogueError([{ file: directory, path: "", message: "no roadmap files (*.yaml) found" }]);
  }
  const roadmaps: Roadmap[] = [];
  const problems: CatalogueProblem[] = [];
  const idOwners = new Map<string, string>();
  for (const name of names) {
    const file = path.join(directory, name);
    const result = parseRoadmapText(await readFile(file, "utf8"), file);
    if (!result.roadmap) {
      problems.push(...result.problems);
      continue;
    }
    const owner = idOwners.get(result.roadmap.id);
    if (owner) {
      problems.push({ file, path: "id", message: `duplicate roadmap id "${result.roadmap.id}" (also in ${owner})` });
      continue;
    }
    idOwners.set(result.roadmap.id, file);
    roadmaps.push(result.roadmap);
  }
  if (problems.length > 0) throw new CatalogueError(problems);
  return buildCatalogue(roadmaps);
}
