import { beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { parseRoadmapText, problemText } from "../../src/catalogue/load.ts";
import { loadRealCatalogue } from "../support/catalogue.ts";

// These tests check the shape of the built-in roadmap's provenance. That each source line really is
// one of the author's checkboxes, and that the title keeps its meaning, was checked by hand against
// the author's pages, which no test may read.
describe("the built-in AI Engineering roadmap, traced to its author's pages", () => {
  let roadmap: Roadmap;
  beforeAll(async () => {
    roadmap = (await loadRealCatalogue()).defaultRoadmap;
  });

  it("names the author's repository, roadmap folder and commit once, at the top", () => {
    expect(roadmap.source).toEqual({
      repository: "https://github.com/kennyrnwilson/knowledge-library",
      folder: "04-guidance/professional/ai-engineering-roadmap",
      commit: "f8d3bda06f560da5071dd471a109a2a16cb3ad08",
    });
  });

  it("keeps the hub's 100, 95 and 150 items per stage", () => {
    expect(roadmap.stages.map((stage) => stage.items.length)).toEqual([100, 95, 150]);
  });

  it("gives every item a source: a Markdown page inside the folder and a line number", () => {
    const missing = roadmap.items.filter((item) => item.source === undefined).map((item) => item.id);
    expect(missing).toEqual([]);
    for (const item of roadmap.items) {
      const { path, line } = item.source!;
      expect(path, item.id).toMatch(/^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)*\.md$/i);
      expect(path.split("/"), item.id).not.toContain("..");
      expect(Number.isInteger(line) && line >= 1, item.id).toBe(true);
    }
  });

  it("takes each stage's items from that stage's own pages", () => {
    for (const stage of roadmap.stages) {
      for (const item of stage.items) {
        expect(item.source!.path, item.id).toMatch(new RegExp(`^stage-${stage.number}-[a-z-]+/`));
      }
    }
  });

  it("never points two items at the same line of the author's pages", () => {
    const lines = roadmap.items.map((item) => `${item.source!.path}:${item.source!.line}`);
    expect(new Set(lines).size).toBe(lines.length);
  });

  it("keeps replaced items' old ids as aliases, so progress ticked under them still counts", () => {
    expect(roadmap.item("sql-insert-update-delete")?.id).toBe("sql-basic-queries");
    expect(roadmap.item("cost-model-scaling")?.id).toBe("estimate-cost-latency");
    expect(roadmap.item("softmax-cross-entropy")?.id).toBe("loss-functions");
  });

  it("knows nothing of retired items, so their old progress no longer counts", () => {
    for (const id of ["mcp-server", "speculative-decoding", "owasp-llm-top10"]) expect(roadmap.item(id), id).toBeUndefined();
  });

  it("keeps titles short enough to read whole in autocomplete", () => {
    const long = roadmap.items.filter((item) => item.title.length > 80).map((item) => item.title);
    expect(long).toEqual([]);
  });
});

// A small roadmap with provenance, broken in one place by each case below.
function tracedRoadmap() {
  return {
    id: "traced",
    title: "Traced roadmap",
    source: {
      repository: "https://github.com/example/notes",
      folder: "guides/roadmap",
      commit: "0123456789abcdef0123456789abcdef01234567",
    },
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
              { id: "install-tools", title: "Install the tools", source: { path: "stage-1/README.md", line: 12 } },
              { id: "write-hello", title: "Write hello world", source: { path: "stage-1/hello.md", line: 3 } },
            ],
          },
        ],
      },
    ],
  };
}

type Traced = ReturnType<typeof tracedRoadmap>;

function problemsOf(file: unknown): { path: string; message: string }[] {
  const result = parseRoadmapText(stringify(file), "traced.yaml");
  return result.problems.map((problem) => ({ path: problem.path, message: problemText(problem) }));
}

function withFirstSource(source: unknown): Traced {
  const file = tracedRoadmap();
  (file.stages[0]!.sections[0]!.items[0] as { source: unknown }).source = source;
  return file;
}

