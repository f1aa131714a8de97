import { describe, expect, it } from "vitest";
import { importMarkdown } from "../../src/catalogue/import-markdown.ts";
import { problemText } from "../../src/catalogue/load.ts";
import { parseUpload } from "../../src/roadmaps/parse-upload.ts";

// Issue 19: a Markdown hub declares its roadmap's language in YAML front matter; nothing else of the page changes.

const PAGE = ["# Roteiro de IA", "", "## Etapa 1: Fundamentos", "", "### Python", "- [ ] Instalar o Python", "- [ ] Escrever funções"];
const withFrontMatter = (language: string) => ["---", `language: ${language}`, "---", ...PAGE].join("\n");

describe("a Markdown hub's front matter", () => {
  it("declares the roadmap's language; the title, items and counts are the page's own", () => {
    const { roadmap } = importMarkdown([{ name: "roteiro.md", text: withFrontMatter("pt-BR") }]);
    expect(roadmap.language).toBe("pt-BR");
    expect(roadmap.title).toBe("Roteiro de IA");
    expect(roadmap.stages[0]!.sections[0]!.items.map((item) => item.title)).toEqual(["Instalar o Python", "Escrever funções"]);
    const coverage = (text: string) => importMarkdown([{ name: "roteiro.md", text }]).report.coverage;
    expect(coverage(withFrontMatter("pt-BR"))).toEqual(coverage(PAGE.join("\n")));
  });

  it("leaves a page without front matter without a language", () => {
    expect(importMarkdown([{ name: "roteiro.md", text: PAGE.join("\n") }]).roadmap.language).toBeUndefined();
  });

  it("refuses an upload whose declared language is no language tag, naming the field", () => {
    const refused = parseUpload([{ name: "roteiro.md", text: withFrontMatter("Portuguese!") }]);
    expect(refused.ok).toBe(false);
    expect(refused.ok === false && "invalid" in refused && refused.invalid.map((problem) => problem.path)).toEqual(["language"]);
  });

  it("asks for the tag as Intl writes it", () => {
    const refused = parseUpload([{ name: "roteiro.md", text: withFrontMatter("pt-br") }]);
    expect(refused.ok === false && "invalid" in refused && refused.invalid[0] && problemText(refused.invalid[0])).toBe('must be written "pt-BR"');
  });
});
