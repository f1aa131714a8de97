import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const REPO = path.resolve(import.meta.dirname, "..");
const DOCS = ["README.md", "docs/operations.md", "docs/reliability.md", "docs/performance.md", "packages/discord-standin/README.md"];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, "")
    .replace(/[^\p{L}\p{N} -]/gu, "")
    .replace(/ /g, "-");
}

function withoutCode(markdown: string): string {
  return markdown.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
}

function linksOf(markdown: string): string[] {
  return [...withoutCode(markdown).matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!);
}

function anchorsOf(markdown: string): Set<string> {
  return new Set([...withoutCode(markdown).matchAll(/^#{1,6}\s+(.+)$/gm)].map((match) => anchorOf(match[1]!)));
}

describe("the README and the docs", () => {
  for (const doc of DOCS) {
    it(`${doc}: every link to a heading or a file of the repository leads somewhere`, () => {
      const text = readFileSync(path.join(REPO, doc), "utf8");
      const broken: string[] = [];
      for (const link of linksOf(text)) {
        if (/^[a-z]+:/i.test(link)) continue; // https:, mailto:
        const [file, anchor] = link.split("#") as [string, string | undefined];
        const target = file === "" ? doc : path.posix.join(path.posix.dirname(doc), file);
        if (!existsSync(path.join(REPO, target))) {
          broken.push(`${link} (no file ${target})`);
          continue;
        }
        if (anchor && target.endsWith(".md") && !anchorsOf(readFileSync(path.join(REPO, target), "utf8")).has(anchor)) {
          broken.push(`${link} (no heading #${anchor} in ${target})`);
        }
      }
      expect(broken).toEqual([]);
    });
  }

  it("shows one command to run the bot and one to run the tests", () => {
    const readme = readFileSync(path.join(REPO, "README.md"), "utf8");
    expect(readme).toMatch(/^npm install && npm start\b/m);
    expect(readme).toMatch(/^npm install && npm test\b/m);
    const scripts = (JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    // Every `npm run X` the README names exists.
    const named = [...readme.matchAll(/npm run ([a-z:-]+)/g)].map((match) => match[1]!);
    expect(named.filter((script) => !(script in scripts))).toEqual([]);
  });
});
