import type { APIEmbed } from "discord.js";
import type { EmptyWeeks } from "../../db/schema.ts";
import type { LeaderboardEntry, LeaderboardView, Period } from "../../leaderboard/leaderboard-service.ts";
import { COLOURS, discordTime, pageMark, periodSpan } from "./text.ts";

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

/** A finished period is told in the past tense; a running one invites the reader to start it. */
const EMPTY: Record<Period, string> = {
  week: "Nobody has checked an item this week yet. Be the first with `/roadmap check`!",
  "last-week": "Nobody checked an item that week.",
  month: "Nobody has checked an item this month yet. Be the first with `/roadmap check`!",
  all: "Nobody has checked an item yet. Be the first with `/roadmap check`!",
};

/** Items were checked, but only by members who keep their progress private. */
const ONLY_HIDDEN: Record<"running" | "finished", string> = {
  running: "Only members who keep their progress private have checked items so far.",
  finished: "Only members who keep their progress private checked items that week.",
};

function emptyLine(view: LeaderboardView): string {
  const finished = view.period === "last-week" || view.frozen;
  if ((view.totals?.itemsDone ?? 0) > 0) return ONLY_HIDDEN[finished ? "finished" : "running"];
  return finished ? EMPTY["last-week"] : EMPTY[view.period];
}

function windowLines(view: LeaderboardView): string[] {
  const lines: string[] = [];
  if (view.window) lines.push(periodSpan(view.window, view.timezone));
  if (view.resetsAt) lines.push(`Resets ${discordTime(view.resetsAt, "R")}`);
  return lines;
}

/** What the weekly post does for a quiet week, as setup's choices and settings name it. */
export const EMPTY_WEEK_CHOICES: Record<EmptyWeeks, string> = {
  post: "Post a short note",
  skip: "Skip the post",
};

export function emptyWeeksSetting(choice: EmptyWeeks): { name: string; value: string } {
  return { name: "Quiet weeks", value: choice === "skip" ? "No post when nobody checked anything" : "A short note when nobody checked anything" };
}

export function emptyWeeksLine(choice: EmptyWeeks): string {
  return choice === "skip" ? "A week in which nobody checks anything gets no post." : "A week in which nobody checks anything gets a short note.";
}

/** The weekly post for a week in which nobody checked anything: one short line, no empty table. */
export function renderQuietWeek(view: LeaderboardView, title: string): APIEmbed {
  return {
    title,
    color: COLOURS.brand,
    description: [...windowLines(view), "", "A quiet week: nobody checked an item. A new week has begun: `/roadmap check` to be on the next board."].join("\n"),
  };
}

export function renderLeaderboard(view: LeaderboardView, options: { title?: string; forCaller?: boolean } = {}): APIEmbed {
  const lines = windowLines(view);
  lines.push("");
  if (view.entries.length === 0) {
    lines.push(emptyLine(view));
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
    footer: { text: `${view.roadmap.title}${pageMark(view.page, view.pageCount)}` },
  };
}
