import { loadCatalogues, type Catalogues, type MessageTree } from "../../src/i18n/catalogues.ts";
import { createI18n, type I18n, type Translator } from "../../src/i18n/translator.ts";
import type { Language } from "../../src/i18n/languages.ts";

/**
 * A pseudo-language for tests only: every English message with its letters accented
 * ("Ŝţåğé") and 40% longer, placeholders, markdown and `code` (command names) left as they are.
 * A reply rendered in it shows at a glance any text that skipped the catalogues (plain ASCII
 * words), and whether the longer text still fits Discord's limits and the pictures' boxes.
 */
export const PSEUDO_LANGUAGE = "en-XA";

const ACCENTED: Record<string, string> = Object.fromEntries(
  [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"].map((letter, index) => [
    letter,
    [..."åƀçđéƒğĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ"][index]!,
  ]),
);

/** Placeholders, code spans, Discord markup and emoji stay; letters outside them are accented. */
const KEEP = /(\{\{[^}]*\}\}|`[^`]*`|<[^>]*>|\p{Extended_Pictographic})/u;

export function pseudoText(english: string): string {
  const parts = english.split(new RegExp(KEEP.source, "gu"));
  const accented = parts.map((part, index) => (index % 2 === 1 ? part : [...part].map((c) => ACCENTED[c] ?? c).join(""))).join("");
  const letters = english.replace(new RegExp(KEEP.source, "gu"), "").length;
  const padding = Math.ceil(letters * 0.4);
  return padding > 0 ? `${accented} ${"ẋ".repeat(Math.max(1, padding - 1))}` : accented;
}

function pseudoTree(tree: MessageTree): MessageTree {
  const out: Record<string, string | MessageTree> = {};
  for (const [key, value] of Object.entries(tree)) out[key] = typeof value === "string" ? (value.trim() === "" ? value : pseudoText(value)) : pseudoTree(value);
  return out;
}

/** The real catalogues plus the pseudo-language made from English. */
export function cataloguesWithPseudo(): Catalogues {
  const catalogues = loadCatalogues();
  const english = catalogues.en ?? {};
  catalogues[PSEUDO_LANGUAGE] = Object.fromEntries(Object.entries(english).map(([namespace, tree]) => [namespace, pseudoTree(tree)]));
  return catalogues;
}

/**
 * The i18n with the pseudo-language. zod has no pseudo-locale, so the pseudo-language words zod's
 * issues as zod's English accented: text that skipped `t.schemaIssue` (zod's English message
 * shown as is) still shows as plain English.
 */
export function pseudoI18n(logger: { warn: (...args: unknown[]) => void } = { warn: () => undefined }): I18n {
  const i18n = createI18n({ logger, catalogues: cataloguesWithPseudo() });
  const accented = (t: Translator): Translator =>
    t.language === (PSEUDO_LANGUAGE as Language) ? { ...t, schemaIssue: (issue) => pseudoText(t.schemaIssue(issue)) } : t;
  return {
    ...i18n,
    forLocale: (locale) => accented(i18n.forLocale(locale)),
    forLanguage: (language) => accented(i18n.forLanguage(language)),
    forServer: (guildId, chosen) => accented(i18n.forServer(guildId, chosen)),
  };
}

export function pseudoTranslator(): Translator {
  return pseudoI18n().forLanguage(PSEUDO_LANGUAGE as Language);
}

/**
 * Words that did not come through the catalogues: runs of three or more plain ASCII letters,
 * once the given data (names, roadmap titles: content stays in its own language) and code spans
 * are taken out.
 */
export function untranslatedWords(text: string, data: readonly string[]): string[] {
  let rest = text.replace(/`[^`]*`/g, " ").replace(/<[^>]*>/g, " ");
  for (const value of [...data].sort((a, b) => b.length - a.length)) rest = rest.split(value).join(" ");
  return [...new Set(rest.match(/[A-Za-z]{3,}/g) ?? [])];
}
