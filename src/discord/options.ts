import {
  ApplicationCommandOptionType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  type CommandInteractionOption,
} from "discord.js";
import { UserError, type UserMessage } from "../errors.ts";
import type { MessageKey } from "../i18n/message-keys.ts";
import { resolveChoice } from "./choices.ts";
import type { GuildCommandInteraction } from "./command.ts";
import { truncate } from "./render/text.ts";

type Resolved = CommandInteractionOption<"cached">;

/** A `User` option: the user, and the member when they are in the server. */
export interface UserArg {
  readonly user: NonNullable<Resolved["user"]>;
  readonly member: NonNullable<Resolved["member"]> | undefined;
}

/** What a handler receives for one option of each type. */
interface ArgTypes {
  [ApplicationCommandOptionType.String]: string;
  [ApplicationCommandOptionType.Integer]: number;
  [ApplicationCommandOptionType.Number]: number;
  [ApplicationCommandOptionType.Boolean]: boolean;
  [ApplicationCommandOptionType.User]: UserArg;
  [ApplicationCommandOptionType.Channel]: NonNullable<Resolved["channel"]>;
  [ApplicationCommandOptionType.Role]: NonNullable<Resolved["role"]>;
  [ApplicationCommandOptionType.Mentionable]: UserArg | NonNullable<Resolved["role"]>;
  [ApplicationCommandOptionType.Attachment]: NonNullable<Resolved["attachment"]>;
}

type ArgOf<O extends APIApplicationCommandBasicOption> = O extends { readonly required: true } ? ArgTypes[O["type"]] : ArgTypes[O["type"]] | undefined;

/**
 * A subcommand's arguments, derived from its definition: `{ item: string; note: string | undefined }`
 * for a required `item` and an optional `note`. Renaming an option in the definition breaks every
 * handler that still reads the old name at compile time.
 */
export type ArgsOf<D extends APIApplicationCommandSubcommandOption> = D extends { readonly options: readonly (infer O extends APIApplicationCommandBasicOption)[] }
  ? { readonly [K in O as K["name"]]: ArgOf<K> }
  : Record<never, never>;

/** How each option type is described when a forged value is refused. */
const EXPECTED: Record<APIApplicationCommandBasicOption["type"], MessageKey> = {
  [ApplicationCommandOptionType.String]: "errors:options.expected.text",
  [ApplicationCommandOptionType.Integer]: "errors:options.expected.integer",
  [ApplicationCommandOptionType.Number]: "errors:options.expected.number",
  [ApplicationCommandOptionType.Boolean]: "errors:options.expected.boolean",
  [ApplicationCommandOptionType.User]: "errors:options.expected.user",
  [ApplicationCommandOptionType.Channel]: "errors:options.expected.channel",
  [ApplicationCommandOptionType.Role]: "errors:options.expected.role",
  [ApplicationCommandOptionType.Mentionable]: "errors:options.expected.mentionable",
  [ApplicationCommandOptionType.Attachment]: "errors:options.expected.attachment",
};

const RETRY: UserMessage = { key: "errors:options.retry" };

/** The refusals of an option Discord's own client would not have sent: the command and option names are ours, never the sender's. */
export const OPTION_MESSAGES = {
  missing: (command: string, name: string): UserMessage => ({ key: "errors:options.missing", values: { command, name, retry: RETRY } }),
  unknown: (command: string, name: string): UserMessage => ({ key: "errors:options.unknown", values: { command, name: truncate(name, 40), retry: RETRY } }),
  wrongType: (command: string, name: string, expected: MessageKey): UserMessage => ({
    key: "errors:options.wrongType",
    values: { command, name, expected: { key: expected }, retry: RETRY },
  }),
} as const;

function userArg(given: Resolved): UserArg | undefined {
  return given.user ? { user: given.user, member: given.member ?? undefined } : undefined;
}

/** The value of one option, or undefined when what arrived is not of the declared type. */
function valueOf(declared: APIApplicationCommandBasicOption, given: Resolved): unknown {
  if (given.type !== declared.type) return undefined;
  const value = given.value;
  switch (declared.type) {
    case ApplicationCommandOptionType.String:
      return typeof value === "string" ? value : undefined;
    case ApplicationCommandOptionType.Integer:
      return typeof value === "number" && Number.isSafeInteger(value) ? value : undefined;
    case ApplicationCommandOptionType.Number:
      return typeof value === "number" && Number.isFinite(value) ? value : undefined;
    case ApplicationCommandOptionType.Boolean:
      return typeof value === "boolean" ? value : undefined;
    case ApplicationCommandOptionType.User:
      return userArg(given);
    case ApplicationCommandOptionType.Channel:
      return given.channel ?? undefined;
    case ApplicationCommandOptionType.Role:
      return given.role ?? undefined;
    case ApplicationCommandOptionType.Mentionable:
      return userArg(given) ?? given.role ?? undefined;
    case ApplicationCommandOptionType.Attachment:
      return given.attachment ?? undefined;
  }
}

/**
 * Reads a subcommand's options as its definition declares them. Discord's own client sends only
 * declared options of the declared types; anything else (a forged or stale client) is refused
 * politely before the handler runs, so handlers never see a value of the wrong type.
 */
export function readOptions<const D extends APIApplicationCommandSubcommandOption>(data: D, interaction: GuildCommandInteraction): ArgsOf<D> {
  const group = interaction.options.data.find((option) => option.type === ApplicationCommandOptionType.SubcommandGroup);
  const command = ["/" + interaction.commandName, group?.name, data.name].filter(Boolean).join(" ");
  const declared: readonly APIApplicationCommandBasicOption[] = data.options ?? [];
  // A grouped subcommand (`/roadmap-admin roadmap upload`) arrives one level deeper, inside its group.
  const sent = (group?.options ?? interaction.options.data).find((option) => option.type === ApplicationCommandOptionType.Subcommand)?.options ?? [];
  for (const option of sent) {
    if (!declared.some((candidate) => candidate.name === option.name)) throw new UserError(OPTION_MESSAGES.unknown(command, String(option.name)));
  }
  const args: Record<string, unknown> = {};
  for (const option of declared) {
    const given = interaction.options.get(option.name);
    if (!given) {
      if (option.required) throw new UserError(OPTION_MESSAGES.missing(command, option.name));
      continue;
    }
    const value = valueOf(option, given);
    if (value === undefined) throw new UserError(OPTION_MESSAGES.wrongType(command, option.name, EXPECTED[option.type]));
    // A listed choice is understood by its value or its name; anything else is refused, never taken as another choice.
    args[option.name] = "choices" in option && option.choices ? resolveChoice(option, value as string | number) : value;
  }
  // Each declared option was checked against its declared type just above.
  return args as ArgsOf<D>;
}
