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
import { readOptions, type ArgsOf } from "./options.ts";

/**
 * What a handler answers with; the dispatcher decides how to deliver it (reply, edit after defer,
 * update). Who sees it is not the reply's choice: it is fixed by the subcommand before any deferral.
 */
export interface Reply {
  readonly content?: string;
  readonly embeds?: readonly APIEmbed[];
  readonly components?: readonly APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** Attachments, e.g. an export or a rendered picture. */
  readonly files?: readonly { readonly name: string; readonly data: Buffer; readonly description?: string }[];
}

export type GuildCommandInteraction = ChatInputCommandInteraction<"cached">;
export type GuildAutocompleteInteraction = AutocompleteInteraction<"cached">;
export type GuildButtonInteraction = ButtonInteraction<"cached">;

type Autocomplete = (ctx: AppContext, interaction: GuildAutocompleteInteraction) => Promise<APIApplicationCommandOptionChoice[]>;

/** One subcommand as its module writes it: the handler gets the options its definition declares, typed. */
export interface SubcommandDefinition<D extends APIApplicationCommandSubcommandOption> {
  readonly data: D;
  /** Whether the answer (and any error) is for the caller only; a slow answer is deferred the same way. */
  readonly ephemeral: boolean;
  /** Always slower than Discord waits (it downloads and reads files): deferred at once rather than near the deadline. */
  readonly deferAtOnce?: boolean;
  execute(ctx: AppContext, interaction: GuildCommandInteraction, args: ArgsOf<D>): Promise<Reply>;
  readonly autocomplete?: Autocomplete;
}

/** Only `subcommand()` makes a Subcommand, so no handler can skip reading its options against its definition. */
const OPTIONS_READ: unique symbol = Symbol("options read against the definition");

/** A subcommand as the dispatcher runs it: options already read and checked against its definition. */
export interface Subcommand {
  readonly data: APIApplicationCommandSubcommandOption;
  readonly ephemeral: boolean;
  /** Always slower than Discord waits (it downloads and reads files): deferred at once rather than near the deadline. */
  readonly deferAtOnce?: boolean;
  execute(ctx: AppContext, interaction: GuildCommandInteraction): Promise<Reply>;
  readonly autocomplete?: Autocomplete;
  readonly [OPTIONS_READ]: true;
}

/** Types a subcommand's handler from its own definition (yuudachi's `ArgsParam<typeof Command>`). */
export function subcommand<const D extends APIApplicationCommandSubcommandOption>(definition: SubcommandDefinition<D>): Subcommand {
  return {
    data: definition.data,
    ephemeral: definition.ephemeral,
    ...(definition.deferAtOnce && { deferAtOnce: true }),
    execute: (ctx, interaction) => definition.execute(ctx, interaction, readOptions(definition.data, interaction)),
    ...(definition.autocomplete && { autocomplete: definition.autocomplete }),
    [OPTIONS_READ]: true,
  };
}

/** Handles buttons whose custom id starts with `${prefix}:`; the reply replaces the message the button is on. */
export interface ButtonHandler {
  readonly prefix: string;
  handle(ctx: AppContext, interaction: GuildButtonInteraction): Promise<Reply>;
}

/** Throws a UserError when the member may not use the command; runs before every subcommand and button of it. */
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
  /** The buttons on this command's replies: they answer to the same preconditions. */
  readonly buttons: readonly ButtonHandler[];
  readonly preconditions: readonly Precondition[];
}

/** The key of the subcommand an interaction names, as `SlashCommand.subcommands` holds it. */
export function subcommandKey(options: { getSubcommandGroup(required: false): string | null; getSubcommand(required: false): string | null }): string {
  return [options.getSubcommandGroup(false), options.getSubcommand(false)].filter(Boolean).join(" ");
}

export function slashCommand(
  data: Omit<RESTPostAPIChatInputApplicationCommandsJSONBody, "options">,
  parts: {
    subcommands: readonly (Subcommand | SubcommandGroup)[];
    buttons?: readonly ButtonHandler[];
    preconditions?: readonly Precondition[];
  },
): SlashCommand {
  const subcommands = new Map<string, Subcommand>();
  const options = parts.subcommands.map((entry) => {
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
  return { data: { ...data, options }, subcommands, buttons: parts.buttons ?? [], preconditions: parts.preconditions ?? [] };
}
