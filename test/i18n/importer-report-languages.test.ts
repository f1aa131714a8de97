import { describe, expect, it } from "vitest";
import { buildRoadmap } from "../../src/catalogue/catalogue.ts";
import { importMarkdown, type MarkdownPage } from "../../src/catalogue/import-markdown.ts";
import { LANGUAGE_CODES, type Language } from "../../src/i18n/languages.ts";
import { createI18n, type Translator } from "../../src/i18n/translator.ts";
import { renderUploadPreview } from "../../src/roadmaps/render-preview.ts";
import { roadmapLanguageName } from "../../src/roadmaps/roadmap-language.ts";
import { expectFitsDiscord } from "../support/discord-limits.ts";
import { PSEUDO_LANGUAGE, pseudoTranslator, untranslatedWords } from "../support/pseudo-locale.ts";

/*
 * Issue 19 for the Markdown importer: what it says of an organiser's pages (claimed counts against
 * what was found, lines it skipped and why, defaults it filled in) reads in the organiser's
 * language in the upload preview, and the defaults it writes into the roadmap are in the
 * roadmap's own declared language.
 */

/** Roadmap content in Greek and page names in Japanese: no ASCII letters, so none reads as untranslated text. */
const HUB = `---
language: pt-BR
---
# Ωμέγα

- [ ] Σύνολο: 0/9 items

## Etapa 1: Άλφα (0/3 items)

### 1.1 Βήτα (0/5 items)
- [ ] Γάμμα
- [ ] Δέλτα
- Ζήτα

### 1.2 Ήτα

## Etapa 2: Θήτα

- [ ] Ιώτα
`;
const PAGES: MarkdownPage[] = [
  { name: "ページ.md", text: HUB },
  { name: "メモ.md", text: "# Λάμδα\n\n- [ ] Μι\n" },
];
const DATA = ["Ωμέγα", "Σύνολο", "Άλφα", "Βήτα", "Θήτα", "ページ.md", "メモ.md", "pt-BR"];

function preview(t: Translator) {
  const { roadmap, report } = importMarkdown(PAGES);
  return renderUploadPreview(buildRoadmap(roadmap), report, PAGES.map((page) => page.name), t);
}

function shownText(embed: ReturnType<typeof preview>): string {
  return [embed.title, embed.description, embed.footer?.text, ...(embed.fields ?? []).flatMap((f) => [f.name, f.value])].join("\n");
}

describe("the importer's report in the upload preview", () => {
  it("has claimed-count mismatches, skipped lines of two kinds and warnings to show", () => {
    const { report } = importMarkdown(PAGES);
    expect(report.mismatches.map((message) => message.key)).toEqual(["importer:mismatch.unknown", "importer:mismatch.stage", "importer:mismatch.section"]);
    expect(report.skipped.map((kind) => kind.reason.key)).toEqual(["importer:skip.plainLines", "importer:skip.outsideStage"]);
    expect(report.warnings.map((message) => message.key)).toContain("importer:warning.defaultsFilled");
  });

  it("reads entirely from the catalogues in the pseudo-language (accented, 40% longer)", () => {
    const t = pseudoTranslator();
    const embed = preview(t);
    const data = [...DATA, roadmapLanguageName("pt-BR", t), " and "];
    expect(untranslatedWords(shownText(embed), data)).toEqual([]);
    expect(t.language).toBe(PSEUDO_LANGUAGE);
    expectFitsDiscord({ embeds: [embed] }, "upload preview with an import report");
  });

  it.each(LANGUAGE_CODES)("reads in %s, with every message, within Discord's limits", (language: Language) => {
    const warnings: unknown[] = [];
    const t = createI18n({ logger: { warn: (fields) => warnings.push(fields) } }).forLanguage(language);
    const embed = preview(t);
    expectFitsDiscord({ embeds: [embed] }, `upload preview with an import report in ${language}`);
    expect(warnings).toEqual([]);
  });

  it("tells a Portuguese reader what was claimed, skipped and filled in, in Portuguese", () => {
    const t = createI18n({ logger: { warn: () => undefined } }).forLanguage("pt-BR");
    const report = embedField(preview(t), t.t("roadmaps:preview.report"));
    expect(report).toContain("Etapa 1 “Άλφα”: a página declara 3 itens, foram encontrados 2 (ページ.md)");
    expect(report).toContain("Ignorado (tarefas fora de qualquer etapa): 1");
    expect(report).toContain("Etapa 1: as páginas não trazem objetivo, nível, habilidades principais, critérios de conclusão; foi usado um valor padrão");
  });
});

function embedField(embed: ReturnType<typeof preview>, name: string): string {
  return embed.fields?.find((field) => field.name === name)?.value ?? "";
}

describe("the defaults the importer fills into a roadmap", () => {
  const stage = (language: string | undefined) => {
    const front = language === undefined ? "" : `---\nlanguage: ${language}\n---\n`;
    return importMarkdown([{ name: "hub.md", text: `${front}# Plano\n\n## Stage 1: Bases\n\n- [ ] Ler\n` }]).roadmap.stages[0]!;
  };

  it("are Portuguese in a roadmap declared pt-BR", () => {
    const { goal, level, completionCriteria } = stage("pt-BR");
    expect(completionCriteria).toEqual(["Todos os itens de Bases estão concluídos"]);
    expect([goal, level]).toEqual(["Concluir Bases", "Etapa 1"]);
  });

  it("follow a regional tag's language (de-AT reads German)", () => {
    expect(stage("de-AT").completionCriteria).toEqual(["Alle Themen von Bases sind erledigt"]);
  });

  it("are English when the roadmap declares no language, or one the catalogues do not have", () => {
    expect(stage(undefined).completionCriteria).toEqual(["Every item of Bases is done"]);
    expect(stage("ko").completionCriteria).toEqual(["Every item of Bases is done"]);
    expect(stage("zh-Hant").completionCriteria).toEqual(["Every item of Bases is done"]);
  });
});
