import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseDocument } from "yaml";
import { buildCatalogue, buildRoadmap, type Catalogue, type Roadmap } from "./catalogue.ts";
import { userMessageText } from "../errors.ts";
import { ENGLISH } from "../i18n/english.ts";
import { validateRoadmapData, type CatalogueProblem } from "./validate.ts";

export { formatPath, validateRoadmapData, type CatalogueProblem } from "./validate.ts";

/** A problem as the command line and logs print it: in English, values as they are. */
export function problemText(problem: CatalogueProblem): string {
  return userMessageText(ENGLISH, problem.says, true);
}

export class CatalogueError extends Error {
  constructor(readonly problems: readonly CatalogueProblem[]) {
    super(
      `The roadmap catalogue is invalid:\n${problems
        .map((p) => `  ${p.file}${p.path ? ` at ${p.path}` : ""}: ${problemText(p)}`)
        .join("\n")}`,
    );
    this.name = "CatalogueError";
  }
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
      problems: document.errors.map((error) => ({ file, path: "", says: { key: "schema:yaml", values: { detail: error.message } } })),
    };
  }
  const checked = validateRoadmapData(document.toJS(), file);
  if (!checked.data) return { roadmap: undefined, problems: checked.problems };
  return { roadmap: buildRoadmap(checked.data), problems: [] };
}

/** Reads every `*.yaml`/`*.yml` roadmap in a folder; throws a CatalogueError naming every problem found. */
export async function loadCatalogue(directory: string): Promise<Catalogue> {
  const names = (await readdir(directory)).filter((name) => /\.ya?ml$/i.test(name)).sort();
  if (names.length === 0) {
    throw new CatalogueError([{ file: directory, path: "", says: { key: "schema:noRoadmapFiles" } }]);
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
      problems.push({ file, path: "id", says: { key: "schema:duplicateRoadmap", values: { id: result.roadmap.id, file: owner } } });
      continue;
    }
    idOwners.set(result.roadmap.id, file);
    roadmaps.push(result.roadmap);
  }
  if (problems.length > 0) throw new CatalogueError(problems);
  return buildCatalogue(roadmaps);
}
