import type { APIEmbed } from "discord.js";
import type { CatalogueItem } from "../../catalogue/catalogue.ts";
import { MIN_HISTORY_DAYS, PACE_WINDOW_WEEKS, type ProgressSummary } from "../../progress/summary.ts";
import type { Translator } from "../../i18n/translator.ts";
import { itemPlace } from "./check.ts";
import { calendarDate, COLOURS, discordTime, escapeText, percent, progressBar, safeText, truncate } from "./text.ts";

/** A member's progress embed, in the language of whoever asked. */
export function renderProgress(summary: ProgressSummary, displayName: string, t: Translator): APIEmbed {
  const { roadmap } = summary;
  const current = summary.currentStage
    ? t.t("progress:stageName", { number: summary.currentStage.number, title: summary.currentStage.title })
    : t.t("progress:allStagesComplete");
  return {
    title: t.t("progress:title", { name: truncate(displayName, 80) }),
    color: summary.currentStage ? COLOURS.brand : COLOURS.success,
    description: [
      t.t("progress:summary", { done: summary.done, count: summary.total, percent: t.percent(summary.percent) }),
      `${progressBar(summary.done, summary.total, 20)}`,
      t.t("progress:currentStage", { stage: current }),
    ].join("\n"),
    fields: [
      ...summary.stages.map((s) => ({
        name: `${t.t("progress:stageName", { number: s.stage.number, title: s.stage.title })}${s.complete ? ` ✅ ${safeText(s.stage.level, 60)}` : ""}`,
        value: `\`${progressBar(s.done, s.total)}\` ${t.number(s.done)}/${t.number(s.total)} (${t.percent(percent(s.done, s.total))})`,
      })),
      { name: t.t("progress:fields.journey"), value: renderJourney(summary, t), inline: true },
      { name: t.t("progress:fields.streak"), value: renderStreak(summary, t), inline: true },
      { name: t.t("progress:fields.pace"), value: renderPace(summary, t), inline: true },
      { name: t.t("progress:fields.projection"), value: renderProjection(summary, t) },
      { name: t.t("progress:fields.target"), value: renderTarget(summary, t) },
    ],
    footer: { text: roadmap.title },
  };
}

function renderJourney(summary: ProgressSummary, t: Translator): string {
  const started = summary.startedOn
    ? t.t(summary.startedOnIsExplicit ? "progress:journey.started" : "progress:journey.startedFirstCheck", { date: calendarDate(summary.startedOn) })
    : t.t("progress:journey.notStarted");
  const target = summary.targetOn ? t.t("progress:journey.target", { date: calendarDate(summary.targetOn) }) : t.t("progress:journey.noTarget");
  return `${started}\n${target}`;
}

function renderStreak(summary: ProgressSummary, t: Translator): string {
  const { weeks, freezes, activeThisWeek } = summary.streak;
  if (weeks === 0) return t.t("progress:streak.none");
  const streak = [t.t("progress:streak.weeks", { count: weeks }), ...(freezes > 0 ? [t.t("progress:streak.freezes", { count: freezes })] : [])].join(" · ");
  return activeThisWeek ? streak : `${streak}\n${t.t("progress:streak.keep")}`;
}

/** Items a week over the pace window, to one decimal: as the embed and the progress card show it. */
export function weeklyPace(summary: ProgressSummary): number {
  return Math.round(summary.itemsPerWeek * 10) / 10;
}

function renderPace(summary: ProgressSummary, t: Translator): string {
  return `${t.t("progress:pace.rate", { count: weeklyPace(summary) })}\n${t.t("progress:pace.window", { count: PACE_WINDOW_WEEKS })}`;
}

function renderProjection(summary: ProgressSummary, t: Translator): string {
  const projection = summary.projection;
  switch (projection.kind) {
    case "complete":
      return t.t("progress:projection.complete");
    case "not-enough-history":
      return t.t("progress:projection.notEnoughHistory", { count: MIN_HISTORY_DAYS, sofar: projection.historyDays });
    case "no-recent-activity":
      return t.t("progress:projection.noRecentActivity", { count: PACE_WINDOW_WEEKS });
    case "projected": {
      const stage = summary.currentStage;
      return [
        stage ? t.t("progress:projection.stage", { number: stage.number, date: discordTime(projection.stageFinish) }) : "",
        t.t("progress:projection.roadmap", { date: discordTime(projection.roadmapFinish) }),
      ]
        .filter(Boolean)
        .join("\n");
    }
  }
}

function renderTarget(summary: ProgressSummary, t: Translator): string {
  const target = summary.target;
  const sentences = (...parts: string[]) => parts.join(t.t("common:sentenceSeparator"));
  switch (target.kind) {
    case "complete":
      return t.t("progress:target.complete");
    case "no-target":
      return t.t("progress:target.none");
    case "not-enough-data":
      return t.t("progress:target.notEnoughData", { count: MIN_HISTORY_DAYS, sofar: target.historyDays });
    case "on-track": {
      const verdict = target.itemsAhead > 0 ? t.t("progress:target.onTrackAhead", { count: target.itemsAhead }) : t.t("progress:target.onTrack");
      if (!target.projectedFinish) return verdict;
      return sentences(verdict, t.t("progress:target.projectedFinish", { date: discordTime(target.projectedFinish) }));
    }
    case "behind": {
      const finish = target.projectedFinish
        ? t.t("progress:target.behindFinish", { date: discordTime(target.projectedFinish) })
        : t.t("progress:target.behindNoPace");
      return sentences(t.t("progress:target.behind", { count: target.itemsBehind }), finish);
    }
  }
}

export function renderNextItems(items: readonly CatalogueItem[], summary: ProgressSummary, t: Translator): APIEmbed {
  if (items.length === 0) {
    return { title: t.t("progress:next.doneTitle"), description: t.t("progress:next.doneDescription"), color: COLOURS.success };
  }
  return {
    title: t.t("progress:next.title"),
    color: COLOURS.brand,
    description: items.map((item) => `⬜ **${escapeText(item.title)}**\n  ${itemPlace(item, t)} · \`${item.id}\``).join("\n"),
    footer: { text: t.plain("progress:next.footer", { done: summary.done, count: summary.total }) },
  };
}
