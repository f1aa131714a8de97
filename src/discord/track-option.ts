import { ApplicationCommandOptionType, type APIApplicationCommandOptionChoice } from "discord.js";
import type { AppContext } from "../context.ts";
import { currentLanguages } from "../db/roadmap-repository.ts";
import type { Translator } from "../i18n/translator.ts";
import { choiceName, trackLabel } from "../roadmaps/roadmap-choices.ts";
import { trackChoices } from "../tracks/tracks.ts";
import type { GuildAutocompleteInteraction } from "./command.ts";
import { callerKey } from "./members.ts";

/** A member command's `roadmap:` option: which of the server's tracks it works on. */
export const TRACK_OPTION = {
  type: ApplicationCommandOptionType.String,
  name: "roadmap",
  description: "Which of the server's roadmaps (default: the one you used last)",
  autocomplete: true,
  max_length: 100,
} as const;

/** The track a command's options name, or undefined for the member's default. */
export function namedTrackOption(interaction: GuildAutocompleteInteraction): string | undefined {
  return interaction.options.getString(TRACK_OPTION.name) ?? undefined;
}

/** Choices when the `roadmap:` option is the focused one; undefined when another option is. */
export async function trackOptionChoices(ctx: AppContext, interaction: GuildAutocompleteInteraction): Promise<APIApplicationCommandOptionChoice<string>[] | undefined> {
  const focused = interaction.options.getFocused(true);
  if (focused.name !== TRACK_OPTION.name) return undefined;
  const choices = await trackChoices(ctx, callerKey(interaction), String(focused.value).slice(0, 100));
  return withLanguages(ctx, choices, ctx.i18n.forLocale(interaction.locale));
}

/** Each track named with the language its roadmap declares ("Roteiro de IA (pt-BR)"): two copies of one roadmap stay told apart. */
async function withLanguages(ctx: AppContext, choices: APIApplicationCommandOptionChoice<string>[], t: Translator): Promise<APIApplicationCommandOptionChoice<string>[]> {
  const languages = await currentLanguages(ctx.db, choices.map((choice) => choice.value));
  return choices.map((choice) => ({ ...choice, name: choiceName((title) => trackLabel({ title, language: languages.get(choice.value) ?? null }, t), choice.name) }));
}
