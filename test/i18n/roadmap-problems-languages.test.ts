import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.ts";
import { LANGUAGE_CODES, type Language } from "../../src/i18n/languages.ts";
import { createI18n, type Translator } from "../../src/i18n/translator.ts";
import type { ParsedUpload } from "../../src/roadmaps/parse-upload.ts";
import { refusalOf } from "../../src/roadmaps/roadmap-uploads.ts";
import { createUploadParser } from "../../src/roadmaps/upload-parser.ts";
import { expectFitsDiscord } from "../support/discord-limits.ts";
import { PSEUDO_LANGUAGE, pseudoI18n, untranslatedWords } from "../support/pseudo-locale.ts";

/*
 * Issue 19 for a refused roadmap file: what is wrong with it reaches the organiser in their
 * language. The file is read on the upload worker, as the bot reads it; its problems cross to the
 * main thread as data and are worded there: our own rules from the `schema` catalogue, zod's
 * issues (a wrong type, a missing field) by zod's own locale for the language.
 */

const STAGE = ["  - number: 1", "    title: One", "    goal: Goal", "    level: Starter", "    keySkills: Skills", "    completionCriteria: [Done]"];

/** Valid to the schema, but two items share an id: only our own check sees it. */
const DUPLICATE_ID = ["id: dup", "title: Duplicates", "stages:", ...STAGE, "    sections:", "      - number: '1.1'", "        title: Section", "        items:", "          - { id: same, title: First }", "          - { id: same, title: Second }"];

/** A title that is a number (a wrong type), a stage without its goal (a missing field), an id not in kebab-case (our own wording). */
const WRONG_TYPES = [
  "id: Not Kebab",
  "title: 3",
  "stages:",
  ...STAGE.filter((line) => !line.includes("goal:")),
  "    sections:",
  "      - number: '1.1'",
  "        title: Section",
  "        items: [{ id: first, title: First }]",
];

/** The most a refusal can hold: more problems than it shows, each at its longest (long unknown keys, long ids and page paths). */
const LONGEST = [
  "id: longest",
  "title: Longest",
  `${"k".repeat(200)}: 1`,
  `${"j".repeat(200)}: 1`,
  `${"h".repeat(200)}: 1`,
  `${"g".repeat(200)}: 1`,
  "stages:",
  ...Array.from({ length: 7 }, (_, s) => [`  - number: ${s + 1}`, `    ${"x".repeat(200)}: 1`, `    ${"y".repeat(200)}: 1`, `    ${"z".repeat(200)}: 1`, `    ${"w".repeat(200)}: 1`].join("\n")),
];

const SAME_SOURCE = `{ path: ${"very-long-page-name/".repeat(8)}page.md, line: 1 }`;
/** Valid to the schema; every item claims one line of the author's pages and a long, duplicated id. */
const LONGEST_STRUCTURAL = [
  "id: longest",
  "title: Longest",
  `source: { repository: "https://example.com/r", folder: docs, commit: ${"a".repeat(40)} }`,
  "stages:",
  ...STAGE,
  "    sections:",
  "      - number: '1.1'",
  "        title: Section",
  "        items:",
  ...Array.from({ length: 8 }, (_, i) => `          - { id: ${"same-id-".repeat(7)}x, title: Item ${i}, source: ${SAME_SOURCE} }`),
];

/** Files that are not YAML at all: the YAML library's own codes, worded by the bot with the line and column. */
const YAML_SYNTAX = {
  TAB_INDENT: ["id: tabs", "title: Tabs", "stages:", "\t- number: 1"],
  DUPLICATE_KEY: ["id: one", "id: two", "title: Twice"],
};

const parser = createUploadParser();
const parsed = new Map<string, ParsedUpload>();
const files = { DUPLICATE_ID, WRONG_TYPES, LONGEST, LONGEST_STRUCTURAL };

beforeAll(async () => {
  for (const [name, lines] of Object.entries({ ...files, ...YAML_SYNTAX })) parsed.set(name, await parser([{ name: `${name}.yaml`, text: `${lines.join("\n")}\n` }]));
}, 60_000);

afterAll(() => parsed.clear());

/** The refusal the organiser reads, as the dispatcher shows it. */
function refusal(name: keyof typeof files | keyof typeof YAML_SYNTAX, t: Translator): string {
  const upload = parsed.get(name)!;
  if (upload.ok) throw new Error(`${name} was accepted`);
  return new UserError(refusalOf(upload)).shownIn(t);
}

