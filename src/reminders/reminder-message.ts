import type { APIEmbed } from "discord.js";
import { COLOURS, discordTime, safeText, truncate } from "../discord/render/text.ts";
import type { Translator } from "../i18n/translator.ts";
import type { RemindedTrack } from "./reminder-tracks.ts";

/** What a queued reminder carries in the outbox: who gets it and the message itself. */
export interface ReminderPayload {
  readonly userId: string;
  readonly content: string;
  readonly embeds: APIEmbed[];
}

/**
 * The weekly nudge, in the member's own language (their last locale): friendly, no links (a DM
 * full of links looks like spam), the next few items of each track they follow, one embed each.
 */
export function reminderMessage(userId: string, tracks: readonly RemindedTrack[], t: Translator): ReminderPayload {
  const sentences = (...parts: string[]) => parts.join(t.t("common:sentenceSeparator"));
  const embeds: APIEmbed[] = tracks.map(({ roadmap, items }) => ({
    title: t.t("reminders:weekly.title", { roadmap: truncate(roadmap.title, 200) }),
    color: COLOURS.brand,
    description: items
      .map((item) => `⬜ **${safeText(item.title, 100)}**\n  ${t.t("reminders:weekly.where", { stage: item.stage, section: item.section, title: truncate(item.sectionTitle, 80) })}`)
      .join("\n"),
  }));
  const last = embeds[embeds.length - 1];
  if (last) last.footer = { text: sentences(t.plain("reminders:weekly.markOne"), t.plain("reminders:howToStop")) };
  return { userId, content: t.t("reminders:weekly.content"), embeds };
}

/** The test DM that turning reminders on sends, in the language the member used the command in. */
export function confirmationMessage(
  guildName: string,
  schedule: { weekday: number; time: string; timezone: string },
  nextAt: Date,
  t: Translator,
): string {
  return [
    t.t("reminders:confirm.on", { server: truncate(guildName, 100), day: t.weekday(schedule.weekday), time: schedule.time, zone: schedule.timezone, date: discordTime(nextAt, "F") }),
    t.t("reminders:confirm.onlyQuietWeeks"),
    t.t("reminders:howToStop"),
  ].join("\n");
}

export function directMessagesClosedHelp(t: Translator): string {
  return [t.t("reminders:dmClosed.problem"), t.t("reminders:dmClosed.fix")].join("\n");
}
