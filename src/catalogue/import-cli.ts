import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { stringify } from "yaml";
import { CliError, parseCommandLine, runCli } from "../cli/command-line.ts";
import { z } from "zod";
import { formatImportReport, importMarkdown, type MarkdownPage } from "./import-markdown.ts";
import { roadmapFileSchema, type RoadmapFile } from "./schema.ts";

const USAGE = `Usage: npm run roadmap:import -- <hub.md> [<stage-page.md>...] [options]

Turns a roadmap written as Markdown (a hub page plus one page per stage) into a
roadmap YAML file, validates it, and prints what was found to stderr.

Options:
  --out <file>   Where to write the YAML. Default: roadmap/<id>.yaml (the folder the
                 bot loads). Use "--out -" to print the YAML to stdout instead.
  --id <id>      The roadmap's id (lower-case kebab-case). Default: made from the hub
                 page's "#" title, e.g. "AI Engineering: Your Realistic Roadmap" ->
                 ai-engineering-your-realistic-roadmap.
  --force        Overwrite the output file if it exists. Item ids come from item titles:
                 re-importing edited pages can change ids, and progress recorded under
                 an old id only survives if you add it to the item's "aliases".
  -h, --help     Show this help.

How the pages are read:
  - Items are checkbox lines ("- [ ] text", "* [x] text", indented ones too) under a
    "Stage N: Title" heading or a numbered section heading such as "### 2.3 RAG".
    Ticked boxes are items too. Bold lines on their own ("**Core Skills**") only group
    items. Plain bullets nested under an item add to its description; their links
    become resources.
  - Items directly under a stage heading go to section N.1 titled like the stage; each
    unnumbered heading under a stage starts a section with the next free number.
  - A stage page's checklist replaces the hub page's summary checklist for that stage.
  - "(0/25 items)" in headings and progress-tracker lines are claims: they are checked
    against the items found and every difference is reported, never turned into items.
  - The hub's "| Stage | Goal | Job-Ready | Key Skills |" table gives stage titles, goals,
    key skills and levels (Job-Ready "Yes" -> Job-Ready, "No" -> Foundations, any other
    value such as "Senior" as written). "### After Stage N" lists give completion
    criteria; "### Timeline Milestones" lines give milestones.
  - Ids are kebab-case slugs of the item's bold term or title (at most 48 characters);
    a clash is prefixed with the section's slug, then numbered -2, -3.

Exit status: 0 when the roadmap was written (even with mismatches or warnings, which
are printed), 1 when it could not be (unreadable page, no items, invalid roadmap,
existing output without --force), 2 for a usage error.`;

const KEBAB_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A failure the user can fix; printed without a stack trace. */
class ImportFailure extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "ImportFailure";
  }
}

interface CommandLine {
  files: string[];
  out?: string;
  id?: string;
  force: boolean;
}

function readCommandLine(args: readonly string[]): CommandLine {
  const { values, positionals } = parseCommandLine(args, {
    usage: USAGE,
    positionals: true,
    options: {
      out: { type: "string" },
      id: { type: "string" },
      force: { type: "boolean", default: false },
    },
  });
  if (positionals.length === 0) throw new CliError(`No Markdown files given (${USAGE.split("\n")[0]}; --help for more)`, 2);
  if (values.id !== undefined && !KEBAB_ID.test(values.id)) {
    throw new CliError(`--id "${values.id}" must be lower-case kebab-case, e.g. ai-engineering.`, 2);
  }
  return {
    files: positionals,
    ...(values.out === undefined ? {} : { out: values.out }),
    ...(values.id === undefined ? {} : { id: values.id }),
    force: values.force ?? false,
  };
}

async function readPages(files: readonly string[]): Promise<MarkdownPage[]> {
  return Promise.all(
    files.map(async (file) => {
      try {
        return { name: path.basename(file), text: await readFile(file, "utf8") };
      } catch (error) {
        throw new ImportFailure(`Cannot read ${file}: ${describeReadError(error as NodeJS.ErrnoException)}`);
      }
    }),
  );
}

function describeReadError(error: NodeJS.ErrnoException): string {
  if (error.code === "ENOENT") return "no such file";
  if (error.code === "EISDIR") return "it is a folder, not a Markdown file";
  if (error.code === "EACCES") return "permission denied";
  return error.message;
}

function countItems(roadmap: RoadmapFile): number {
  return roadmap.stages.reduce(
    (total, stage) => total + stage.sections.reduce((sum, section) => sum + section.items.length, 0),
    0,
  );
}

function validateRoadmap(roadmap: RoadmapFile): RoadmapFile {
  const result = roadmapFileSchema.safeParse(roadmap);
  if (result.success) return result.data;
  throw new ImportFailure(
    `The imported roadmap is not valid, so nothing was written:\n${z.prettifyError(result.error)}\n` +
      "Fix the Markdown (the warnings above say what is missing) and import again.",
  );
}

function toYaml(roadmap: RoadmapFile, files: readonly string[]): string {
  const header = `# Imported by "npm run roadmap:import" from ${files.map((file) => path.basename(file)).join(", ")}.\n`;
  return header + stringify(roadmap, { lineWidth: 0 });
}

async function writeOutput(yaml: string, out: string, force: boolean): Promise<void> {
  await mkdir(path.dirname(out), { recursive: true });
  try {
    await writeFile(out, yaml, { encoding: "utf8", flag: force ? "w" : "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw new ImportFailure(`${out} already exists; nothing was written. Pass --force to overwrite it.`);
    }
    throw new ImportFailure(`Cannot write ${out}: ${(error as Error).message}`);
  }
}

async function run(args: readonly string[]): Promise<void> {
  const commandLine = readCommandLine(args);
  const pages = await readPages(commandLine.files);
  const { roadmap, report } = importMarkdown(pages, commandLine.id === undefined ? {} : { id: commandLine.id });
  const summary = formatImportReport(report);
  if (summary) console.error(summary);
  if (countItems(roadmap) === 0) {
    throw new ImportFailure(
      `No checklist items found in ${commandLine.files.join(", ")}: expected lines such as "- [ ] text" under a ` +
        `"### Stage N: Title" or "## N.x Section" heading.`,
    );
  }
  const yaml = toYaml(validateRoadmap(roadmap), commandLine.files);
  const out = commandLine.out ?? path.join("roadmap", `${roadmap.id}.yaml`);
  if (out === "-") {
    process.stdout.write(yaml);
    return;
  }
  await writeOutput(yaml, out, commandLine.force);
  console.error(`Wrote ${out}: ${roadmap.stages.length} stages, ${countItems(roadmap)} items, ${roadmap.milestones.length} milestones.`);
}

await runCli(() => run(process.argv.slice(2)), (error) => error instanceof ImportFailure);
