import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import {
  importMarkdown,
  readPreviousRoadmap,
  repairMojibake,
  slugify,
  type ImportResult,
  type MarkdownPage,
} from "../../src/catalogue/import-markdown.ts";
import { roadmapFileSchema, type RoadmapFile, type RoadmapFileItem } from "../../src/catalogue/schema.ts";
import { userMessageText, type UserMessage } from "../../src/errors.ts";
import { ENGLISH } from "../../src/i18n/english.ts";

/** What the importer says, as the command line prints it (the report holds message keys). */
const english = (messages: readonly UserMessage[]) => messages.map((message) => userMessageText(ENGLISH, message, true));

const PROJECT_DIR = path.resolve(import.meta.dirname, "../..");
const FIXTURES = path.join(PROJECT_DIR, "test/fixtures/markdown");
/** A byte-for-byte copy of /work/shared/seed/ai-engineering-roadmap.md, so the test does not depend on that folder. */
const SEED_HUB = "seed-ai-engineering-roadmap.md";
const HUB_AND_STAGE_PAGES = ["ai-study-plan.md", "stage-1-foundational-skills.md", "stage-2-working-with-ai-tools.md"];

async function fixture(name: string): Promise<MarkdownPage> {
  return { name, text: await readFile(path.join(FIXTURES, name), "utf8") };
}

async function importFixtures(...names: string[]): Promise<ImportResult> {
  return importMarkdown(await Promise.all(names.map(fixture)));
}

function allItems(roadmap: RoadmapFile): RoadmapFileItem[] {
  return roadmap.stages.flatMap((stage) => stage.sections.flatMap((section) => section.items));
}

function itemTitled(roadmap: RoadmapFile, title: string): RoadmapFileItem {
  const item = allItems(roadmap).find((candidate) => candidate.title === title);
  if (!item) throw new Error(`no item titled "${title}"`);
  return item;
}

describe("importing the seed hub page", () => {
  let result: ImportResult;
  beforeEach(async () => {
    result = await importFixtures(SEED_HUB);
  });

  it("round-trips the checklist: three stages with the seed's titles and its 7, 7 and 6 lines in order", () => {
    const { stages } = result.roadmap;
    expect(stages.map((stage) => [stage.number, stage.title])).toEqual([
      [1, "Foundational Skills"],
      [2, "Working with AI Tools"],
      [3, "Advanced AI Engineering"],
    ]);
    expect(stages.map((stage) => stage.sections.flatMap((section) => section.items.map((item) => item.title)))).toEqual([
      [
        "Complete Python fundamentals (basics, control flow, functions)",
        "Set up development environment (Git, IDE, virtual environments)",
        "Learn software engineering practices (testing, code quality)",
        "Master databases and SQL",
        "Build REST APIs",
        "Complete math foundations (linear algebra basics, statistics)",
        "Complete 5 portfolio projects from Stage 1",
      ],
      [
        "Integrate with AI APIs (OpenAI, Anthropic, others)",
        "Master prompt engineering techniques",
        "Build and deploy RAG systems",
        "Understand model selection and fine-tuning",
        "Learn evaluation metrics and testing strategies",
        "Complete 3+ AI applications with real users/feedback",
        "Deploy to production",
      ],
      [
        "Understand transformer architecture and deep learning internals",
        "Build production MLOps pipelines",
        "Optimize for cost and latency",
        "Design complete AI systems",
        "Contribute to open-source projects",
        "Lead technical discussions and mentor others",
      ],
    ]);
  });

  it("puts a stage's items that have no section heading into section N.1 titled like the stage", () => {
    expect(result.roadmap.stages.map((stage) => stage.sections.map((section) => [section.number, section.title]))).toEqual([
      [["1.1", "Foundational Skills"]],
      [["2.1", "Working with AI Tools"]],
      [["3.1", "Advanced AI Engineering"]],
    ]);
  });

  it("takes title, id and description from the hub page, without emoji or mojibake", () => {
    expect(result.roadmap.id).toBe("ai-engineering-your-realistic-roadmap");
    expect(result.roadmap.title).toBe("AI Engineering: Your Realistic Roadmap");
    expect(result.roadmap.description).toMatch(/^A comprehensive, realistic roadmap for becoming an AI Engineer—a specialized/);
  });

  it("turns the timeline milestones into milestones, not items", () => {
    expect(result.roadmap.milestones).toEqual([
      { id: "stage-1-complete", title: "Stage 1 complete", description: "Foundational skills job-ready criteria met", stage: 1 },
      { id: "stage-2-complete", title: "Stage 2 complete", description: "AI application job-ready criteria met", stage: 2 },
      { id: "stage-3-complete", title: "Stage 3 complete", description: "Senior engineer criteria met", stage: 3 },
    ]);
  });

  it("takes six completion criteria per stage from the summary, without the ✅", () => {
    const { stages } = result.roadmap;
    expect(stages.map((stage) => stage.completionCriteria.length)).toEqual([6, 6, 6]);
    expect(stages[0]?.completionCriteria[0]).toBe("Clean, professional Python code");
    expect(stages[2]?.completionCriteria.at(-1)).toBe("Lead technical discussions");
  });

  it("takes goals, key skills and levels from the stage table: Stage 2 Job-Ready, Stage 3 Senior", () => {
    const { stages } = result.roadmap;
    expect(stages.map((stage) => stage.level)).toEqual(["Foundations", "Job-Ready", "Senior"]);
    expect(stages[1]?.goal).toBe("Build AI applications, RAG systems");
    expect(stages[2]?.keySkills).toBe("Deep learning, infrastructure, optimization");
  });

  it("reports the tracker's claimed counts as mismatches instead of making items of them", () => {
    expect(allItems(result.roadmap)).toHaveLength(20);
    expect(allItems(result.roadmap).some((item) => /items\)|Stage \d+ complete/.test(item.title))).toBe(false);
    expect(result.report.stages.map((stage) => [stage.items, stage.claimed])).toEqual([
      [7, 100],
      [7, 95],
      [6, 150],
    ]);
    expect(english(result.report.mismatches)).toContain(
      'Stage 1 "Foundational Skills": the page claims 100 items, 7 were found (seed-ai-engineering-roadmap.md)',
    );
    expect(english(result.report.mismatches)).toContain(
      "The roadmap: the page claims 345 items, 20 were found (seed-ai-engineering-roadmap.md)",
    );
  });

  it("produces a roadmap the schema accepts", () => {
    expect(roadmapFileSchema.safeParse(result.roadmap).success).toBe(true);
  });
});

