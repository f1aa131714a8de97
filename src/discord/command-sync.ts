import { Routes, type REST, type RESTGetAPIApplicationCommandsResult, type RESTPostAPIApplicationCommandsJSONBody } from "discord.js";
import { localiseCommands } from "../i18n/command-localisations.ts";
import type { I18n } from "../i18n/translator.ts";
import type { SlashCommand } from "./command.ts";

type CommandLike = Record<string, unknown>;

/** What is registered with Discord: the commands' JSON with every language's descriptions and choice names. */
export function commandBodies(commands: readonly SlashCommand[], i18n: Pick<I18n, "commandText">): RESTPostAPIApplicationCommandsJSONBody[] {
  return localiseCommands(commands.map((command) => command.data), i18n);
}

/** Localisation maps compared as sorted entries: Discord may return their keys in any order. */
function localisations(value: unknown): [string, unknown][] {
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).sort(([a], [b]) => a.localeCompare(b));
}

function normaliseChoice(choice: CommandLike): CommandLike {
  return dropEmpty({ name: choice.name, value: choice.value, name_localizations: localisations(choice.name_localizations) });
}

function normaliseOption(option: CommandLike): CommandLike {
  return dropEmpty({
    type: option.type,
    name: option.name,
    description: option.description,
    name_localizations: localisations(option.name_localizations),
    description_localizations: localisations(option.description_localizations),
    required: option.required ?? false,
    autocomplete: option.autocomplete ?? false,
    choices: ((option.choices as CommandLike[] | undefined) ?? []).map(normaliseChoice),
    min_value: option.min_value,
    max_value: option.max_value,
    min_length: option.min_length,
    max_length: option.max_length,
    channel_types: option.channel_types ?? [],
    options: ((option.options as CommandLike[] | undefined) ?? []).map(normaliseOption),
  });
}

/** The fields that matter when comparing a registered command with ours; Discord adds ids, versions and defaults. */
export function normaliseCommand(command: CommandLike): CommandLike {
  return dropEmpty({
    type: command.type ?? 1,
    name: command.name,
    description: command.description,
    name_localizations: localisations(command.name_localizations),
    description_localizations: localisations(command.description_localizations),
    default_member_permissions: command.default_member_permissions ?? null,
    nsfw: command.nsfw ?? false,
    contexts: [...((command.contexts as number[] | null | undefined) ?? [])].sort(),
    integration_types: [...((command.integration_types as number[] | null | undefined) ?? [])].sort(),
    options: ((command.options as CommandLike[] | undefined) ?? []).map(normaliseOption),
  });
}

function dropEmpty(value: CommandLike): CommandLike {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)),
  );
}

export function commandsDiffer(registered: readonly CommandLike[], wanted: readonly CommandLike[]): boolean {
  const canonical = (list: readonly CommandLike[]) =>
    JSON.stringify(list.map(normaliseCommand).sort((a, b) => String(a.name).localeCompare(String(b.name))));
  return canonical(registered) !== canonical(wanted);
}

/** Fetches the registered commands and replaces them only when they differ from ours. */
export async function syncCommands(
  rest: REST,
  applicationId: string,
  commands: readonly RESTPostAPIApplicationCommandsJSONBody[],
  guildId?: string,
): Promise<"unchanged" | "updated"> {
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  // Without with_localizations Discord leaves the localisation maps out, and every start would look like a change.
  const registered = (await rest.get(route, { query: new URLSearchParams({ with_localizations: "true" }) })) as RESTGetAPIApplicationCommandsResult;
  if (!commandsDiffer(registered as unknown as CommandLike[], commands as unknown as CommandLike[])) return "unchanged";
  await rest.put(route, { body: commands });
  return "updated";
}
