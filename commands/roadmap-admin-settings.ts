import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { COLOURS, discordTime } from "../src/discord/render/text.ts";
import type { GuildJobFailureRow } from "../src/db/schema.ts";
import { UNEXPECTED_REASON } from "../src/scheduler/guild-isolation.ts";
import { serverLanguageSetting } from "../src/i18n/server-language.ts";
import type { Translator } from "../src/i18n/translator.ts";
import { loadSettings, weekdayChoiceName } from "../src/settings/guild-settings.ts";
import type { GuildRow } from "../src/db/schema.ts";

function failureLine(t: Translator, failure: GuildJobFailureRow): string {
  const line = t.t(`admin:settings.failure.${failure.job}`, {
    when: discordTime(failure.failed_at, "R"),
    reason: failure.reason,
    retry: discordTime(failure.retry_at, "F"),
    retryRelative: discordTime(failure.retry_at, "R"),
  });
  if (failure.reason === UNEXPECTED_REASON) return line;
  return [line, t.t("admin:settings.failure.advice")].join(t.t("common:sentenceSeparator"));
}

function nextPost(t: Translator, guild: GuildRow): string {
  if (guild.delivery_blocked) return t.t("admin:settings.paused");
  if (!guild.next_post_at) return t.t("admin:settings.notScheduled");
  return t.t("admin:settings.nextPostAt", { at: discordTime(guild.next_post_at, "F"), relative: discordTime(guild.next_post_at, "R") });
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
    const t = ctx.i18n.forLocale(interaction.locale);
    if (!guild?.channel_id) return { content: t.t("admin:settings.notSetUp") };
    const fields = [
      { name: t.t("admin:settings.channel"), value: `<#${guild.channel_id}>`, inline: true },
      {
        name: t.t("admin:settings.weeklyPost"),
        value: t.t("admin:settings.weeklyPostAt", { day: weekdayChoiceName(ctx.i18n, t, guild.post_weekday), time: guild.post_time, timezone: guild.timezone }),
        inline: true,
      },
      { name: t.t("admin:settings.nextPost"), value: nextPost(t, guild) },
      {
        name: t.t("admin:settings.milestoneRoles"),
        value:
          milestoneRoles.length > 0
            ? milestoneRoles.map((r) => t.t("admin:settings.milestoneRole", { number: r.stage, role: `<@&${r.role_id}>` })).join("\n")
            : t.t("admin:settings.none"),
      },
      { name: t.t("admin:settings.language"), value: serverLanguageSetting(t, guild.language, interaction.guildLocale), inline: true },
      { name: t.t("admin:settings.postsWaiting"), value: t.t("admin:settings.backlog", backlog), inline: true },
    ];
    if (guild.delivery_blocked) {
      const reason = guild.delivery_blocked;
      fields.unshift({
        name: t.t("admin:settings.deliveriesStopped"),
        value: guild.delivery_blocked_at
          ? t.t("admin:settings.deliveriesStoppedReasonAt", { reason, when: discordTime(guild.delivery_blocked_at, "R") })
          : t.t("admin:settings.deliveriesStoppedReason", { reason }),
      });
    }
    if (failures.length > 0) {
      fields.unshift({ name: t.t("admin:settings.failing"), value: failures.map((failure) => failureLine(t, failure)).join("\n") });
    }
    const warning = guild.delivery_blocked !== null || failures.length > 0;
    return {
      embeds: [{ title: t.t("admin:settings.title"), color: warning ? COLOURS.warning : COLOURS.brand, fields }],
    };
  },
});