describe("importing a hub page with stage pages", () => {
  let result: ImportResult;
  beforeEach(async () => {
    result = await importFixtures(...HUB_AND_STAGE_PAGES);
  });

  const stage = (number: number) => {
    const found = result.roadmap.stages.find((candidate) => candidate.number === number);
    if (!found) throw new Error(`no stage ${number}`);
    return found;
  };

  it("numbers sections from their headings, and unnumbered headings with items after them", () => {
    expect(stage(1).sections.map((section) => [section.number, section.title])).toEqual([
      ["1.1", "Python Fundamentals"],
      ["1.2", "Git & GitHub"],
    ]);
    expect(stage(2).sections.map((section) => [section.number, section.title])).toEqual([
      ["2.1", "AI APIs"],
      ["2.2", "Prompt Engineering"],
      ["2.3", "RAG"],
      ["2.4", "Capstone"],
    ]);
  });

  it("uses the stage pages' checklists instead of the hub's summary, and the hub's for a stage without a page", () => {
    const titles = (number: number) => stage(number).sections.flatMap((section) => section.items.map((item) => item.title));
    expect(titles(1)).not.toContain("Learn Git");
    expect(titles(1)).toHaveLength(6);
    expect(titles(3)).toEqual([
      "Understand transformer architecture and deep learning internals",
      "Build production MLOps pipelines with MLflow",
      "🚀 Optimize for cost and latency",
    ]);
    const summary = result.report.skipped.find((kind) => kind.reason.key === "importer:skip.stageSummary");
    expect(summary).toMatchObject({ count: 4, example: 'ai-study-plan.md:41 "Complete Python fundamentals"' });
  });

  it("does not make items or sections of bold pseudo-headings and tracker lines", () => {
    const titles = allItems(result.roadmap).map((item) => item.title);
    expect(titles.some((title) => /Core Skills|Resources|items\)|^2\.1/.test(title))).toBe(false);
    expect(result.roadmap.stages.flatMap((s) => s.sections).some((section) => /Core Skills|Progress/.test(section.title))).toBe(false);
  });

  it("imports ticked items, nested checkbox items and both `**Term** - text` and `**Term**: text` forms", () => {
    expect(stage(1).sections[0]?.items.map((item) => [item.id, item.title])).toEqual([
      ["variables-types-and-control-flow", "Variables, types and control flow"],
      ["functions", "Functions: arguments, return values and scope"],
      ["deja-vu-debugging", "Déjà vu debugging: reproduce a flaky bug before fixing it"],
      ["build-a-mini-project", "Build a mini project"],
    ]);
    expect(stage(2).sections[0]?.items.map((item) => item.title)).toEqual([
      "OpenAI API: chat completions, function calling and streaming",
      "Anthropic API: messages, tool use and system prompts",
      "🔑 Store API keys safely (environment variables, secret managers)",
      "Rotate a leaked key",
    ]);
  });

  it("keeps link text in titles and collects the links as resources, including links in nested bullets", () => {
    expect(itemTitled(result.roadmap, "Open a pull request on GitHub").resources).toEqual([{ title: "GitHub", url: "https://github.com/" }]);
    const miniProject = stage(2).sections[1]?.items.at(-1);
    expect(miniProject).toMatchObject({
      title: "Build a mini project",
      description: "Compare three prompts on the same task",
      resources: [{ title: "Prompting guide", url: "https://www.promptingguide.ai/" }],
    });
  });

  it("strips emoji and accents from ids but keeps the author's emoji in titles", () => {
    expect(itemTitled(result.roadmap, "🔑 Store API keys safely (environment variables, secret managers)").id).toBe(
      "store-api-keys-safely-environment-variables",
    );
    expect(itemTitled(result.roadmap, "🚀 Optimize for cost and latency").id).toBe("optimize-for-cost-and-latency");
  });

  it("reports a section whose claimed count is wrong, and only that one", () => {
    expect(english(result.report.mismatches)).toEqual([
      'Stage 2, section 2.1 "AI APIs": the page claims 5 items, 4 were found (stage-2-working-with-ai-tools.md)',
    ]);
    expect(result.report.stages[1]?.sections[0]).toEqual({ number: "2.1", title: "AI APIs", items: 4, claimed: 5 });
    expect(result.report.stages.map((s) => [s.number, s.items, s.claimed])).toEqual([
      [1, 6, 6],
      [2, 14, 14],
      [3, 3, 3],
    ]);
  });

  it("reports a plain bullet among checklist items once, by kind, with where it is", () => {
    expect(result.report.skipped).toContainEqual({
      reason: { key: "importer:skip.plainLines" },
      count: 1,
      example: 'stage-2-working-with-ai-tools.md:26 "OpenAI API reference"',
    });
  });

  it("gives unique ids, prefixing a repeated title with its section's slug", () => {
    const ids = allItems(result.roadmap).map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(allItems(result.roadmap).filter((item) => item.title === "Build a mini project").map((item) => item.id)).toEqual([
      "build-a-mini-project",
      "prompt-engineering-build-a-mini-project",
      "rag-build-a-mini-project",
    ]);
  });

  it("gives the same ids when the same pages are imported again, in any order", async () => {
    const again = await importFixtures(...[...HUB_AND_STAGE_PAGES].reverse());
    expect(allItems(again.roadmap).map((item) => item.id)).toEqual(allItems(result.roadmap).map((item) => item.id));
  });

  it("cuts an over-long item to at most 100 characters on a word boundary and keeps the whole text as its description", () => {
    const long = stage(2).sections[2]?.items.at(-1);
    expect(long?.title.length).toBeLessThanOrEqual(100);
    expect(long?.title).toMatch(/^Evaluate retrieval quality end to end: .*[a-z]…$/);
    expect(long?.description).toBe(
      "Evaluate retrieval quality end to end: measure recall at k and answer faithfulness on a hand-labelled question set, compare chunk sizes and overlap, and write up what you learned for the group",
    );
    expect(long?.id).toBe("evaluate-retrieval-quality-end-to-end-measure");
  });

  it("produces a roadmap the schema accepts", () => {
    const parsed = roadmapFileSchema.safeParse(result.roadmap);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it("survives a round trip through YAML with the same ids and titles", () => {
    const reloaded = roadmapFileSchema.parse(parse(stringify(result.roadmap)));
    const idsAndTitles = (roadmap: RoadmapFile) => allItems(roadmap).map((item) => [item.id, item.title]);
    expect(idsAndTitles(reloaded)).toEqual(idsAndTitles(result.roadmap));
    expect(reloaded.milestones).toEqual(result.roadmap.milestones);
  });
});

describe("importing small pages", () => {
  const page = (text: string, name = "page.md"): MarkdownPage => ({ name, text });

  it("numbers repeated titles within one section -2, -3", () => {
    const { roadmap } = importMarkdown([page("# Stage 1: Basics\n\n## 1.1 Practice\n- [ ] Review\n- [ ] Review\n- [ ] Review\n")]);
    expect(allItems(roadmap).map((item) => item.id)).toEqual(["review", "practice-review", "practice-review-2"]);
  });

  it("finds a page's stage from its section numbers when its title does not name one", () => {
    const { roadmap, report } = importMarkdown([page("# Retrieval\n\n### 4.2 Vector stores (0/1 items)\n- [ ] Try pgvector\n")]);
    expect(roadmap.stages.map((stage) => [stage.number, stage.sections.map((section) => section.number)])).toEqual([[4, ["4.2"]]]);
    expect(english(report.mismatches)).toEqual([]);
  });

  it("makes one stage, named after the page, of a page without stage headings", () => {
    const { roadmap } = importMarkdown([page("# Notes\n\n- [ ] Buy snacks\n", "notes.md")]);
    expect(roadmap.stages.map((stage) => [stage.number, stage.title, stage.sections.map((section) => section.title)])).toEqual([
      [1, "Notes", ["Notes"]],
    ]);
  });

  it("reports task items on a page outside every stage when the roadmap has stages", () => {
    const hub = page("# Plan\n\n## Stage 1: Basics\n- [ ] Read\n\nSee [notes](./notes.md).\n", "README.md");
    const { roadmap, report } = importMarkdown([hub, page("# Notes\n\n- [ ] Buy snacks\n", "notes.md")]);
    expect(roadmap.stages.flatMap((stage) => stage.sections.flatMap((section) => section.items.map((item) => item.title)))).toEqual(["Read"]);
    expect(report.skipped).toContainEqual({ reason: { key: "importer:skip.outsideStage" }, count: 1, example: 'notes.md:3 "Buy snacks"' });
  });

  it("uses --id when given", () => {
    expect(importMarkdown([page("# Stage 1: Basics\n- [ ] Read\n")], { id: "basics" }).roadmap.id).toBe("basics");
  });

  it("repairs UTF-8 that was misread as Mac Roman or Windows-1252, and leaves genuine text alone", () => {
    const original = "## ✅ Café — naïve 🤗";
    const bytes = new TextEncoder().encode(original);
    expect(repairMojibake(new TextDecoder("macintosh").decode(bytes))).toEqual({ text: original, misreadAs: "Mac Roman" });
    expect(repairMojibake(new TextDecoder("windows-1252").decode(bytes))).toEqual({ text: original, misreadAs: "Windows-1252" });
    expect(repairMojibake(original)).toEqual({ text: original });
    expect(repairMojibake("Café")).toEqual({ text: "Café" });
  });

  it("orders sections by number, unnumbered ones after the numbered", () => {
    const { roadmap } = importMarkdown([page("# Stage 2: Tools\n## Warm-up\n- [ ] Read\n## 2.1 APIs\n- [ ] Call one\n")]);
    expect(roadmap.stages[0]?.sections.map((section) => [section.number, section.title])).toEqual([
      ["2.1", "APIs"],
      ["2.2", "Warm-up"],
    ]);
  });

  it("makes ids of at most 48 characters, cut on a word boundary", () => {
    expect(slugify("Ünïcödé & emoji 🚀 — a very long title that keeps going well past the limit")).toBe(
      "unicode-emoji-a-very-long-title-that-keeps-going",
    );
  });
});

describe("the roadmap:import command", () => {
  const execFileAsync = promisify(execFile);
  let outDir: string;
  beforeEach(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), "roadmap-import-"));
  });
  afterEach(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  /** Runs the CLI as `npm run roadmap:import` does; resolves with its exit code and output either way. */
  async function runImport(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await execFileAsync(process.execPath, ["--import", "tsx", "src/catalogue/import-cli.ts", ...args], {
        cwd: PROJECT_DIR,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout: string; stderr: string };
      return { code: typeof failed.code === "number" ? failed.code : -1, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  const fixturePaths = (...names: string[]) => names.map((name) => path.join(FIXTURES, name));

  it("writes a valid roadmap and prints the report to stderr", async () => {
    const out = path.join(outDir, "ai-study-plan.yaml");
    const run = await runImport(...fixturePaths(...HUB_AND_STAGE_PAGES), "--out", out);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("2.1 AI APIs: 4 items (the page claims 5)");
    expect(run.stderr).toContain('Stage 2, section 2.1 "AI APIs": the page claims 5 items, 4 were found');
    expect(run.stderr).toContain(`Wrote ${out}: 3 stages, 23 items, 3 milestones.`);
    const written = roadmapFileSchema.parse(parse(await readFile(out, "utf8")));
    expect(written.id).toBe("ai-study-plan");
    expect(allItems(written)).toHaveLength(23);
  });

  it("refuses to overwrite an existing file unless --force is given", async () => {
    const out = path.join(outDir, "existing.yaml");
    await writeFile(out, "keep me\n");
    const refused = await runImport(...fixturePaths(SEED_HUB), "--out", out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("already exists");
    expect(await readFile(out, "utf8")).toBe("keep me\n");
    const forced = await runImport(...fixturePaths(SEED_HUB), "--out", out, "--force", "--id", "ai-engineering");
    expect(forced.code).toBe(0);
    expect(roadmapFileSchema.parse(parse(await readFile(out, "utf8"))).id).toBe("ai-engineering");
  });

  it("prints its help with --help and exits 0", async () => {
    const run = await runImport("--help");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run roadmap:import -- <hub\.md>/);
  });

  it("refuses an unknown option with one line and exit status 2", async () => {
    const run = await runImport(...fixturePaths(SEED_HUB), "--frobnicate");
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("--frobnicate");
    expect(run.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it("imports a hub and every other page of a folder tree, naming pages by their path", async () => {
    const root = path.join(PROJECT_DIR, "test/fixtures/roadmap-folders");
    const others = (await readdir(root, { recursive: true })).filter((name) => name.endsWith(".md") && name !== "README.md").sort();
    const out = path.join(outDir, "folders.yaml");
    const run = await runImport(path.join(root, "README.md"), ...others.map((name) => path.join(root, name)), "--out", out);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("Hub page: README.md");
    expect(run.stderr).toContain("  1.1 Shell Skills: 5 items (as claimed)");
    expect(run.stderr).toContain("Task lines inside code blocks, not items: 2");
    expect(run.stderr).toContain(`Wrote ${out}: 3 stages, 28 items, 3 milestones.`);
    expect(allItems(roadmapFileSchema.parse(parse(await readFile(out, "utf8"))))).toHaveLength(28);
  });

  it("keeps ids when re-importing over its own output with --force, and makes an alias for a renamed item", async () => {
    const out = path.join(outDir, "plan.yaml");
    const pages = fixturePaths(...HUB_AND_STAGE_PAGES);
    expect((await runImport(...pages, "--out", out)).code).toBe(0);
    const editedDir = await mkdtemp(path.join(tmpdir(), "roadmap-edited-"));
    try {
      for (const name of HUB_AND_STAGE_PAGES) {
        const text = await readFile(path.join(FIXTURES, name), "utf8");
        await writeFile(path.join(editedDir, name), text.replace("- [ ] Zero-shot and few-shot prompting", "- [ ] Zero-shot and few-shot prompting practice"));
      }
      const run = await runImport(...HUB_AND_STAGE_PAGES.map((name) => path.join(editedDir, name)), "--out", out, "--force");
      expect(run.code).toBe(0);
      expect(run.stderr).toContain("Against the previous roadmap: 22 items kept their ids, 1 renamed (old id kept as an alias), 0 gone.");
      const item = itemTitled(roadmapFileSchema.parse(parse(await readFile(out, "utf8"))), "Zero-shot and few-shot prompting practice");
      expect(item.aliases).toEqual(["zero-shot-and-few-shot-prompting"]);
    } finally {
      await rm(editedDir, { recursive: true, force: true });
    }
  });

  it("fails with one clear line when --previous is not a roadmap file, and writes nothing", async () => {
    const out = path.join(outDir, "x.yaml");
    const bogus = path.join(outDir, "bogus.yaml");
    await writeFile(bogus, "just: a list\n");
    const run = await runImport(...fixturePaths(SEED_HUB), "--previous", bogus, "--out", out);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(`Cannot use ${bogus} as the previous roadmap: it is not a roadmap file (expected stages → sections → items with id and title)`);
    await expect(readFile(out)).rejects.toThrow();
  });

  it("fails with a clear message for a missing file", async () => {
    const missing = path.join(FIXTURES, "no-such-page.md");
    const run = await runImport(missing, "--out", path.join(outDir, "x.yaml"));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Cannot read ${missing}: no such file`);
  });

  it("fails with a clear message for a page with no checklist items", async () => {
    const out = path.join(outDir, "x.yaml");
    const run = await runImport(...fixturePaths("no-checklist.md"), "--out", out);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("No task items found in");
    await expect(readFile(out)).rejects.toThrow();
  });
});

/** Reads every page of a fixture folder, named by its path inside the folder, as the CLI names them. */
async function folderPages(folder: string): Promise<MarkdownPage[]> {
  const root = path.join(PROJECT_DIR, "test/fixtures", folder);
  const names = (await readdir(root, { recursive: true })).filter((name) => name.endsWith(".md")).sort();
  return Promise.all(names.map(async (name) => ({ name: name.split(path.sep).join("/"), text: await readFile(path.join(root, name), "utf8") })));
}

function titlesOf(section: RoadmapFile["stages"][number]["sections"][number] | undefined): string[] {
  return section?.items.map((item) => item.title) ?? [];
}

describe("importing a hub, stage pages and topic pages kept in folders of README.md files", () => {
  let result: ImportResult;
  beforeEach(async () => {
    result = importMarkdown(await folderPages("roadmap-folders"));
  });
  const stage = (number: number) => result.roadmap.stages.find((candidate) => candidate.number === number);

  it("makes each topic page a section of its stage, although most pages are called README.md", () => {
    expect(result.roadmap.stages.map((s) => [s.number, s.title, s.sections.map((section) => `${section.number} ${section.title}`)])).toEqual([
      [1, "Basics", ["1.1 Shell Skills", "1.2 Python Essentials"]],
      [2, "Building", ["2.1 Embeddings and Search", "2.2 Agents"]],
      [3, "Scaling", ["3.1 Model Serving", "3.2 Monitoring in Production"]],
    ]);
  });

  it("puts a stage page's checklist under the topic page of the same name", () => {
    expect(titlesOf(stage(1)?.sections[0])).toEqual([
      "Move between folders with cd and ls",
      "Chain commands with pipes",
      "Redirect output to a file",
      "Find files by name with find",
      "Write a script with a for loop",
    ]);
    expect(titlesOf(stage(1)?.sections[1])[0]).toBe("Run a script from the terminal");
  });

  it("adds the pages below a topic page to its section", () => {
    expect(titlesOf(stage(1)?.sections[1])).toEqual(expect.arrayContaining(["Use list comprehensions", "Write a first pytest test"]));
  });

  it("joins an unnumbered topic page to the numbered heading of the same topic", () => {
    expect(titlesOf(stage(3)?.sections[0])).toEqual([
      "vLLM: batch requests on one GPU",
      "Ray Serve: scale out over machines",
      "Load-test an endpoint",
      "Cache repeated prompts",
    ]);
  });

  it("keeps inline code, stars and underscores in titles as the author wrote them", () => {
    const titles = allItems(result.roadmap).map((item) => item.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        "*args and **kwargs",
        "Write __init__.py files: make a folder a package",
        "Import a package __init__.py from a test",
        "pyproject.toml: declare dependencies",
      ]),
    );
  });

  it("does not make items of task lines inside fenced code, and counts them in the report", () => {
    expect(allItems(result.roadmap).some((item) => /example, not an item|neither is this/.test(item.title))).toBe(false);
    expect(result.report.coverage.inCode).toBe(2);
  });

  it("makes prerequisites, ready-to-move-on lists and success criteria the stage's criteria, not items", () => {
    expect(stage(1)?.completionCriteria).toEqual([
      "Can script a daily chore",
      "Can package a Python module",
      "Own a computer you may install software on",
      "Have a few hours a week",
      "Automate a boring task",
      "Read a stack trace",
    ]);
    expect(stage(2)?.completionCriteria).toEqual(
      expect.arrayContaining(["Explain when retrieval beats a bigger prompt", "Never calls a tool that does not exist"]),
    );
    const titles = allItems(result.roadmap).map((item) => item.title);
    expect(titles).not.toContain("Have a few hours a week");
    expect(titles).not.toContain("Never calls a tool that does not exist");
  });

  it("reports the pages' claimed counts against what was found, for stages, sections and the whole roadmap", () => {
    expect(english(result.report.mismatches)).toEqual(
      expect.arrayContaining([
        'Stage 1 "Basics": the page claims 12 items, 15 were found (README.md)',
        "The roadmap: the page claims 29 items, 28 were found (README.md)",
        'Stage 2, section 2.2 "Agents": the page claims 5 items, 3 were found (stage-2-building/README.md)',
      ]),
    );
    expect(result.report.stages[0]?.sections[0]).toEqual({ number: "1.1", title: "Shell Skills", items: 5, claimed: 5 });
  });

  it("says what it inferred, and what it skipped once per kind with a count", () => {
    expect(result.report.hub).toBe("README.md");
    expect(result.report.inferred).toContainEqual(expect.stringMatching(/^Stage 2 "Building": recognised from .*stage-2-building\/README\.md.*2 from topic pages$/));
    expect(result.report.skipped).toEqual([
      {
        reason: { key: "importer:skip.stageSummary" },
        count: 4,
        example: 'README.md:27 "Get comfortable with the terminal"',
      },
    ]);
    const { coverage } = result.report;
    expect([coverage.tasks, coverage.items, coverage.criteria, coverage.milestones, coverage.claims]).toEqual([51, 28, 7, 3, 9]);
  });

  it("takes goals and levels from the hub's stage table and produces a roadmap the schema accepts", () => {
    expect(result.roadmap.stages.map((s) => [s.goal, s.level])).toEqual([
      ["Be at home in a terminal and in Python", "Foundations"],
      ["Build retrieval and agent prototypes", "Job-Ready"],
      ["Run models for many users", "Lead"],
    ]);
    const parsed = roadmapFileSchema.safeParse(result.roadmap);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it("gives the same ids whatever order the pages come in", async () => {
    const pages = await folderPages("roadmap-folders");
    const reordered = [...pages.slice(5), ...pages.slice(0, 5).reverse()];
    const ids = (pagesInOrder: MarkdownPage[]) => allItems(importMarkdown(pagesInOrder).roadmap).map((item) => item.id);
    expect(ids(reordered)).toEqual(ids(pages));
    expect(new Set(ids(pages)).size).toBe(ids(pages).length);
  });
});

describe("importing one long page with topic headings, nested task lists and code", () => {
  let result: ImportResult;
  beforeEach(async () => {
    result = importMarkdown(await folderPages("long-page"));
  });

  it("makes the ## topics the sections of one stage named after the page", () => {
    expect(result.roadmap.stages.map((s) => [s.title, s.sections.map((section) => section.title)])).toEqual([
      ["Backend Study Checklist", ["Data Structures", "Algorithms", "Systems", "Design Practice", "Behavioural"]],
    ]);
  });

  it("makes nested task items items of their topic, and nested plain bullets their description", () => {
    const titles = titlesOf(result.roadmap.stages[0]?.sections[0]);
    expect(titles).toEqual(expect.arrayContaining(["Remove duplicates from a sorted array", "AVL rotations", "Insert with recolouring"]));
    expect(itemTitled(result.roadmap, "Reverse a linked list").description).toBe("iteratively\nrecursively");
  });

  it("leaves task lines in code blocks out, and makes the before/ready lists criteria", () => {
    expect(result.report.coverage.inCode).toBe(3);
    expect(allItems(result.roadmap).some((item) => /topic|SELECT/.test(item.title))).toBe(false);
    expect(result.roadmap.stages[0]?.completionCriteria).toEqual([
      "Can write a loop and a function in one language",
      "Have a GitHub account",
      "Solve a medium problem in 30 minutes",
      "Talk through a design for 45 minutes",
    ]);
    expect(result.report.coverage).toMatchObject({ tasks: 53, items: 49, criteria: 4 });
  });

  it("produces a roadmap the schema accepts, filling in and reporting the stage fields the page lacks", () => {
    const parsed = roadmapFileSchema.safeParse(result.roadmap);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    expect(english(result.report.warnings)).toContain("Stage 1: no goal, level, key skills found on the pages; a default was filled in");
  });
});

describe("importing a long page", () => {
  const filler = "- [ ] A filler item to make the page long\n".repeat(1000);
  const text = `# Long\n\n## Topic A\n${filler}\n\`\`\`\n# not a heading\n- [ ] in code\n\`\`\`\n\n## Topic B\n- [ ] Last item\n- plain line\n`;

  it("reads it as one page: a heading inside code stays code, and line numbers count from the page's top", () => {
    expect(text.length).toBeGreaterThan(40_000);
    const { roadmap, report } = importMarkdown([{ name: "long.md", text }]);
    expect(roadmap.stages[0]?.sections.map((section) => [section.title, section.items.length])).toEqual([
      ["Topic A", 1000],
      ["Topic B", 1],
    ]);
    expect(report.coverage.inCode).toBe(1);
    const plainLine = text.split("\n").indexOf("- plain line") + 1;
    expect(report.skipped).toContainEqual({ reason: { key: "importer:skip.plainLines" }, count: 1, example: `long.md:${plainLine} "plain line"` });
  });
});

describe("importing pages in other languages", () => {
  it("reads Spanish stage headings and makes readable ids without accents", async () => {
    const { roadmap } = importMarkdown((await folderPages("translated")).filter((page) => page.name === "hoja-de-ruta.md"));
    expect(roadmap.id).toBe("hoja-de-ruta-de-ingenieria-de-datos");
    expect(roadmap.stages.map((s) => [s.number, s.title])).toEqual([
      [1, "Fundamentos"],
      [2, "Datos en producción"],
    ]);
    expect(allItems(roadmap).slice(0, 4).map((item) => [item.id, item.title])).toEqual([
      ["instalar-python-y-un-editor-de-codigo", "Instalar Python y un editor de código"],
      ["escribir-funciones-pequenas-y-reutilizables", "Escribir funciones pequeñas y reutilizables"],
      ["entender-la-diferencia-entre-listas-y-tuplas", "Entender la diferencia entre listas y tuplas"],
      ["repasar-algebra-lineal-vectores-y-matrices", "Repasar álgebra lineal: vectores y matrices"],
    ]);
    expect(roadmap.stages[0]?.completionCriteria).toEqual(["Puedo explicar qué hace cada línea de mi código"]);
  });

  it("transliterates Cyrillic and Greek titles into ids, and gives a script it cannot spell a positional id, never a hash", async () => {
    const { roadmap } = importMarkdown((await folderPages("translated")).filter((page) => page.name !== "hoja-de-ruta.md"));
    expect(roadmap.id).toBe("dorozhnaya-karta-mashinnoe-obuchenie");
    expect(roadmap.stages[0]?.title).toBe("Основы");
    expect(allItems(roadmap).map((item) => item.id)).toEqual([
      "povtorit-lineinuyu-algebru",
      "ponyat-gradientnyi-spusk",
      "matematika-item-3",
      "napisat-pervuyu-programmu-na-python",
      "ellinika-mathisi-me-paradeigmata",
    ]);
    expect(roadmapFileSchema.safeParse(roadmap).success).toBe(true);
  });
});

describe("re-importing an edited roadmap", () => {
  const edit = (pages: MarkdownPage[], name: string, from: string, to: string) =>
    pages.map((page) => (page.name === name ? { ...page, text: page.text.replace(from, to) } : page));

  it("keeps every unchanged item's id and gives a renamed item its old id as an alias", async () => {
    const pages = await folderPages("roadmap-folders");
    const first = importMarkdown(pages).roadmap;
    let edited = edit(pages, "stage-1-basics/shell/README.md", "- [ ] Redirect output to a file", "- [ ] Redirect command output into a file");
    // A new item whose title clashes with an existing one would otherwise push ids around.
    edited = edit(edited, "stage-2-building/embeddings/README.md", "- [ ] Compute sentence embeddings", "- [ ] Store vectors in pgvector\n- [ ] Compute sentence embeddings");
    const previous = readPreviousRoadmap(stringify(first));
    const second = importMarkdown([...edited].reverse(), { previous });
    const before = new Map(allItems(first).map((item) => [item.title, item.id]));
    for (const item of allItems(second.roadmap)) {
      if (before.has(item.title) && item.title !== "Store vectors in pgvector") expect(item.id, item.title).toBe(before.get(item.title));
    }
    const renamed = itemTitled(second.roadmap, "Redirect command output into a file");
    expect(renamed.aliases).toEqual(["redirect-output-to-a-file"]);
    expect(renamed.id).not.toBe("redirect-output-to-a-file");
    expect(second.report.ids).toMatchObject({ kept: 27, gone: [] });
    expect(roadmapFileSchema.safeParse(second.roadmap).success).toBe(true);
  });

  it("carries aliases over to the next import, and lists items that are gone", async () => {
    const pages = await folderPages("roadmap-folders");
    const renamedPages = edit(pages, "stage-1-basics/shell/README.md", "- [ ] Redirect output to a file", "- [ ] Redirect command output into a file");
    const second = importMarkdown(renamedPages, { previous: readPreviousRoadmap(stringify(importMarkdown(pages).roadmap)) }).roadmap;
    const dropped = edit(renamedPages, "stage-1-basics/shell/README.md", "- [ ] Write a script with a `for` loop\n", "");
    const third = importMarkdown(dropped, { previous: readPreviousRoadmap(stringify(second)) });
    expect(itemTitled(third.roadmap, "Redirect command output into a file")).toMatchObject({
      id: itemTitled(second, "Redirect command output into a file").id,
      aliases: ["redirect-output-to-a-file"],
    });
    expect(third.report.ids?.gone).toEqual(["write-a-script-with-a-for-loop"]);
  });
});
