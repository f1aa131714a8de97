import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { findGuild } from "../src/db/guild-repository.ts";
import { UserError } from "../src/errors.ts";
import { enqueueLeaderboardNow } from "../src/leaderboard/weekly-post.ts";

export const postLeaderboardCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "post-leaderboard",
    description: "Post this week's leaderboard now (the scheduled post still happens)",
  },
  ephemeral: true,
  async execute(ctx, interaction) {
    const guild = await findGuild(ctx.db, interaction.guildId);
    if (!guild?.channel_id) throw new UserError("Run `/roadmap-admin setup` first, so I know which channel to post in.");
    if (guild.delivery_blocked) {
      throw new UserError(`Posting is paused: Discord refused my posts (${guild.delivery_blocked}). Run \`/roadmap-admin setup\` again after fixing it.`);
    }
    await enqueueLeaderboardNow(ctx, guild, interaction.id);
    ctx.outbox.kick();
    return { content: `📣 Posting this week's leaderboard in <#${guild.channel_id}> now.` };
  },
});
