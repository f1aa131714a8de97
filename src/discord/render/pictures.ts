import type { GroupMap, GroupMembersOnStage } from "../../group/group-service.ts";
import type { GroupMapImageInput, GroupMapLabels, GroupMapView } from "../../pictures/group-map.ts";
import type { LeaderboardView } from "../../leaderboard/leaderboard-service.ts";
import type { LeaderboardImageInput, LeaderboardImageLabels } from "../../pictures/leaderboard-image.ts";
import type { ProgressCardInput } from "../../pictures/progress-card.ts";
import type { Translator } from "../../i18n/translator.ts";
import { PACE_WINDOW_WEEKS, type ProgressSummary } from "../../progress/summary.ts";
import { weeklyPace } from "./progress.ts";

/** The level the member has reached: that of the last stage they completed (Stage 2 = Job-Ready, Stage 3 = Senior). */
export function levelReached(summary: ProgressSummary): string | undefined {
  return summary.stages.filter((s) => s.complete).at(-1)?.stage.level;
}

export function progressCardInput(summary: ProgressSummary, displayName: string, t: Translator): ProgressCardInput {
  return {
    displayName,
    percent: summary.percent,
    stages: summary.stages.map((s) => ({
      label: t.plain("progress:card.stage", { number: s.stage.number }),
      title: s.stage.title,
      done: s.done,
      total: s.total,
      level: s.stage.level,
      complete: s.complete,
    })),
    levelLabel: levelReached(summary),
    roadmapTitle: summary.roadmap.title,
    labels: {
      percent: t.percent(summary.percent),
      items: t.plain("progress:card.items", { done: summary.done, count: summary.total }),
      pace: t.plain("progress:card.pace", { count: weeklyPace(summary) }),
      paceWindow: t.plain("progress:card.window", { count: PACE_WINDOW_WEEKS }),
    },
  };
}

export function leaderboardImageInput(view: LeaderboardView, title: string, names: ReadonlyMap<string, string>, t: Translator): LeaderboardImageInput {
  return {
    title,
    subtitle: view.roadmap.title,
    entries: view.entries.map((entry) => ({
      rank: entry.rank,
      displayName: names.get(entry.userId) ?? t.plain("leaderboard:picture.member"),
      score: entry.score,
      overallPercent: entry.overallPercent,
      percentLabel: t.percent(entry.overallPercent),
    })),
    labels: leaderboardPictureLabels(t),
  };
}

/** The leaderboard picture's own words, in the post's language. */
export function leaderboardPictureLabels(t: Translator): LeaderboardImageLabels {
  return { items: t.plain("leaderboard:picture.items"), overall: t.plain("leaderboard:picture.overall"), empty: t.plain("leaderboard:picture.empty") };
}

/** The group map's words in one language: its levels, legend, and lines about hidden and stuck members. */
export function groupMapLabels(t: Translator, view: GroupMapView, stuck: GroupMapImageInput["stuck"]): GroupMapLabels {
  const hidden = view.hidden === 0 ? undefined : t.plain(view.kind === "members" ? "group:picture.hiddenNamed" : "group:picture.hiddenCounted", { count: view.hidden });
  return {
    language: t.language,
    levels: {
      finished: t.plain("group:picture.levels.finished"),
      overHalf: t.plain("group:picture.levels.overHalf"),
      started: t.plain("group:picture.levels.started"),
      notStarted: t.plain("group:picture.levels.notStarted"),
    },
    legend: {
      notStarted: t.plain("group:picture.legend.notStarted"),
      inProgress: t.plain("group:picture.legend.inProgress"),
      overHalf: t.plain("group:picture.legend.overHalf"),
      finished: t.plain("group:picture.legend.finished"),
    },
    nobody: t.plain("group:picture.nobody"),
    hiddenNote: hidden,
    stuckLines: stuck.map((s) => t.plain("group:picture.stuck", { count: s.members, section: s.section, title: s.itemTitle })),
  };
}

export function groupMapImageInput(map: GroupMap, members: GroupMembersOnStage, t: Translator): GroupMapImageInput {
  const stuck = map.stuck.filter((s) => s.item.stage === map.stage.number).map((s) => ({ section: s.item.section, itemTitle: s.item.title, members: s.members }));
  return {
    title: t.plain("group:picture.title", { number: map.stage.number }),
    subtitle: t.plain("group:picture.subtitle", { title: map.stage.title, count: map.members }),
    sections: map.sections.map((section) => ({ number: section.number, items: section.items.length })),
    view: members,
    stuck,
    labels: groupMapLabels(t, members, stuck),
  };
}
