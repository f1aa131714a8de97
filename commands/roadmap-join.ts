import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { callerKey } from "../src/discord/members.ts";
import { truncate } from "../src/discord/render/text.ts";
import { TRACK_OPTION, trackOptionChoices } from "../src/discord/track-option.ts";
import type { Translator } from "../src/i18n/translator.ts";
import { joinTrack } from "../src/tracks/tracks.ts";

export const joinCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "join",
    description: "Follow one of the server's roadmaps; your commands use it until you pick another",
    options: [{ ...TRACK_OPTION, description: "The roadmap to follow", required: true }],
  },
  ephemeral: true,
  async execute(ctx, interaction, args) {
    const roadmap = await joinTrack(ctx, callerKey(interaction), args.roadmap);
    return { content: joinedText(roadmap.title, ctx.i18n.forLocale(interaction.locale)) };
  },
  autocomplete: async (ctx, interaction) => (await trackOptionChoices(ctx, interaction)) ?? [],
});

export function joinedText(title: string, t: Translator): string {
  return t.t("roadmaps:join.done", { title: truncate(title, 100) });
}
