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

export interface SlashCommand {
  readonly data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  readonly subcommands: ReadonlyMap<string, Subcommand>;
  readonly preconditions: readonly Precondition[];
}

export function slashCommand(
  data: Omit<RESTPostAPIChatInputApplicationCommandsJSONBody, "options">,
  subcommands: readonly Subcommand[],
  preconditions: readonly Precondition[] = [],
): SlashCommand {
  return {
    data: { ...data, options: subcommands.map((s) => s.data) },
    subcommands: new Map(subcommands.map((s) => [s.data.name, s])),
    preconditions,
  };
}
