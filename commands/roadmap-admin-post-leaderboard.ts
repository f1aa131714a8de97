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
    if (!guild?.channel_id) throw new UserError({ key: "admin:postLeaderboard.notSetUp" });
    if (guild.delivery_blocked) throw new UserError({ key: "admin:postLeaderboard.paused", values: { reason: guild.delivery_blocked } });
    await enqueueLeaderboardNow(ctx, guild, interaction.id);
    ctx.outbox.kick();
    return { content: ctx.i18n.forLocale(interaction.locale).t("admin:postLeaderboard.posting", { channel: `<#${guild.channel_id}>` }) };
  },
});
