import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { Catalogue, Roadmap } from "../../src/catalogue/catalogue.ts";
import { CatalogueError, loadCatalogue, problemText } from "../../src/catalogue/load.ts";
import { resolveItem } from "../../src/catalogue/resolve.ts";

const ROADMAP_DIR = path.resolve(import.meta.dirname, "../../roadmap");

describe("the AI Engineering roadmap", () => {
  let roadmap: Roadmap;
  beforeAll(async () => {
    roadmap = (await loadCatalogue(ROADMAP_DIR)).defaultRoadmap;
  });

  it("has the seed's three stages with 100, 95 and 150 items, 345 in all", () => {
    expect(roadmap.id).toBe("ai-engineering");
    expect(roadmap.stages.map((s) => s.items.length)).toEqual([100, 95, 150]);
    expect(roadmap.items).toHaveLength(345);
  });

  it("uses the seed's stage titles and levels: Stage 2 is Job-Ready, Stage 3 is Senior", () => {
    expect(roadmap.stages.map((s) => s.title)).toEqual([
      "Foundational Skills",
      "Working with AI Tools",
      "Advanced AI Engineering",
    ]);
    expect(roadmap.stage(2)?.level).toBe("Job-Ready");
    expect(roadmap.stage(3)?.level).toBe("Senior");
    expect(roadmap.stage(1)?.goal).toBe("Master Python, APIs, databases, Git");
  });

  it("numbers Stage 2's sections as the author does, with the counts the roadmap names", () => {
    const sections = roadmap.stage(2)!.sections.map((s) => [s.number, s.items.length]);
    expect(sections).toEqual([
      ["2.1", 15],
      ["2.2", 20],
      ["2.3", 25],
      ["2.4", 12],
      ["2.5", 18],
      ["2.6", 5],
    ]);
    expect(roadmap.stage(1)!.sections.map((s) => s.number)).toEqual(["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"]);
    expect(roadmap.stage(1)!.sections.at(-1)!.items).toHaveLength(5);
    expect(roadmap.stage(3)!.sections.map((s) => s.number)).toEqual(["3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8"]);
  });

  it("carries each stage's completion criteria and the three timeline milestones", () => {
    expect(roadmap.stage(2)!.completionCriteria).toContain("Build RAG applications");
    expect(roadmap.stages.every((s) => s.completionCriteria.length === 6)).toBe(true);
    expect(roadmap.milestones.map((m) => m.stage)).toEqual([1, 2, 3]);
  });

  it("gives every item a unique kebab-case id and a title of at most 100 characters", () => {
    const ids = roadmap.items.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const item of roadmap.items) {
      expect(item.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(item.title.length).toBeGreaterThan(0);
      expect(item.title.length).toBeLessThanOrEqual(100);
    }
    const titles = roadmap.items.map((item) => item.title.toLowerCase());
    expect(new Set(titles).size).toBe(titles.length);
  });

  it("knows each item's stage, section and position in roadmap order", () => {
    const first = roadmap.items[0]!;
    expect(first).toMatchObject({ stage: 1, section: "1.1", sectionTitle: "Python fundamentals", position: 0 });
    const last = roadmap.items.at(-1)!;
    expect(last).toMatchObject({ stage: 3, section: "3.8", position: 344 });
    expect(Object.isFrozen(roadmap.items)).toBe(true);
  });

  it("ranks the same with the prefix index as with a full scan, for every 1-4 letter prefix of title words", () => {
    const prefixes = new Set<string>();
    for (const item of roadmap.items) {
      for (const word of item.title.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
        for (let n = 1; n <= Math.min(4, word.length); n++) prefixes.add(word.slice(0, n));
      }
    }
    for (const prefix of prefixes) {
      const indexed = roadmap.search.search(prefix, 25).map((item) => item.id);
      // A limit above the catalogue's size always scores every item.
      const scanned = roadmap.search.search(prefix, 10_000).slice(0, 25).map((item) => item.id);
      expect(indexed, prefix).toEqual(scanned);
    }
  });

  it("finds items by typed words and resolves an exact title regardless of case", () => {
    const rag = roadmap.search.search("rag", 25);
    expect(rag.length).toBeGreaterThan(0);
    expect(rag.length).toBeLessThanOrEqual(25);
    const item = roadmap.stage(2)!.sections[2]!.items[0]!;
    const resolution = resolveItem(roadmap, item.title.toUpperCase());
    expect(resolution).toEqual({ kind: "found", item });
  });
});

// A small valid roadmap that each broken-file case below breaks in one place.
function validRoadmap() {
  return {
    id: "tiny",
    title: "Tiny roadmap",
    stages: [
      {
        number: 1,
        title: "Basics",
        goal: "Learn the basics",
        level: "Foundations",
        keySkills: "Basics",
        completionCriteria: ["Knows the basics"],
        sections: [
          {
            number: "1.1",
            title: "First steps",
            items: [
              { id: "install-tools", title: "Install the tools" },
              { id: "write-hello", title: "Write hello world", aliases: ["hello-world"] },
            ],
          },
        ],
      },
      {
        number: 2,
        title: "More",
        goal: "Go further",
        level: "Job-Ready",
        keySkills: "More",
        completionCriteria: ["Can do more"],
        sections: [
          { number: "2.1", title: "Next", items: [{ id: "a", title: "A" }, { id: "b", title: "B" }, { id: "c", title: "C" }] },
          { number: "2.2", title: "Then", items: [{ id: "d", title: "D" }, { id: "e", title: "E" }, { id: "f", title: "F" }] },
          {
            number: "2.3",
            title: "Last",
            items: Array.from({ length: 8 }, (_, i) => ({ id: `last-${i}`, title: `Last step ${i}` })),
          },
        ],
      },
    ],
    milestones: [{ id: "stage-1-complete", title: "Stage 1 complete", description: "Basics done", stage: 1 }],
  };
}

