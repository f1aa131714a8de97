import { z } from "zod";
import type { Language } from "./languages.ts";

/**
 * A zod issue as data, so it can cross from the upload worker to the main thread and be worded
 * there in the reader's language: its code and fields (`expected`, `maximum`, `keys`…), without
 * its English message or its path. `input` is kept only as a stand-in of the same kind (zod's
 * wording names the type it received, never the value).
 */
export interface SchemaIssue {
  readonly code: z.core.$ZodIssue["code"];
  readonly [field: string]: unknown;
}

type LocaleError = (issue: z.core.$ZodRawIssue) => string | undefined;

/** Our languages and the zod locale that words validation issues in each (zod's Spanish serves es-ES). */
const ZOD_LOCALES: Record<Language, () => { localeError: unknown }> = {
  en: z.locales.en,
  "es-ES": z.locales.es,
  "pt-BR": z.locales.ptBR,
  fr: z.locales.fr,
  de: z.locales.de,
  hi: z.locales.hi,
  "zh-CN": z.locales.zhCN,
  ja: z.locales.ja,
};

/** zod's own words for an issue in a language; English for a language zod has no locale for. */
export function schemaIssueWords(language: string): (issue: SchemaIssue) => string {
  const locale = Object.hasOwn(ZOD_LOCALES, language) ? ZOD_LOCALES[language as Language] : ZOD_LOCALES.en;
  const localeError = locale().localeError as LocaleError;
  return (issue) => localeError(issue as unknown as z.core.$ZodRawIssue) ?? issue.code;
}

/** The issue as data: what zod's locales read, with nested issues and the value itself left out. */
export function schemaIssueData(issue: z.core.$ZodIssue): SchemaIssue {
  const { message: _message, path: _path, input, ...fields } = issue as z.core.$ZodIssue & { input?: unknown };
  delete (fields as { errors?: unknown }).errors;
  delete (fields as { issues?: unknown }).issues;
  if (issue.code === "unrecognized_keys") Object.assign(fields, { keys: shownKeys(issue.keys) });
  return "input" in issue ? { ...fields, input: standIn(input) } : fields;
}

/** An author's unknown keys, as many and as long as a line of a reply can show. */
function shownKeys(keys: readonly string[]): string[] {
  const shown = keys.slice(0, 3).map((key) => (key.length > 40 ? `${key.slice(0, 39)}…` : key));
  return keys.length > 3 ? [...shown, "…"] : shown;
}

/** A value of the same kind as `input` (zod's `parsedType` is all the locales ask of it), small and cloneable. */
function standIn(input: unknown): unknown {
  if (input === null || typeof input !== "object") return typeof input === "string" ? "" : input;
  return Array.isArray(input) ? [] : {};
}
