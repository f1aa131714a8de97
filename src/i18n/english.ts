import { loadCatalogues } from "./catalogues.ts";
import { FALLBACK_LANGUAGE } from "./languages.ts";
import { createI18n, type Translator } from "./translator.ts";

/**
 * English, for text no member reads: `Error.message` (logs, the command line, tests). Made once,
 * when this module is first imported, from the English catalogue alone (one language's files, not
 * eight); a constant, like the catalogue it reads. Members get their own language from the
 * context's `i18n`.
 */
export const ENGLISH: Translator = Object.freeze(
  createI18n({ logger: { warn: () => undefined }, catalogues: loadCatalogues(undefined, [FALLBACK_LANGUAGE]) }).forLanguage(FALLBACK_LANGUAGE),
);
