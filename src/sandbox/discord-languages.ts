import { Locale } from "discord-api-types/v10";
import { FALLBACK_LANGUAGE, LANGUAGES, languageForLocale } from "../i18n/languages.ts";

/**
 * The languages a visitor can give their Discord client (and the server) in the sandbox, named as
 * Discord's own language menu names them: every locale the bot speaks, and a few it does not
 * translate yet, so a visitor can see the English fallback.
 */
const DISCORD_LANGUAGES: readonly { readonly locale: Locale; readonly name: string }[] = [
  { locale: Locale.EnglishUS, name: "English, US" },
  { locale: Locale.EnglishGB, name: "English, UK" },
  { locale: Locale.SpanishES, name: "Español" },
  { locale: Locale.SpanishLATAM, name: "Español, LATAM" },
  { locale: Locale.PortugueseBR, name: "Português do Brasil" },
  { locale: Locale.French, name: "Français" },
  { locale: Locale.German, name: "Deutsch" },
  { locale: Locale.Hindi, name: "हिन्दी" },
  { locale: Locale.ChineseCN, name: "中文" },
  { locale: Locale.Japanese, name: "日本語" },
  { locale: Locale.Korean, name: "한국어" },
  { locale: Locale.Italian, name: "Italiano" },
  { locale: Locale.Polish, name: "Polski" },
];

export interface PageLanguage {
  readonly locale: string;
  readonly name: string;
  /** False when the bot answers this locale in English, its fallback. */
  readonly translated: boolean;
}

function isTranslated(locale: string): boolean {
  return languageForLocale(locale) !== FALLBACK_LANGUAGE || (LANGUAGES[FALLBACK_LANGUAGE].discordLocales as readonly string[]).includes(locale);
}

export const PAGE_LANGUAGES: readonly PageLanguage[] = DISCORD_LANGUAGES.map(({ locale, name }) => ({ locale, name, translated: isTranslated(locale) }));

export function isPageLocale(locale: string): boolean {
  return PAGE_LANGUAGES.some((language) => language.locale === locale);
}
