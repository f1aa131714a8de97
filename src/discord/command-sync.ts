import { Routes, type REST, type RESTGetAPIApplicationCommandsResult, type RESTPostAPIApplicationCommandsJSONBody } from "discord.js";

type CommandLike = Record<string, unknown>;

function normaliseOption(option: CommandLike): CommandLike {
  return dropEmpty({
    type: option.type,
    name: option.name,
    description: option.description,
    required: option.required ?? false,
    autocomplete: option.autocomplete ?? false,
    choices: option.choices ?? [],
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
  const registered = (await rest.get(route)) as RESTGetAPIApplicationCommandsResult;
  if (!commandsDiffer(registered as unknown as CommandLike[], commands as unknown as CommandLike[])) return "unchanged";
  await rest.put(route, { body: commands });
  return "updated";
}
