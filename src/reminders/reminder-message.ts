import type { APIEmbed } from "discord.js";
import type { CatalogueItem, Roadmap } from "../catalogue/catalogue.ts";
import { COLOURS, discordTime, safeText, truncate } from "../discord/render/text.ts";

/** What a queued reminder carries in the outbox: who gets it and the message itself. */
export interface ReminderPayload {
  readonly userId: string;
  readonly content: string;
  readonly embeds: APIEmbed[];
}

export const HOW_TO_STOP = "Turn these reminders off any time with /roadmap remind weekday: off in the server.";

/** The weekly nudge: friendly, no links (a DM full of links looks like spam), the next few items. */
export function reminderMessage(userId: string, roadmap: Roadmap, items: readonly CatalogueItem[]): ReminderPayload {
  const embed: APIEmbed = {
    title: `Next up on ${truncate(roadmap.title, 200)}`,
    color: COLOURS.brand,
    description: items
      .map((item) => `⬜ **${truncate(item.title, 100)}**\n  Stage ${item.stage} · ${item.section} ${truncate(item.sectionTitle, 80)}`)
      .join("\n"),
    footer: { text: `Mark one done with /roadmap check. ${HOW_TO_STOP}` },
  };
  return {
    userId,
    content: "👋 Hi! Your weekly roadmap reminder: you haven't checked anything off this week yet. One small step is plenty. Here's what's next:",
    embeds: [embed],
  };
}

export function confirmationMessage(guildName: string, schedule: { day: string; time: string; timezone: string }, nextAt: Date): string {
  return [
    `⏰ Weekly reminders from **${safeText(guildName, 100)}** are on: every **${schedule.day}** at **${schedule.time}** (${schedule.timezone}), first on ${discordTime(nextAt, "F")}.`,
    "I'll only nudge you in a week where you haven't checked anything yet.",
    HOW_TO_STOP,
  ].join("\n");
}

export const DIRECT_MESSAGES_CLOSED_HELP = [
  "📪 I couldn't send you a direct message: your DMs are closed for this server, so reminders stay **off**.",
  "To open them, click the server's name → **Privacy Settings** → turn on **Direct Messages**, then run `/roadmap remind` again.",
].join("\n");
