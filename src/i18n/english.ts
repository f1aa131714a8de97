import { loadCatalogues } from "./catalogues.ts";
import { FALLBACK_LANGUAGE } from "./languages.ts";
import { createI18n, type Translator } from "./translator.ts";

let english: Translator | undefined;

/**
 * English for what no member reads in Discord: `Error.message` (logs, tests) and the command
 * line's reports. Made on first use, from English's files alone.
 */
export function englishTranslator(): Translator {
  english ??= createI18n({ logger: { warn: () => undefined }, catalogues: loadCatalogues(undefined, [FALLBACK_LANGUAGE]) }).forLanguage(FALLBACK_LANGUAGE);
  return english;
}
