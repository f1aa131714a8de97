import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { callerKey } from "../src/discord/members.ts";
import { truncate } from "../src/discord/render/text.ts";
import { TRACK_OPTION, trackOptionChoices } from "../src/discord/track-option.ts";
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
    const t = ctx.i18n.forLocale(interaction.locale);
    return { content: t.t("roadmaps:join.done", { title: truncate(roadmap.title, 100) }) };
  },
  autocomplete: async (ctx, interaction) => (await trackOptionChoices(ctx, interaction)) ?? [],
});
