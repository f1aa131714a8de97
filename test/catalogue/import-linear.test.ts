import { describe, expect, it } from "vitest";
import { ImportError, importMarkdown } from "../../src/catalogue/import-markdown.ts";
import { userMessageText } from "../../src/errors.ts";
import { ENGLISH } from "../../src/i18n/english.ts";
import { createI18n } from "../../src/i18n/translator.ts";

/** CPU time of one import, in milliseconds: steadier than wall time on a shared machine. */
function cpuMilliseconds(text: string): number {
  const start = process.cpuUsage();
  importMarkdown([{ name: "README.md", text }]);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** The best of a few runs, so one garbage collection or a busy neighbour does not decide the result. */
function bestOf(runs: number, text: string): number {
  return Math.min(...Array.from({ length: runs }, () => cpuMilliseconds(text)));
}

const SMALL = 40_000;
const GROWTH = 4;
/** Linear cost grows 4× for 4× the input, quadratic 16×; anything under 10× passes. */
const SLACK = 2.5;

const shapes: Record<string, (size: number) => string> = {
  "a realistic checklist": (size) => {
    let text = "# Checklist\n\n";
    for (let index = 0; text.length < size; index++) {
      text += `## Topic ${index}\n\n### Part ${index}\n- [ ] **Term ${index}** - with \`code_${index}\` and [a link](https://example.com/${index})\n  - [ ] nested ${index} *emphasis*\n    - detail ${index}\n\`\`\`\n- [ ] example\n\`\`\`\n`;
    }
    return text;
  },
  "one task item of unmatched stars": (size) => `# T\n- [ ] ${"*a ".repeat(size / 3)}\n`,
  "one task item of underscores": (size) => `# T\n- [ ] ${"_a".repeat(size / 2)}\n`,
  "one task item of opening brackets": (size) => `# T\n- [ ] ${"[".repeat(size)}\n`,
  "thousands of headings of every depth, each with its own list": (size) =>
    Array.from({ length: size / 20 }, (_, index) => `${"#".repeat((index % 6) + 1)} h${index}\n- [ ] a\n`).join(""),
  "one very long heading over many items": (size) => `# T\n## ${"word ".repeat(size / 10)}\n${"- [ ] a\n".repeat(size / 16)}`,
  "the same title over and over": (size) => `# T\n${"- [ ] Review\n".repeat(size / 13)}`,
  "count-like text everywhere": (size) => `# T\n- [ ] ${"1/2 items ".repeat(size / 10)}\n`,
  "lists nested as deep as allowed, repeated": (size) => {
    const block = `${Array.from({ length: 40 }, (_, depth) => `${"  ".repeat(depth)}- [ ] x`).join("\n")}\n\n`;
    return `# T\n${block.repeat(Math.ceil(size / block.length))}`;
  },
};

describe("importing hostile and large pages", () => {
  for (const [name, make] of Object.entries(shapes)) {
    it(`stays linear on ${name}`, { timeout: 120_000 }, () => {
      const small = make(SMALL);
      const large = make(SMALL * GROWTH);
      bestOf(1, small);
      const ratio = bestOf(2, large) / Math.max(bestOf(2, small), 1);
      expect(ratio).toBeLessThan(GROWTH * SLACK);
    });
  }

  it("refuses a page nested deeper than it reads, with a message saying so, instead of working for minutes", () => {
    const deep = `# T\n${Array.from({ length: 200 }, (_, depth) => `${"  ".repeat(depth)}- [ ] x`).join("\n")}\n`;
    const refusal = (() => {
      try {
        importMarkdown([{ name: "deep.md", text: deep }]);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(ImportError);
    const says = (refusal as ImportError).says;
    expect(userMessageText(ENGLISH, says, true)).toMatch(/^deep\.md: a line is indented or quoted 398 columns deep/);
    // The organiser reads it in their language (the upload preview's refusal).
    expect(userMessageText(createI18n({ logger: { warn: () => undefined } }).forLanguage("pt-BR"), says)).toMatch(/^deep\.md: uma linha tem recuo ou citação de 398 colunas/);
  });
});
