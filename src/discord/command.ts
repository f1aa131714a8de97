import { ApplicationCommandOptionType } from "discord.js";
import type {
  APIActionRowComponent,
  APIApplicationCommandOptionChoice,
  APIApplicationCommandSubcommandOption,
  APIComponentInMessageActionRow,
  APIEmbed,
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { AppContext } from "../context.ts";

/** What a handler answers with; the dispatcher decides how to deliver it (reply, edit after defer, update). */
export interface Reply {
  readonly content?: string;
  readonly embeds?: readonly APIEmbed[];
  readonly components?: readonly APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** Only the member who asked sees it. */
  readonly ephemeral?: boolean;
  /** Attachments, e.g. an export or a rendered picture. */
  readonly files?: readonly { readonly name: string; readonly data: Buffer; readonly description?: string }[];
}

export type GuildCommandInteraction = ChatInputCommandInteraction<"cached">;
export type GuildAutocompleteInteraction = AutocompleteInteraction<"cached">;
export type GuildButtonInteraction = ButtonInteraction<"cached">;

export interface Subcommand {
  readonly data: APIApplicationCommandSubcommandOption;
  /** Whether the answer is for the caller only; a slow answer is deferred the same way. */
  readonly ephemeral: boolean;
  /** Always slower than Discord waits (it downloads and reads files): deferred at once rather than near the deadline. */
  readonly deferAtOnce?: boolean;
  execute(ctx: AppContext, interaction: GuildCommandInteraction): Promise<Reply>;
  autocomplete?(ctx: AppContext, interaction: GuildAutocompleteInteraction): Promise<APIApplicationCommandOptionChoice[]>;
}

/** Handles buttons whose custom id starts with `${prefix}:`; the reply replaces the message the button is on. */
export interface ButtonHandler {
  readonly prefix: string;
  handle(ctx: AppContext, interaction: GuildButtonInteraction): Promise<Reply>;
}

/** Throws a UserError when the member may not use the command; runs before every subcommand. */
export type Precondition = (interaction: GuildCommandInteraction | GuildButtonInteraction) => void;

/** Subcommands under one name (`/roadmap-admin roadmap upload`): Discord's subcommand group. */
export interface SubcommandGroup {
  readonly group: string;
  readonly description: string;
  readonly subcommands: readonly Subcommand[];
}

export interface SlashCommand {
  readonly data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** Keyed by the subcommand's name, or "group name" for a grouped one (see `subcommandKey`). */
  readonly subcommands: ReadonlyMap<string, Subcommand>;
  readonly preconditions: readonly Precondition[];
}

/** The key of the subcommand an interaction names, as `SlashCommand.subcommands` holds it. */
export function subcommandKey(options: { getSubcommandGroup(required: false): string | null; getSubcommand(required: false): string | null }): string {
  return [options.getSubcommandGroup(false), options.getSubcommand(false)].filter(Boolean).join(" ");
}

export function slashCommand(
  data: Omit<RESTPostAPIChatInputApplicationCommandsJSONBody, "options">,
  entries: readonly (Subcommand | SubcommandGroup)[],
  preconditions: readonly Precondition[] = [],
): SlashCommand {
  const subcommands = new Map<string, Subcommand>();
  const options = entries.map((entry) => {
    if (!("group" in entry)) {
      subcommands.set(entry.data.name, entry);
      return entry.data;
    }
    for (const s of entry.subcommands) subcommands.set(`${entry.group} ${s.data.name}`, s);
    return {
      type: ApplicationCommandOptionType.SubcommandGroup as const,
      name: entry.group,
      description: entry.description,
      options: entry.subcommands.map((s) => s.data),
    };
  });
  return { data: { ...data, options }, subcommands, preconditions };
}
