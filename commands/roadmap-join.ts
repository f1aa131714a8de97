import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { callerKey } from "../src/discord/members.ts";
import { safeText } from "../src/discord/render/text.ts";
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
    return {
      content: `✅ You follow **${safeText(roadmap.title, 100)}**. \`/roadmap check\`, \`uncheck\`, \`item\`, \`progress\` and \`leaderboard\` use it until you name another with their \`roadmap\` option.`,
    };
  },
  autocomplete: async (ctx, interaction) => (await trackOptionChoices(ctx, interaction)) ?? [],
});
