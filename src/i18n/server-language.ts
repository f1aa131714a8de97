import { LANGUAGE_CODES, LANGUAGES, isLanguage, languageForLocale } from "./languages.ts";
import type { Translator } from "./translator.ts";

/** The setup choice that follows the server's Discord language (`guilds.language` null). */
export const SERVER_LANGUAGE = "server";

/** `/roadmap-admin setup language:` choices: every language by its own name, then the server's default. */
export const LANGUAGE_CHOICES = [
  ...LANGUAGE_CODES.map((language) => ({ name: LANGUAGES[language].name, value: language })),
  { name: "Server default (the server's Discord language)", value: SERVER_LANGUAGE },
];

/** The language the server's posts are in, by its own name. */
export function serverLanguageName(chosenLanguage: string | null, guildLocale: string | null | undefined): string {
  return LANGUAGES[isLanguage(chosenLanguage) ? chosenLanguage : languageForLocale(guildLocale)].name;
}

/** One line for setup's answer: which language the server's posts will be in. */
export function serverLanguageLine(t: Translator, chosenLanguage: string | null, guildLocale: string | null | undefined): string {
  const language = serverLanguageName(chosenLanguage, guildLocale);
  return isLanguage(chosenLanguage) ? t.t("admin:setup.language", { language }) : t.t("admin:setup.languageFollowsServer", { language });
}

/** The settings field value: the chosen language, or the server's own. */
export function serverLanguageSetting(t: Translator, chosenLanguage: string | null, guildLocale: string | null | undefined): string {
  const language = serverLanguageName(chosenLanguage, guildLocale);
  return isLanguage(chosenLanguage) ? language : t.t("admin:settings.languageFollowsServer", { language });
}
