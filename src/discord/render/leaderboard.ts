import type { APIEmbed } from "discord.js";
import type { EmptyWeeks } from "../../db/schema.ts";
import type { Translator } from "../../i18n/translator.ts";
import type { LeaderboardEntry, LeaderboardView, Period } from "../../leaderboard/leaderboard-service.ts";
import { COLOURS, discordTime, pageMark } from "./text.ts";

/** A period's name in the catalogue's keys (`leaderboard:title.lastWeek`, `leaderboard:empty.lastWeek`). */
const PERIOD_KEYS = { week: "week", "last-week": "lastWeek", month: "month", all: "all" } as const satisfies Record<Period, string>;

const MEDALS = ["🥇", "🥈", "🥉"];

export function entryLine(entry: LeaderboardEntry, period: Period, t: Translator): string {
  const place = MEDALS[entry.rank - 1] ?? `**#${t.number(entry.rank)}**`;
  const wins = period === "all" && entry.weeksWon > 0 ? ` · 🏆×${t.number(entry.weeksWon)}` : "";
  const streak = entry.streak >= 2 ? ` · 🔥${t.number(entry.streak)}` : "";
  // A mention renders as the member's name; in an embed it never pings.
  const items = t.t("leaderboard:entry.items", { count: entry.score });
  const overall = t.t("leaderboard:entry.overall", { percent: t.percent(entry.overallPercent) });
  return `${place} <@${entry.userId}> · ${items} · ${overall}${streak}${wins}`;
}

/** A finished period is told in the past tense; a running one invites the reader to start it. */
function emptyLine(view: LeaderboardView, t: Translator): string {
  const finished = view.period === "last-week" || view.frozen;
  // Items were checked, but only by members who keep their progress private.
  if ((view.totals?.itemsDone ?? 0) > 0) return t.t(finished ? "leaderboard:onlyHidden.finished" : "leaderboard:onlyHidden.running");
  return t.t(`leaderboard:empty.${PERIOD_KEYS[finished ? "last-week" : view.period]}`);
}

/**
 * The days a period covers, in the group's time zone and named so: "Mon, Mar 2 – Sun, Mar 8 (Europe/Berlin)",
 * weekdays and months in the reader's language. Its last day is shown, not the next period's first (an end
 * at midnight would read as one day more), and not as Discord timestamps, which each reader would see
 * shifted into their own zone.
 */
export function periodSpan(period: { start: Date; end: Date }, timezone: string, t: Translator): string {
  const day = new Intl.DateTimeFormat(t.language, { timeZone: timezone, weekday: "short", month: "short", day: "numeric" });
  const lastDay = new Date(period.end.getTime() - 1);
  return t.t("leaderboard:span", { start: day.format(period.start), end: day.format(lastDay), zone: timezone });
}

function windowLines(view: LeaderboardView, t: Translator): string[] {
  const lines: string[] = [];
  if (view.window) lines.push(periodSpan(view.window, view.timezone, t));
  if (view.resetsAt) lines.push(t.t("leaderboard:resets", { date: discordTime(view.resetsAt, "R") }));
  return lines;
}

/** Setup's `empty_weeks` choices as the command file names them (Discord shows each language's from commands.json). */
export const EMPTY_WEEK_CHOICES: Record<EmptyWeeks, string> = {
  post: "Post a short note",
  skip: "Skip the post",
};

/** What the weekly post does for a quiet week, as settings name it. */
export function emptyWeeksSetting(choice: EmptyWeeks, t: Translator): { name: string; value: string } {
  return { name: t.t("leaderboard:emptyWeeks.name"), value: t.t(choice === "skip" ? "leaderboard:emptyWeeks.skip" : "leaderboard:emptyWeeks.post") };
}

export function emptyWeeksLine(choice: EmptyWeeks, t: Translator): string {
  return t.t(choice === "skip" ? "leaderboard:emptyWeeks.skipLine" : "leaderboard:emptyWeeks.postLine");
}

/** The weekly post for a week in which nobody checked anything: one short line, no empty table. */
export function renderQuietWeek(view: LeaderboardView, title: string, t: Translator): APIEmbed {
  return {
    title,
    color: COLOURS.brand,
    description: [...windowLines(view, t), "", t.t("leaderboard:quietWeek")].join("\n"),
  };
}

export function renderLeaderboard(view: LeaderboardView, t: Translator, options: { title?: string; forCaller?: boolean } = {}): APIEmbed {
  const lines = windowLines(view, t);
  lines.push("");
  if (view.entries.length === 0) {
    lines.push(emptyLine(view, t));
  } else {
    lines.push(...view.entries.map((entry) => entryLine(entry, view.period, t)));
  }
  const fields: NonNullable<APIEmbed["fields"]> = [];
  if (options.forCaller !== false) {
    fields.push({
      name: t.t("leaderboard:yourRank.name"),
      value: view.caller
        ? t.t("leaderboard:yourRank.ranked", { rank: view.caller.rank, ranked: view.ranked, count: view.caller.score })
        : t.t("leaderboard:yourRank.notRanked"),
      inline: true,
    });
  }
  if (view.totals) {
    fields.push({
      name: t.t("leaderboard:group.name"),
      value: [
        t.t("leaderboard:group.items", { count: view.totals.itemsDone }),
        t.t("leaderboard:group.members", { count: view.totals.activeMembers }),
        t.t("leaderboard:group.stages", { count: view.totals.stagesCompleted }),
      ].join(" · "),
      inline: true,
    });
  }
  return {
    title: options.title ?? t.t(`leaderboard:title.${PERIOD_KEYS[view.period]}`),
    color: COLOURS.brand,
    description: lines.join("\n"),
    fields,
    footer: { text: `${view.roadmap.title}${pageMark(view.page, view.pageCount, t)}` },
  };
}
