import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { COLOURS, discordTime } from "../src/discord/render/text.ts";
import { emptyWeeksSetting } from "../src/discord/render/leaderboard.ts";
import { weekdayName, type Weekday } from "../src/leaderboard/week.ts";
import type { GuildJobFailureRow } from "../src/db/schema.ts";
import { UNEXPECTED_REASON } from "../src/scheduler/guild-isolation.ts";
import { serverLanguageSetting } from "../src/i18n/server-language.ts";
import { loadSettings } from "../src/settings/guild-settings.ts";

const JOB_NAMES: Record<GuildJobFailureRow["job"], string> = { "weekly-post": "Last weekly post", reminder: "A member's weekly reminder" };

function failureLine(failure: GuildJobFailureRow): string {
  const advice = failure.reason === UNEXPECTED_REASON ? "" : " Run `/roadmap-admin setup` again to fix it.";
  return `${JOB_NAMES[failure.job]} failed ${discordTime(failure.failed_at, "R")}: ${failure.reason}. I'll retry ${discordTime(failure.retry_at, "F")} (${discordTime(failure.retry_at, "R")}).${advice}`;
}

export const settingsCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "settings",
    description: "Show the study group's settings and the next scheduled post",
  },
  ephemeral: true,
  async execute(ctx, interaction) {
    const { guild, milestoneRoles, backlog, failures } = await loadSettings(ctx, interaction.guildId);
    if (!guild?.channel_id) {
      return { content: "Nothing is set up yet. Run `/roadmap-admin setup` to choose a channel for weekly leaderboards and milestone posts." };
    }
    const day = weekdayName(guild.post_weekday as Weekday);
    const t = ctx.i18n.forLocale(interaction.locale);
    const fields = [
      { name: "Channel", value: `<#${guild.channel_id}>`, inline: true },
      { name: "Weekly post", value: `${day} ${guild.post_time} (${guild.timezone})`, inline: true },
      { ...emptyWeeksSetting(guild.empty_weeks), inline: true },
      {
        name: "Next post",
        value: guild.delivery_blocked ? "Paused" : guild.next_post_at ? `${discordTime(guild.next_post_at, "F")} (${discordTime(guild.next_post_at, "R")})` : "Not scheduled",
      },
      {
        name: "Milestone roles",
        value: milestoneRoles.length > 0 ? milestoneRoles.map((r) => `Stage ${r.stage}: <@&${r.role_id}>`).join("\n") : "None",
      },
      { name: t.t("admin:settings.language"), value: serverLanguageSetting(t, guild.language, interaction.guildLocale), inline: true },
      { name: "Posts waiting", value: `${backlog.pending} pending · ${backlog.failed} failed · ${backlog.blocked} held back`, inline: true },
    ];
    if (guild.delivery_blocked) {
      fields.unshift({
        name: "⚠️ Deliveries stopped",
        value: `Discord refused my posts (${guild.delivery_blocked})${guild.delivery_blocked_at ? ` ${discordTime(guild.delivery_blocked_at, "R")}` : ""}. Fix my permissions or pick another channel, then run \`/roadmap-admin setup\` again: held-back posts will follow.`,
      });
    }
    if (failures.length > 0) {
      fields.unshift({ name: "⚠️ Scheduled work failing", value: failures.map(failureLine).join("\n") });
    }
    const warning = guild.delivery_blocked !== null || failures.length > 0;
    return {
      embeds: [{ title: "Roadmap Bot settings", color: warning ? COLOURS.warning : COLOURS.brand, fields }],
    };
  },
});
