import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { stringify } from "yaml";
import { CliError, parseCommandLine, runCli } from "../cli/command-line.ts";
import { userMessageText } from "../errors.ts";
import { ENGLISH } from "../i18n/english.ts";
import { formatImportReport } from "./format-import-report.ts";
import { ImportError, importMarkdown, readPreviousRoadmap, type MarkdownPage, type PreviousItem } from "./import-markdown.ts";
import { problemText, validateRoadmapData } from "./load.ts";
import type { RoadmapFile } from "./schema.ts";

const USAGE = `Usage: npm run roadmap:import -- <hub.md> [<other-page.md>...] [options]

Turns a roadmap written as Markdown into a roadmap YAML file, validates it, and prints what was
found, inferred and skipped to stderr. Give the hub page first, then every other page (a shell
glob such as roadmap-pages/**/*.md is fine); pages are named by their path relative to the hub's
folder, so many pages called README.md are told apart.

Options:
  --out <file>       Where to write the YAML. Default: roadmap/<id>.yaml (the folder the bot
                     loads). "--out -" prints the YAML to stdout instead.
  --id <id>          The roadmap's id (lower-case kebab-case). Default: made from the hub's title.
  --force            Overwrite the output file if it exists. The existing file is then read as
                     the previous version (unless --previous is given), so ids carry over.
  --previous <file>  The roadmap file this import replaces: unchanged items keep their ids, and a
                     renamed item (same section, similar title) keeps its old id as an alias, so
                     members' progress survives the re-import.
  -h, --help         Show this help.

How the pages are read (GFM task lists, by a real Markdown parser):
  - Stages: pages or headings titled "Stage N: Title" (also Phase, Stufe, Etapa, Fase, Étape,
    Этап...), else "N.x" section numbers, else the whole roadmap is one stage.
  - Sections: a stage page's topic pages (pages below it, by folder or by link), else numbered
    headings ("## 2.3 RAG"), else the headings at the level that holds task items.
  - Items: every task item ("- [ ] text", "- [x] text", nested ones too). Task lines in code
    blocks are examples, not items. Plain bullets nested under an item become its description;
    their links become resources.
  - Lists under prerequisite, "ready to move on when", completion or success criteria headings
    become the stage's completion criteria; "Timeline milestones" lists become milestones.
  - Counts such as "(0/25 items)" are claims: checked against what was found, never items.
  - A hub table "| Stage | Goal | Job-Ready | Key Skills |" gives goals, levels and key skills.
  - Ids are slugs of the item's bold term or title (accents and Cyrillic/Greek transliterated),
    unique across the roadmap; a clash is prefixed with the section's slug, then numbered.

Exit status: 0 when the roadmap was written (mismatches and skips are printed), 1 when it could
not be (unreadable page, no items, invalid roadmap, existing output without --force), 2 for a
usage error.`;

const KEBAB_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const OPTIONS = {
  out: { type: "string" },
  id: { type: "string" },
  force: { type: "boolean" },
  previous: { type: "string" },
} as const;

async function readPages(files: readonly string[]): Promise<MarkdownPage[]> {
  const base = path.dirname(path.resolve(files[0] ?? "."));
  return Promise.all(
    files.map(async (file) => {
      const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
        throw new CliError(`Cannot read ${file}: ${describeReadError(error)}`);
      });
      return { name: path.relative(base, path.resolve(file)).split(path.sep).join("/"), text };
    }),
  );
}

function describeReadError(error: NodeJS.ErrnoException): string {
  if (error.code === "ENOENT") return "no such file";
  if (error.code === "EISDIR") return "it is a folder, not a Markdown file";
  if (error.code === "EACCES") return "permission denied";
  return error.message;
}

async function readPrevious(file: string, required: boolean): Promise<PreviousItem[] | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new CliError(`Cannot read the previous roadmap ${file}: ${describeReadError(error as NodeJS.ErrnoException)}`);
  }
  try {
    return readPreviousRoadmap(text);
  } catch (error) {
    if (required) throw new CliError(`Cannot use ${file} as the previous roadmap: ${(error as Error).message}`);
    console.error(`Note: ${file} is not a roadmap file, so no ids are carried over from it.`);
    return undefined;
  }
}

function countItems(roadmap: RoadmapFile): number {
  return roadmap.stages.reduce((total, stage) => total + stage.sections.reduce((sum, section) => sum + section.items.length, 0), 0);
}

function validateRoadmap(roadmap: RoadmapFile): RoadmapFile {
  const result = validateRoadmapData(roadmap, "import");
  if (result.data) return result.data;
  const problems = result.problems.map((problem) => `${problemText(problem)}${problem.path ? ` at ${problem.path}` : ""}.`);
  throw new CliError(
    `The imported roadmap is not valid, so nothing was written: ${problems.join(" ")} ` +
      "Fix the Markdown (the report above says what was found) and import again.",
  );
}

function toYaml(roadmap: RoadmapFile, pages: readonly MarkdownPage[]): string {
  const names = pages.map((page) => page.name);
  const shown = names.length > 5 ? `${names.slice(0, 5).join(", ")} and ${names.length - 5} more pages` : names.join(", ");
  return `# Imported by "npm run roadmap:import" from ${shown}.\n${stringify(roadmap, { lineWidth: 0 })}`;
}

async function writeOutput(yaml: string, out: string, force: boolean): Promise<void> {
  await mkdir(path.dirname(out), { recursive: true });
  try {
    await writeFile(out, yaml, { encoding: "utf8", flag: force ? "w" : "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new CliError(`${out} already exists; nothing was written. Pass --force to overwrite it.`);
    throw new CliError(`Cannot write ${out}: ${(error as Error).message}`);
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseCommandLine(process.argv.slice(2), { usage: USAGE, options: OPTIONS, positionals: true });
  if (positionals.length === 0) throw new CliError("No Markdown files given (Usage: npm run roadmap:import -- <hub.md> [<other-page.md>...]; --help for more)", 2);
  if (values.id !== undefined && !KEBAB_ID.test(values.id)) throw new CliError(`--id "${values.id}" must be lower-case kebab-case, e.g. ai-engineering.`, 2);
  const pages = await readPages(positionals);
  const force = values.force === true;
  const previousFile = values.previous ?? (force && values.out !== undefined && values.out !== "-" ? values.out : undefined);
  const previous = previousFile === undefined ? undefined : await readPrevious(previousFile, values.previous !== undefined);
  const { roadmap, report } = importMarkdown(pages, { ...(values.id === undefined ? {} : { id: values.id }), ...(previous ? { previous } : {}) });
  console.error(formatImportReport(report));
  if (countItems(roadmap) === 0) {
    throw new CliError(`No task items found in ${positionals.join(", ")}: expected GFM task lists such as "- [ ] text".`);
  }
  const yaml = toYaml(validateRoadmap(roadmap), pages);
  const out = values.out ?? path.join("roadmap", `${roadmap.id}.yaml`);
  if (out === "-") {
    process.stdout.write(yaml);
    return;
  }
  await writeOutput(yaml, out, force);
  console.error(`Wrote ${out}: ${roadmap.stages.length} stages, ${countItems(roadmap)} items, ${roadmap.milestones.length} milestones.`);
}

await runCli(async () => {
  try {
    await main();
  } catch (error) {
    if (error instanceof ImportError) throw new CliError(userMessageText(ENGLISH, error.says, true));
    throw error;
  }
});
