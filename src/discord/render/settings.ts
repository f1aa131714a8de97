import type { Reply } from "../command.ts";
import type { GuildRow } from "../../db/schema.ts";
import { serverLanguageSetting } from "../../i18n/server-language.ts";
import type { Translator } from "../../i18n/translator.ts";
import { emptyWeeksSetting } from "./leaderboard.ts";
import { readFailureReason, UNEXPECTED_REASON } from "../../scheduler/guild-isolation.ts";
import { userMessageText, type UserMessage } from "../../errors.ts";
import type { FailingJob, PausedTrack, SettingsView } from "../../settings/guild-settings.ts";
import { COLOURS, discordTime, truncate } from "./text.ts";

function failureLine(t: Translator, failure: FailingJob): string {
  const stored = readFailureReason(failure.reason);
  const job = t.t(`admin:settings.failure.${failure.job}`, {
    when: discordTime(failure.failed_at, "R"),
    reason: failureReasonText(t, stored),
    retry: discordTime(failure.retry_at, "F"),
    retryRelative: discordTime(failure.retry_at, "R"),
  });
  const line = failure.trackTitle === undefined ? job : t.t("admin:settings.failure.ofTrack", { roadmap: truncate(failure.trackTitle, 100), line: job });
  if (stored === UNEXPECTED_REASON) return line;
  const advice = failure.trackTitle === undefined ? t.t("admin:settings.failure.advice") : t.t("admin:settings.failure.adviceTrack", { id: failure.roadmap_id });
  return [line, advice].join(t.t("common:sentenceSeparator"));
}

/** A keyed reason in the reader's language; an "unexpected error" its own message; an old row's English as stored. */
function failureReasonText(t: Translator, stored: UserMessage | string): string {
  if (typeof stored !== "string") return userMessageText(t, stored);
  return stored === UNEXPECTED_REASON ? t.t("admin:settings.failure.unexpectedReason") : stored;
}

function nextPost(t: Translator, guild: GuildRow): string {
  if (guild.delivery_blocked) return t.t("admin:settings.paused");
  if (!guild.next_post_at) return t.t("admin:settings.notScheduled");
  return t.t("admin:settings.nextPostAt", { at: discordTime(guild.next_post_at, "F"), relative: discordTime(guild.next_post_at, "R") });
}

/** A track whose own channel Discord refused: what is paused, why, and the setup that resumes it. */
function pausedTrackField(t: Translator, track: PausedTrack): { name: string; value: string } {
  const values = { roadmap: truncate(track.title, 100), id: track.roadmapId, reason: track.reason };
  return {
    name: t.t("admin:settings.trackPaused", values),
    value: track.since
      ? t.t("admin:settings.trackPausedReasonAt", { ...values, when: discordTime(track.since, "R") })
      : t.t("admin:settings.trackPausedReason", values),
  };
}

/** `/roadmap-admin settings`: the channel, schedule, roles, language and backlog, with what is failing first. */
export function renderSettings(t: Translator, view: SettingsView, guildLocale: string | null | undefined): Reply {
  const { guild, milestoneRoles, backlog, failures, pausedTracks } = view;
  if (!guild?.channel_id) return { content: t.t("admin:settings.notSetUp") };
  const fields = [
    { name: t.t("admin:settings.channel"), value: `<#${guild.channel_id}>`, inline: true },
    {
      name: t.t("admin:settings.weeklyPost"),
      value: t.t("admin:settings.weeklyPostAt", { day: t.weekday(guild.post_weekday), time: guild.post_time, timezone: guild.timezone }),
      inline: true,
    },
    // The quiet-weeks setting is the leaderboard's (its words live with its renderer).
    { ...emptyWeeksSetting(guild.empty_weeks, t), inline: true },
    { name: t.t("admin:settings.nextPost"), value: nextPost(t, guild) },
    {
      name: t.t("admin:settings.milestoneRoles"),
      value:
        milestoneRoles.length > 0
          ? milestoneRoles.map((r) => t.t("admin:settings.milestoneRole", { number: r.stage, role: `<@&${r.role_id}>` })).join("\n")
          : t.t("admin:settings.none"),
    },
    { name: t.t("admin:settings.language"), value: serverLanguageSetting(t, guild.language, guildLocale), inline: true },
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
  fields.unshift(...pausedTracks.map((track) => pausedTrackField(t, track)));
  if (failures.length > 0) {
    fields.unshift({ name: t.t("admin:settings.failing"), value: failures.map((failure) => failureLine(t, failure)).join("\n") });
  }
  const warning = guild.delivery_blocked !== null || failures.length > 0 || pausedTracks.length > 0;
  return {
    embeds: [{ title: t.t("admin:settings.title"), color: warning ? COLOURS.warning : COLOURS.brand, fields }],
  };
}
