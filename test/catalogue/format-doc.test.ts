import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { roadmapFormatDocument } from "../../src/catalogue/format-doc.ts";
import { parseRoadmapText } from "../../src/catalogue/load.ts";

const DOC = path.resolve(import.meta.dirname, "../../docs/roadmap-format.md");
const doc = readFileSync(DOC, "utf8");

describe("docs/roadmap-format.md", () => {
  it("documents exactly the fields the loader accepts (regenerate with npm run docs:roadmap-format)", () => {
    expect(roadmapFormatDocument(doc)).toBe(doc);
  });

  it("names every required stage field, so a file written from it loads", () => {
    for (const field of ["goal", "level", "keySkills", "completionCriteria"]) {
      expect(doc).toMatch(new RegExp(`\\| \`${field}\` \\| [^|]+ \\| required \\|`));
    }
  });

  it("has a minimal example that the bot loads as written", () => {
    const example = /## Minimal example[\s\S]*?```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const result = parseRoadmapText(example!, "docs/roadmap-format.md");
    expect(result.problems).toEqual([]);
    expect(result.roadmap?.items.map((item) => item.id)).toEqual(["html-document-outline", "html-forms"]);
  });
});