describe("a refused roadmap file in the pseudo-language (accented, 40% longer)", () => {
  const t = pseudoI18n().forLanguage(PSEUDO_LANGUAGE as Language);
  // The author's ids and page paths are data, and so are the places in the file (escaped for markdown: read here as Discord shows them).
  const data = ["same-id", "same", "very-long-page-name", "page.md", "stages[0].sections[0].items[0].id", "stages[0].sections[0].items[0].source"];
  const keys = ["k", "j", "h", "x", "y", "z"].map((letter) => letter.repeat(39));

  it.each(Object.keys(files) as (keyof typeof files)[])("%s: every word comes from the catalogues or zod's locale", (name) => {
    const text = refusal(name, t).replaceAll("\\", "");
    expect(untranslatedWords(text, [...data, ...keys]), text).toEqual([]);
  });

  it("names each problem with its place in the file", () => {
    const text = refusal("WRONG_TYPES", t);
    expect(text).toContain("`id`");
    expect(text).toContain("`title`");
    expect(text).toContain("`stages[0].goal`");
    expect(refusal("DUPLICATE_ID", t)).toContain("`stages[0].sections[0].items[1].id`");
  });
});

describe("zod's own wording in the organiser's language", () => {
  const i18n = createI18n({ logger: { warn: () => undefined } });

  it("in Brazilian Portuguese", () => {
    const text = refusal("WRONG_TYPES", i18n.forLanguage("pt-BR"));
    expect(text).toContain("`title`: Entrada inválida: esperava um texto, recebeu um número");
    expect(text).toContain('`stages[0].goal`: Entrada inválida: esperava um texto, recebeu um valor "undefined"');
    expect(text).toContain("`id`: deve estar em kebab-case minúsculo");
    expect(refusal("DUPLICATE_ID", i18n.forLanguage("pt-BR"))).toContain('id "same" repetido (já usado em stages');
  });

  it("in Japanese", () => {
    const text = refusal("WRONG_TYPES", i18n.forLanguage("ja"));
    expect(text).toContain("`title`: 無効な入力: stringが期待されましたが、数値が入力されました");
    expect(text).toContain("`stages[0].goal`: 無効な入力: stringが期待されましたが、undefinedが入力されました");
    expect(text).toContain("`id`: 小文字の kebab-case にしてください");
    expect(refusal("DUPLICATE_ID", i18n.forLanguage("ja"))).toContain("id「same」が重複しています");
  });

  it("and in English, as the command line also words it", () => {
    const text = refusal("WRONG_TYPES", i18n.forLanguage("en"));
    expect(text).toContain("`title`: Invalid input: expected string, received number");
    expect(text).toContain("`id`: must be lower-case kebab-case");
  });
});

/** The problem lines of a refusal, without its heading and its "…and 9 more". */
const problemLines = (text: string) => text.split("\n").filter((line) => line.startsWith("•"));

describe.each([...LANGUAGE_CODES, PSEUDO_LANGUAGE])("a refused roadmap file in %s", (language) => {
  it("fits Discord's limits at its longest, with every message present and every problem in the language", () => {
    const warnings: unknown[] = [];
    const i18n = language === PSEUDO_LANGUAGE ? pseudoI18n({ warn: (fields) => warnings.push(fields) }) : createI18n({ logger: { warn: (fields) => warnings.push(fields) } });
    const t = i18n.forLanguage(language as Language);
    const english = createI18n({ logger: { warn: () => undefined } }).forLanguage("en");
    for (const name of Object.keys(files) as (keyof typeof files)[]) {
      const text = refusal(name, t);
      expectFitsDiscord({ content: text }, `${name} in ${language}`);
      expect(problemLines(text)).toHaveLength(name === "DUPLICATE_ID" ? 1 : name === "WRONG_TYPES" ? 3 : 5);
      if (language !== "en") expect(problemLines(text), `${name} in ${language}`).not.toEqual(problemLines(refusal(name, english)));
    }
    expect(warnings).toEqual([]);
  });
});

describe("a file that is not YAML at all", () => {
  const i18n = createI18n({ logger: { warn: () => undefined } });
  const english = i18n.forLanguage("en");
  const names = Object.keys(YAML_SYNTAX) as (keyof typeof YAML_SYNTAX)[];

  it.each(names)("%s: says where and what in words of the catalogues, in the pseudo-language", (name) => {
    const text = refusal(name, pseudoI18n().forLanguage(PSEUDO_LANGUAGE as Language));
    expect(untranslatedWords(text, ["YAML"]), text).toEqual([]);
  });

  it("names the line and column, and what is wrong there", () => {
    expect(refusal("TAB_INDENT", english)).toBe("That YAML file doesn't parse at line 4, column 1: it is indented with a tab (YAML indents with spaces)");
    expect(refusal("DUPLICATE_KEY", i18n.forLanguage("pt-BR"))).toBe(
      "Não consegui interpretar esse arquivo YAML na linha 2, coluna 1: a mesma chave aparece duas vezes no mesmo mapeamento",
    );
  });

  it.each([...LANGUAGE_CODES].filter((language) => language !== "en"))("in %s, in that language and within Discord's limits", (language) => {
    for (const name of names) {
      const text = refusal(name, i18n.forLanguage(language));
      expectFitsDiscord({ content: text }, `${name} in ${language}`);
      expect(text).not.toBe(refusal(name, english));
    }
  });
});