describe("loading roadmap files", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  async function folderWith(files: Record<string, unknown>): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), "roadmap-"));
    dirs.push(dir);
    for (const [name, content] of Object.entries(files)) {
      await writeFile(path.join(dir, name), typeof content === "string" ? content : stringify(content));
    }
    return dir;
  }

  async function problemsOf(content: unknown): Promise<{ file: string; path: string; message: string }[]> {
    const dir = await folderWith({ "tiny.yaml": content });
    const error = await loadCatalogue(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CatalogueError);
    const problems = (error as CatalogueError).problems;
    for (const problem of problems) expect(problem.file).toBe(path.join(dir, "tiny.yaml"));
    return problems.map((problem) => ({ file: problem.file, path: problem.path, message: problemText(problem) }));
  }

  it("resolves an item by a former id so renamed items keep everyone's progress", async () => {
    const catalogue: Catalogue = await loadCatalogue(await folderWith({ "tiny.yaml": validRoadmap() }));
    const roadmap = catalogue.roadmap("tiny")!;
    expect(roadmap.item("hello-world")?.id).toBe("write-hello");
    expect(roadmap.item("write-hello")?.id).toBe("write-hello");
    expect(resolveItem(roadmap, "HELLO-WORLD")).toMatchObject({ kind: "found", item: { id: "write-hello" } });
  });

  it("loads several roadmaps from one folder, each under its own id", async () => {
    const second = { ...validRoadmap(), id: "second", title: "Second roadmap" };
    const catalogue = await loadCatalogue(await folderWith({ "tiny.yaml": validRoadmap(), "second.yml": second }));
    expect([...catalogue.roadmaps.keys()].sort()).toEqual(["second", "tiny"]);
    expect(catalogue.roadmap("second")?.title).toBe("Second roadmap");
  });

  it("refuses a duplicate item id and names both places", async () => {
    const file = validRoadmap();
    file.stages[1]!.sections[2]!.items[7]!.id = "install-tools";
    const problems = await problemsOf(file);
    expect(problems).toContainEqual({
      file: expect.any(String),
      path: "stages[1].sections[2].items[7].id",
      message: 'duplicate id "install-tools" (already used at stages[0].sections[0].items[0].id)',
    });
  });

  it("refuses an alias that repeats another item's id", async () => {
    const file = validRoadmap();
    (file.stages[1]!.sections[0]!.items[1] as { aliases?: string[] }).aliases = ["install-tools"];
    const problems = await problemsOf(file);
    expect(problems.map((p) => p.path)).toEqual(["stages[1].sections[0].items[1].aliases[0]"]);
    expect(problems[0]!.message).toContain("duplicate id");
  });

  it("refuses an empty title", async () => {
    const file = validRoadmap();
    file.stages[0]!.sections[0]!.items[1]!.title = "   ";
    const problems = await problemsOf(file);
    expect(problems).toContainEqual(
      expect.objectContaining({ path: "stages[0].sections[0].items[1].title", message: "must not be empty" }),
    );
  });

  it("refuses a title over 100 characters", async () => {
    const file = validRoadmap();
    file.stages[1]!.sections[2]!.items[7]!.title = "x".repeat(101);
    const problems = await problemsOf(file);
    expect(problems).toContainEqual(
      expect.objectContaining({ path: "stages[1].sections[2].items[7].title", message: "must be at most 100 characters" }),
    );
  });

  it("refuses a stage without items", async () => {
    const file = validRoadmap();
    file.stages[1]!.sections = [];
    const problems = await problemsOf(file);
    expect(problems).toContainEqual(expect.objectContaining({ path: "stages[1].sections" }));
    expect(problems[0]!.message).toMatch(/at least one/);
  });

  it("refuses an id that is not kebab-case", async () => {
    const file = validRoadmap();
    file.stages[0]!.sections[0]!.items[0]!.id = "Install Tools";
    const problems = await problemsOf(file);
    expect(problems).toEqual([
      expect.objectContaining({ path: "stages[0].sections[0].items[0].id", message: expect.stringContaining("kebab-case") }),
    ]);
  });

  it("refuses malformed YAML with the file named", async () => {
    const problems = await problemsOf("id: tiny\nstages: [\n  - oops");
    expect(problems[0]!.message).toMatch(/^YAML:/);
  });

  it("refuses two files with the same roadmap id", async () => {
    const dir = await folderWith({ "a.yaml": validRoadmap(), "b.yaml": validRoadmap() });
    await expect(loadCatalogue(dir)).rejects.toThrow(/duplicate roadmap id "tiny"/);
  });
});
