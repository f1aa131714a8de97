import type { LocalizationMap, RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord.js";
import { FALLBACK_LANGUAGE, LANGUAGE_CODES, LANGUAGES } from "./languages.ts";
import type { I18n } from "./translator.ts";

/*
 * Slash commands stay plain JSON in commands/*, in English. Their translations live in
 * `locales/<language>/commands.json`, keyed by the path Discord shows:
 *   "roadmap progress"            the subcommand's description
 *   "roadmap progress member"     an option's description
 *   "roadmap remind weekday = off" a choice's name (by its value)
 * Command and option names stay English in every language (README, "Languages"): only
 * descriptions and choice names are localised.
 */

interface CommandNode {
  readonly name: string;
  readonly description?: string;
  readonly options?: readonly CommandNode[];
  readonly choices?: readonly { readonly name: string; readonly value: string | number }[];
}

/** Every localisable text of these commands: key -> its English. */
export function commandTextKeys(commands: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[]): Map<string, string> {
  const keys = new Map<string, string>();
  const visit = (node: CommandNode, parent: string): void => {
    const path = parent ? `${parent} ${node.name}` : node.name;
    if (node.description !== undefined) keys.set(path, node.description);
    for (const choice of node.choices ?? []) keys.set(choiceKey(path, choice.value), choice.name);
    for (const option of node.options ?? []) visit(option, path);
  };
  for (const command of commands) visit(command as CommandNode, "");
  return keys;
}

function choiceKey(path: string, value: string | number): string {
  return `${path} = ${value}`;
}

/** The same commands with `description_localizations` and choices' `name_localizations` for every language we speak. */
export function localiseCommands(
  commands: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[],
  i18n: Pick<I18n, "commandText">,
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const localisations = (key: string): LocalizationMap | undefined => {
    const map: Record<string, string> = {};
    for (const language of LANGUAGE_CODES) {
      if (language === FALLBACK_LANGUAGE) continue;
      const text = i18n.commandText(language, key);
      if (text === undefined) continue;
      for (const locale of LANGUAGES[language].discordLocales) map[locale] = text;
    }
    return Object.keys(map).length > 0 ? (map as LocalizationMap) : undefined;
  };
  const localise = <T extends CommandNode>(node: T, parent: string): T => {
    const path = parent ? `${parent} ${node.name}` : node.name;
    const descriptions = node.description === undefined ? undefined : localisations(path);
    return {
      ...node,
      ...(descriptions && { description_localizations: descriptions }),
      ...(node.choices && {
        choices: node.choices.map((choice) => {
          const names = localisations(choiceKey(path, choice.value));
          return names ? { ...choice, name_localizations: names } : choice;
        }),
      }),
      ...(node.options && { options: node.options.map((option) => localise(option, path)) }),
    };
  };
  return commands.map((command) => localise(command as CommandNode & RESTPostAPIChatInputApplicationCommandsJSONBody, ""));
}
