import type { APIEmbed } from "discord.js";
import type { LeaderboardEntry, LeaderboardView, Period } from "../../leaderboard/leaderboard-service.ts";
import { COLOURS, discordTime } from "./text.ts";

const TITLES: Record<Period, string> = {
  week: "🏆 This week's leaderboard",
  "last-week": "🏆 Last week's final standings",
  month: "🏆 This month's leaderboard",
  all: "🏆 All-time leaderboard",
};

const MEDALS = ["🥇", "🥈", "🥉"];

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function entryLine(entry: LeaderboardEntry, period: Period): string {
  const place = MEDALS[entry.rank - 1] ?? `**#${entry.rank}**`;
  const wins = period === "all" && entry.weeksWon > 0 ? ` · 🏆×${entry.weeksWon}` : "";
  const streak = entry.streak >= 2 ? ` · 🔥${entry.streak}` : "";
  // A mention renders as the member's name; in an embed it never pings.
  return `${place} <@${entry.userId}> · **${plural(entry.score, "item")}** · ${entry.overallPercent}% overall${streak}${wins}`;
}

export function renderLeaderboard(view: LeaderboardView, options: { title?: string; forCaller?: boolean } = {}): APIEmbed {
  const lines: string[] = [];
  if (view.window) lines.push(`${discordTime(view.window.start)} → ${discordTime(view.window.end)}`);
  if (view.resetsAt) lines.push(`Resets ${discordTime(view.resetsAt, "R")}`);
  lines.push("");
  if (view.entries.length === 0) {
    lines.push("Nobody has checked an item in this period yet. Be the first with `/roadmap check`!");
  } else {
    lines.push(...view.entries.map((entry) => entryLine(entry, view.period)));
  }
  const fields: NonNullable<APIEmbed["fields"]> = [];
  if (options.forCaller !== false) {
    fields.push({
      name: "Your rank",
      value: view.caller
        ? `#${view.caller.rank} of ${view.ranked} · ${plural(view.caller.score, "item")}`
        : "Not ranked in this period (no items yet, or you chose to be hidden).",
      inline: true,
    });
  }
  if (view.totals) {
    fields.push({
      name: "The group",
      value: [
        `${plural(view.totals.itemsDone, "item")} done`,
        `${plural(view.totals.activeMembers, "active member")}`,
        `${plural(view.totals.stagesCompleted, "stage")} completed`,
      ].join(" · "),
      inline: true,
    });
  }
  return {
    title: options.title ?? TITLES[view.period],
    color: COLOURS.brand,
    description: lines.join("\n"),
    fields,
    footer: { text: `${view.roadmap.title} · page ${view.page + 1}/${view.pageCount}` },
  };
}
