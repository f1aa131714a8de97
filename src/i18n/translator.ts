import i18next, { type i18n as I18nextInstance, type TFunction } from "i18next";
import { escapeText } from "../discord/render/text.ts";
import { baseKey, flattenKeys, loadCatalogues, NAMESPACES, type Catalogues, type Namespace } from "./catalogues.ts";
import { createFormats, type Formats } from "./formats.ts";
import { FALLBACK_LANGUAGE, isLanguage, languageForLocale, type Language } from "./languages.ts";
import type { MessageKey } from "./message-keys.ts";
import { schemaIssueWords, type SchemaIssue } from "./schema-issues.ts";

/** What a value may be in a message: numbers are formatted in the message with `{{count, number}}`. */
export type MessageValues = Readonly<Record<string, string | number>>;

/** Everything a reply needs to speak one language: its messages and its number and date formats. */
export interface Translator extends Formats {
  readonly language: Language;
  /**
   * The message `namespace:key` with `values` filled in. Every value is escaped (no markdown, no
   * mention can come in through it); `{{- value}}` in a message takes a value the bot built itself
   * (a Discord timestamp, a mention it means) as it is. `count` picks the plural form.
   */
  t(key: MessageKey, values?: MessageValues): string;
  /** The same message with values as they are: for pictures and attachment descriptions, where no markdown is read. */
  plain(key: MessageKey, values?: MessageValues): string;
  /** zod's own words for a validation issue, from zod's locale for this language (not escaped). */
  schemaIssue(issue: SchemaIssue): string;
}

export interface I18n {
  /** The translator for a Discord locale (`interaction.locale`, `guild_locale`, a member's stored locale). */
  forLocale(locale: string | null | undefined): Translator;
  forLanguage(language: Language): Translator;
  /**
   * The translator for what the server reads (channel posts, the server's DMs): the language an
   * organiser chose (`guilds.language`), else the server's Discord language (`guild_locale`).
   */
  forServer(guildId: string, chosenLanguage: string | null | undefined): Translator;
  /** A slash command's localisation (`commands` namespace), or undefined when the language has none. */
  commandText(language: string, key: string): string | undefined;
}

export interface I18nOptions {
  readonly logger: { warn(fields: object, message: string): void };
  /** The server's Discord language (`guild_locale`), as the gateway last told it; undefined when unknown. */
  readonly guildLocale?: (guildId: string) => string | null | undefined;
  /** Defaults to the JSON files under `locales/`; tests add a pseudo-language. */
  readonly catalogues?: Catalogues;
}

/**
 * A value echoed in a message, made inert: the bot's own escape (markdown, `@` mentions, bidi
 * controls, new lines) plus `<`, so no `<#channel>`, `<@&role>` or `</command:id>` forms either.
 */
export function escapeMessageValue(value: unknown): string {
  return escapeText(String(value)).replace(/</g, "<\u200b");
}

export function createI18n(options: I18nOptions): I18n {
  const catalogues = options.catalogues ?? loadCatalogues();
  const languages = Object.keys(catalogues);
  const instance: I18nextInstance = i18next.createInstance();
  void instance.init({
    resources: catalogues,
    lng: FALLBACK_LANGUAGE,
    fallbackLng: FALLBACK_LANGUAGE,
    supportedLngs: languages,
    // Our codes are the languages themselves: "es-ES" must not also look in a bare "es".
    load: "currentOnly",
    ns: [...NAMESPACES],
    defaultNS: "common",
    initAsync: false,
    returnNull: false,
    interpolation: { escapeValue: true, escape: escapeMessageValue },
  });

  const known = new Map(languages.map((language) => [language, keysOf(catalogues, language)]));
  const reported = new Set<string>();
  const translators = new Map<string, Translator>();

  function translator(language: string): Translator {
    const cached = translators.get(language);
    if (cached) return cached;
    const own = instance.getFixedT(language);
    const english = instance.getFixedT(FALLBACK_LANGUAGE);
    const keys = known.get(language) ?? new Set<string>();
    const lookup = (key: MessageKey, values: MessageValues | undefined, escapeValue: boolean): string => {
      const tOptions = { ...values, interpolation: { escapeValue } };
      if (keys.has(key)) return String(own(key, tOptions as never));
      // Logged once per language and key: a missing translation is a to-do, not an incident.
      if (!reported.has(`${language} ${key}`)) {
        reported.add(`${language} ${key}`);
        options.logger.warn({ language, key }, "message missing from this language: shown in English");
      }
      return String((english as TFunction)(key, tOptions as never));
    };
    const made: Translator = {
      language: language as Language,
      t: (key, values) => lookup(key, values, true),
      plain: (key, values) => lookup(key, values, false),
      schemaIssue: schemaIssueWords(language),
      ...createFormats(language),
    };
    translators.set(language, made);
    return made;
  }

  const commandTexts = new Map(languages.map((language) => [language, flattenKeys(catalogues[language]?.commands ?? {})]));

  return {
    forLocale: (locale) => translator(languageForLocale(locale)),
    forLanguage: (language) => translator(language),
    forServer: (guildId, chosenLanguage) =>
      translator(isLanguage(chosenLanguage) ? chosenLanguage : languageForLocale(options.guildLocale?.(guildId))),
    commandText: (language, key) => commandTexts.get(language)?.get(key),
  };
}

/** `namespace:key` for every message a language has (plural forms under their base key). */
function keysOf(catalogues: Catalogues, language: string): Set<string> {
  const keys = new Set<string>();
  for (const namespace of NAMESPACES) {
    const tree = catalogues[language]?.[namespace as Namespace];
    if (!tree) continue;
    for (const key of flattenKeys(tree).keys()) keys.add(`${namespace}:${baseKey(key)}`);
  }
  return keys;
}
