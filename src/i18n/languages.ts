/**
 * The languages the bot speaks, and which Discord locales each one serves. Adding a language:
 * add it here and a folder `locales/<code>/`; `test/i18n/catalogues.test.ts` then lists every
 * message still missing from it.
 */
export const LANGUAGES = {
  en: { name: "English", discordLocales: ["en-US", "en-GB"] },
  "es-ES": { name: "Español", discordLocales: ["es-ES", "es-419"] },
  "pt-BR": { name: "Português do Brasil", discordLocales: ["pt-BR"] },
  fr: { name: "Français", discordLocales: ["fr"] },
  de: { name: "Deutsch", discordLocales: ["de"] },
  hi: { name: "हिन्दी", discordLocales: ["hi"] },
  "zh-CN": { name: "简体中文", discordLocales: ["zh-CN"] },
  ja: { name: "日本語", discordLocales: ["ja"] },
} as const satisfies Record<string, { name: string; discordLocales: readonly string[] }>;

export type Language = keyof typeof LANGUAGES;

export const FALLBACK_LANGUAGE: Language = "en";

export const LANGUAGE_CODES = Object.keys(LANGUAGES) as Language[];

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && Object.hasOwn(LANGUAGES, value);
}

const BY_DISCORD_LOCALE = new Map<string, Language>(
  LANGUAGE_CODES.flatMap((language) => LANGUAGES[language].discordLocales.map((locale) => [locale, language] as const)),
);

/**
 * The language for a Discord locale (`interaction.locale`, `guild_locale`). A locale we do not
 * speak yet (Korean, say) gets English rather than a neighbour: English is the one every member
 * of an international group is most likely to read.
 */
export function languageForLocale(locale: string | null | undefined): Language {
  if (!locale) return FALLBACK_LANGUAGE;
  return BY_DISCORD_LOCALE.get(locale) ?? FALLBACK_LANGUAGE;
}

/**
 * The catalogue language for a roadmap's declared language tag (`pt-BR`, `de-AT`, `zh-Hans`), or
 * undefined when we have none for it. A regional variant takes its language's catalogue (`de-AT`
 * reads German), except Chinese: only Simplified Chinese tags read `zh-CN`, never `zh-Hant`.
 */
export function catalogueLanguageFor(tag: string | undefined): Language | undefined {
  if (tag === undefined) return undefined;
  if (isLanguage(tag)) return tag;
  const byLocale = BY_DISCORD_LOCALE.get(tag);
  if (byLocale) return byLocale;
  const [primary, script] = tag.toLowerCase().split("-");
  if (primary === "zh") return script === "hans" || script === "cn" || script === "sg" ? "zh-CN" : undefined;
  return LANGUAGE_CODES.find((language) => language.toLowerCase().split("-")[0] === primary);
}
