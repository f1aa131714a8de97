import type { APIEmbed } from "discord.js";
import type { CatalogueItem } from "../../catalogue/catalogue.ts";
import { MIN_HISTORY_DAYS, PACE_WINDOW_WEEKS, type ProgressSummary } from "../../progress/summary.ts";
import { calendarDate, COLOURS, discordTime, percent, progressBar, safeText } from "./text.ts";

export function renderProgress(summary: ProgressSummary, displayName: string): APIEmbed {
  const { roadmap } = summary;
  const current = summary.currentStage
    ? `Stage ${summary.currentStage.number}: ${summary.currentStage.title}`
    : "All stages complete 🎉";
  return {
    title: `Roadmap progress: ${safeText(displayName, 80)}`,
    color: summary.currentStage ? COLOURS.brand : COLOURS.success,
    description: [
      `**${summary.done}/${summary.total}** items · **${summary.percent}%** complete`,
      `${progressBar(summary.done, summary.total, 20)}`,
      `Current stage: **${current}**`,
    ].join("\n"),
    fields: [
      ...summary.stages.map((s) => ({
        name: `Stage ${s.stage.number}: ${s.stage.title}${s.complete ? ` ✅ ${s.stage.level}` : ""}`,
        value: `\`${progressBar(s.done, s.total)}\` ${s.done}/${s.total} (${percent(s.done, s.total)}%)`,
      })),
      { name: "Journey", value: renderJourney(summary), inline: true },
      { name: "Streak", value: renderStreak(summary), inline: true },
      { name: "Pace", value: renderPace(summary), inline: true },
      { name: "Projection", value: renderProjection(summary) },
      { name: "Against your target", value: renderTarget(summary) },
    ],
    footer: { text: roadmap.title },
  };
}

function renderJourney(summary: ProgressSummary): string {
  const started = summary.startedOn
    ? `${calendarDate(summary.startedOn)}${summary.startedOnIsExplicit ? "" : " (first check)"}`
    : "not yet";
  const target = summary.targetOn ? calendarDate(summary.targetOn) : "not set";
  return `Started: ${started}\nTarget: ${target}`;
}

function renderStreak(summary: ProgressSummary): string {
  const { weeks, freezes, activeThisWeek } = summary.streak;
  if (weeks === 0) return "No streak yet: check an item this week to start one.";
  const freezeText = freezes > 0 ? ` · ${freezes} freeze${freezes === 1 ? "" : "s"} 🧊` : "";
  const keep = activeThisWeek ? "" : "\nCheck an item this week to keep it.";
  return `🔥 ${weeks} week${weeks === 1 ? "" : "s"}${freezeText}${keep}`;
}

function renderPace(summary: ProgressSummary): string {
  const pace = Math.round(summary.itemsPerWeek * 10) / 10;
  return `${pace} item${pace === 1 ? "" : "s"}/week\n(last ${PACE_WINDOW_WEEKS} weeks)`;
}

function renderProjection(summary: ProgressSummary): string {
  const projection = summary.projection;
  switch (projection.kind) {
    case "complete":
      return "The whole roadmap is done. Time to mentor someone!";
    case "not-enough-history":
      return `Not enough history yet: projections start after ${MIN_HISTORY_DAYS} days of checks (${projection.historyDays} so far).`;
    case "no-recent-activity":
      return `No items checked in the last ${PACE_WINDOW_WEEKS} weeks, so there is no pace to project from.`;
    case "projected": {
      const stage = summary.currentStage;
      return [
        stage ? `Stage ${stage.number} at this pace: ${discordTime(projection.stageFinish)}` : "",
        `Whole roadmap at this pace: ${discordTime(projection.roadmapFinish)}`,
      ]
        .filter(Boolean)
        .join("\n");
    }
  }
}

function renderTarget(summary: ProgressSummary): string {
  const target = summary.target;
  switch (target.kind) {
    case "complete":
      return "Done. 🎉";
    case "no-target":
      return "No target date yet: set one with `/roadmap start target:`.";
    case "not-enough-data":
      return `Not enough data yet: a verdict needs ${MIN_HISTORY_DAYS} days of checks (${target.historyDays} so far).`;
    case "on-track": {
      const finish = target.projectedFinish ? ` Projected finish: ${discordTime(target.projectedFinish)}.` : "";
      return `✅ On track${target.itemsAhead > 0 ? `, ${target.itemsAhead} item${target.itemsAhead === 1 ? "" : "s"} ahead` : ""}.${finish}`;
    }
    case "behind": {
      const finish = target.projectedFinish ? ` Projected finish at your pace: ${discordTime(target.projectedFinish)}.` : " No recent pace to project from.";
      return `⚠️ ${target.itemsBehind} item${target.itemsBehind === 1 ? "" : "s"} behind your plan.${finish}`;
    }
  }
}

export function renderNextItems(items: readonly CatalogueItem[], summary: ProgressSummary): APIEmbed {
  if (items.length === 0) {
    return { title: "Nothing left to check", description: "You have done every item of the roadmap. 🎉", color: COLOURS.success };
  }
  return {
    title: "Your next items",
    color: COLOURS.brand,
    description: items
      .map((item) => `⬜ **${item.title}**\n  Stage ${item.stage} · ${item.section} ${item.sectionTitle} · \`${item.id}\``)
      .join("\n"),
    footer: { text: `${summary.done}/${summary.total} done · mark one with /roadmap check` },
  };
}