describe("item sources in a roadmap file", () => {
  it("loads a roadmap whose items name their source page and line", () => {
    const result = parseRoadmapText(stringify(tracedRoadmap()), "traced.yaml");
    expect(result.problems).toEqual([]);
    expect(result.roadmap!.item("write-hello")!.source).toEqual({ path: "stage-1/hello.md", line: 3 });
    expect(result.roadmap!.source!.commit).toBe("0123456789abcdef0123456789abcdef01234567");
  });

  it("still loads a roadmap without any sources", () => {
    const file: Partial<Traced> = tracedRoadmap();
    delete file.source;
    for (const item of file.stages![0]!.sections[0]!.items) delete (item as { source?: unknown }).source;
    const result = parseRoadmapText(stringify(file), "traced.yaml");
    expect(result.problems).toEqual([]);
    expect(result.roadmap!.item("install-tools")!.source).toBeUndefined();
  });

  it.each([
    ["an absolute path", { path: "/stage-1/README.md", line: 1 }, "path", "relative path"],
    ["a Windows drive", { path: "C:/notes/README.md", line: 1 }, "path", "relative path"],
    ["a path that climbs out of the folder", { path: "stage-1/../../secret.md", line: 1 }, "path", '".."'],
    ["a page that is not Markdown", { path: "stage-1/README.txt", line: 1 }, "path", ".md"],
    ["line 0", { path: "stage-1/README.md", line: 0 }, "line", "from 1"],
    ["a fractional line", { path: "stage-1/README.md", line: 2.5 }, "line", "whole number"],
    ["a line given as text", { path: "stage-1/README.md", line: "12" }, "line", ""],
  ])("refuses a source with %s and says where", (_case, source, field, message) => {
    const problems = problemsOf(withFirstSource(source));
    expect(problems).toEqual([
      { path: `stages[0].sections[0].items[0].source.${field}`, message: expect.stringContaining(message) },
    ]);
  });

  it("refuses a source with a field the schema does not know", () => {
    const problems = problemsOf(withFirstSource({ path: "stage-1/README.md", line: 1, page: "x" }));
    expect(problems.map((p) => p.path)).toEqual(["stages[0].sections[0].items[0].source"]);
  });

  it("refuses two items that claim the same line and names both", () => {
    const problems = problemsOf(withFirstSource({ path: "stage-1/hello.md", line: 3 }));
    expect(problems).toEqual([
      {
        path: "stages[0].sections[0].items[1].source",
        message: "duplicate source stage-1/hello.md:3 (already used at stages[0].sections[0].items[0].source)",
      },
    ]);
  });

  it("refuses item sources when the roadmap does not say which repository and commit they are in", () => {
    const file: Partial<Traced> = tracedRoadmap();
    delete file.source;
    const problems = problemsOf(file);
    expect(problems.map((p) => p.path)).toEqual([
      "stages[0].sections[0].items[0].source",
      "stages[0].sections[0].items[1].source",
    ]);
    expect(problems[0]!.message).toContain("repository, folder and commit");
  });

  it.each([
    ["a repository that is not an https URL", { repository: "github.com/example/notes" }, "repository"],
    ["a folder with a leading slash", { folder: "/guides/roadmap" }, "folder"],
    ["a folder that climbs out", { folder: "guides/../.." }, "folder"],
    ["an abbreviated commit", { commit: "0123456" }, "commit"],
  ])("refuses a roadmap source with %s", (_case, change, field) => {
    const file = tracedRoadmap();
    file.source = { ...file.source, ...change };
    expect(problemsOf(file).map((p) => p.path)).toEqual([`source.${field}`]);
  });
});

describe("retired ids in a roadmap file", () => {
  function withRetired(retired: string[]): Traced & { retired: string[] } {
    return { ...tracedRoadmap(), retired };
  }

  it("loads a roadmap that lists the ids it retired", () => {
    expect(problemsOf(withRetired(["old-step", "older-step"]))).toEqual([]);
  });

  it("refuses an item that takes a retired id, whose old progress meant something else", () => {
    expect(problemsOf(withRetired(["old-step", "write-hello"]))).toEqual([
      { path: "retired[1]", message: 'retired id "write-hello" is still in use at stages[0].sections[0].items[1].id' },
    ]);
  });

  it("refuses an alias that is a retired id", () => {
    const file = withRetired(["hello-world"]);
    (file.stages[0]!.sections[0]!.items[1] as { aliases?: string[] }).aliases = ["hello-world"];
    expect(problemsOf(file)).toEqual([
      { path: "retired[0]", message: 'retired id "hello-world" is still in use at stages[0].sections[0].items[1].aliases[0]' },
    ]);
  });

  it("refuses an id listed as retired twice", () => {
    expect(problemsOf(withRetired(["old-step", "old-step"])).map((p) => p.path)).toEqual(["retired[1]"]);
  });
});
