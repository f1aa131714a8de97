import type { Translator } from "../i18n/translator.ts";

/**
 * A roadmap's declared language named in the reader's language ("portugais (Brésil)" for `pt-BR`
 * to a French reader), by `Intl`; the tag itself when `Intl` has no name for it.
 */
export function roadmapLanguageName(tag: string, t: Pick<Translator, "language">): string {
  try {
    return new Intl.DisplayNames([t.language], { type: "language" }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}
