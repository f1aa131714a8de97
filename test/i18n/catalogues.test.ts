import path from "node:path";
import { describe, expect, it } from "vitest";
import { slashCommands } from "../../commands/index.ts";
import { baseKey, flattenKeys, languageFolders, loadCatalogues, LOCALES_DIR, NAMESPACES } from "../../src/i18n/catalogues.ts";
import { commandTextKeys } from "../../src/i18n/command-localisations.ts";
import { FALLBACK_LANGUAGE, LANGUAGE_CODES } from "../../src/i18n/languages.ts";

/*
 * What a translator runs after adding or editing `locales/<language>/`: each failure names the
 * file, the key and what to write.
 */

const catalogues = loadCatalogues();
const english = catalogues[FALLBACK_LANGUAGE]!;
const translations = LANGUAGE_CODES.filter((language) => language !== FALLBACK_LANGUAGE);
const MESSAGE_NAMESPACES = NAMESPACES.filter((namespace) => namespace !== "commands");

const file = (language: string, namespace: string) => path.relative(process.cwd(), path.join(LOCALES_DIR, language, `${namespace}.json`));

/** `{{name}}`, `{{- date}}`, `{{count, number}}`: a translation must keep each (same escaping, same format). */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(-?)\s*([^}]+?)\s*\}\}/g)].map((match) => `{{${match[1] ? "- " : ""}${match[2]!.replace(/\s*,\s*/g, ", ")}}}`).sort();
}

/** Every key of a namespace grouped by the key a caller asks for (plural forms together). */
function grouped(tree: Parameters<typeof flattenKeys>[0]): Map<string, Map<string, string>> {
  const groups = new Map<string, Map<string, string>>();
  for (const [key, text] of flattenKeys(tree)) {
    const base = baseKey(key);
    const forms = groups.get(base) ?? new Map<string, string>();
    forms.set(key.slice(base.length), text);
    groups.set(base, forms);
  }
  return groups;
}

describe("the language folders", () => {
  it("are exactly the languages the bot speaks (src/i18n/languages.ts)", () => {
    const unregistered = languageFolders().filter((folder) => !(LANGUAGE_CODES as string[]).includes(folder));
    const missing = LANGUAGE_CODES.filter((language) => !languageFolders().includes(language));
    expect(unregistered, "add these folders' languages to LANGUAGES in src/i18n/languages.ts, with the Discord locales they serve").toEqual([]);
    expect(missing, "create locales/<language>/ for these languages").toEqual([]);
  });
});

describe.each(translations)("%s", (language) => {
  const plural = new Intl.PluralRules(language).resolvedOptions().pluralCategories.map((category) => `_${category}`);

  it.each(MESSAGE_NAMESPACES)("has every English message of %s, with the same placeholders", (namespace) => {
    const problems: string[] = [];
    const theirs = grouped(catalogues[language]?.[namespace] ?? {});
    for (const [key, englishForms] of grouped(english[namespace] ?? {})) {
      const where = `${file(language, namespace)}: "${key}"`;
      const forms = theirs.get(key);
      if (!forms) {
        problems.push(`${where} is missing (English: ${JSON.stringify([...englishForms.values()][0])})`);
        continue;
      }
      const isPlural = [...englishForms.keys()].some((suffix) => suffix !== "");
      const wanted = isPlural ? plural : [""];
      for (const suffix of wanted) {
        if (!forms.has(suffix)) problems.push(`${where}: the plural form "${key}${suffix}" is missing (${language} needs ${wanted.map((s) => key + s).join(", ")})`);
      }
      const englishPlaceholders = new Set([...englishForms.values()].flatMap(placeholders));
      const used = new Set<string>();
      for (const [suffix, text] of forms) {
        if (text.trim() === "" && [...englishForms.values()].some((e) => e.trim() !== "")) problems.push(`${where}${suffix} is empty`);
        for (const placeholder of placeholders(text)) {
          used.add(placeholder);
          if (!englishPlaceholders.has(placeholder)) problems.push(`${where}${suffix} has ${placeholder}, which English does not (English has ${[...englishPlaceholders].join(" ") || "none"})`);
        }
      }
      // A plural form may leave the number out ("la dernière semaine"); the message as a whole may not lose a value.
      for (const placeholder of englishPlaceholders) {
        if (!used.has(placeholder)) problems.push(`${where} never uses ${placeholder}`);
      }
    }
    for (const key of theirs.keys()) {
      if (!grouped(english[namespace] ?? {}).has(key)) problems.push(`${file(language, namespace)}: "${key}" is not an English message any more: remove it`);
    }
    expect(problems).toEqual([]);
  });

  it("describes every command, subcommand, option and choice (commands.json, keyed by the command path)", () => {
    const problems: string[] = [];
    const theirs = flattenKeys(catalogues[language]?.commands ?? {});
    const wanted = commandTextKeys(slashCommands.map((command) => command.data));
    for (const [key, englishText] of wanted) {
      if (!theirs.has(key)) problems.push(`${file(language, "commands")}: "${key}" is missing (English: ${JSON.stringify(englishText)})`);
    }
    for (const key of theirs.keys()) {
      if (!wanted.has(key)) problems.push(`${file(language, "commands")}: "${key}" is no command, option or choice any more: remove it`);
    }
    expect(problems).toEqual([]);
  });
});
