import type { CatalogueItem, CatalogueStage, Roadmap } from "../catalogue/catalogue.ts";
import type { Weekday } from "../leaderboard/week.ts";
import { computeStreak, type Streak } from "./streaks.ts";

const DAY_MS = 86_400_000;
export const PACE_WINDOW_WEEKS = 4;
/** Projections from less history than this would be guesses; the seed insists on realistic timelines. */
export const MIN_HISTORY_DAYS = 14;

export interface StageProgress {
  readonly stage: CatalogueStage;
  readonly done: number;
  readonly total: number;
  readonly complete: boolean;
}

export type Projection =
  | { readonly kind: "complete" }
  | { readonly kind: "not-enough-history"; readonly historyDays: number }
  | { readonly kind: "no-recent-activity" }
  | { readonly kind: "projected"; readonly stageFinish: Date; readonly roadmapFinish: Date };

/** Where a member stands against their own target date, on a straight-line plan from start to target. */
export type TargetStatus =
  | { readonly kind: "no-target" }
  | { readonly kind: "not-enough-data"; readonly historyDays: number }
  | { readonly kind: "on-track"; readonly itemsAhead: number; readonly projectedFinish: Date | undefined }
  | { readonly kind: "behind"; readonly itemsBehind: number; readonly projectedFinish: Date | undefined }
  | { readonly kind: "complete" };

export interface ProgressSummary {
  readonly roadmap: Roadmap;
  /** Current ids of the items done; progress on items no longer in the roadmap is not counted. */
  readonly doneIds: ReadonlySet<string>;
  readonly done: number;
  readonly total: number;
  /** Whole percent, rounded down so that 100 means truly finished. */
  readonly percent: number;
  readonly stages: readonly StageProgress[];
  /** The first stage not yet complete; undefined when the whole roadmap is done. */
  readonly currentStage: CatalogueStage | undefined;
  readonly startedOn: string | undefined;
  readonly startedOnIsExplicit: boolean;
  readonly targetOn: string | undefined;
  /** Items per week over the last four weeks. */
  readonly itemsPerWeek: number;
  readonly projection: Projection;
  readonly target: TargetStatus;
  readonly streak: Streak;
  /** When the member last checked an item still in the roadmap. */
  readonly lastDoneAt: Date | undefined;
}

export interface SummaryInput {
  readonly roadmap: Roadmap;
  readonly progress: readonly { readonly item_id: string; readonly done_at: Date }[];
  /**
   * The member's current stage number as the database places them (`member_place` in
   * src/db/sql/progress.sql, the one rule for it); null once the whole roadmap is done.
   */
  readonly currentStage: number | null;
  readonly startedOn: string | null | undefined;
  readonly targetOn: string | null | undefined;
  /** Every time the member checked an item, oldest first. */
  readonly checkTimes: readonly Date[];
  /** The guild's weeks, for streaks. */
  readonly schedule: { readonly timezone: string; readonly weekday: Weekday };
  readonly now: Date;
}

export function summariseProgress(input: SummaryInput): ProgressSummary {
  const { roadmap, now } = input;
  const doneAt = new Map<string, Date>();
  for (const row of input.progress) {
    const item = roadmap.item(row.item_id);
    if (item) doneAt.set(item.id, row.done_at);
  }
  const doneIds: ReadonlySet<string> = new Set(doneAt.keys());

  const stages = roadmap.stages.map((stage) => {
    const done = countDone(stage.items, doneIds);
    return { stage, done, total: stage.items.length, complete: done === stage.items.length };
  });
  const done = doneIds.size;
  const total = roadmap.items.length;
  const currentStage = input.currentStage === null ? undefined : roadmap.stage(input.currentStage);

  const windowStart = now.getTime() - PACE_WINDOW_WEEKS * 7 * DAY_MS;
  const recent = [...doneAt.values()].filter((at) => at.getTime() > windowStart).length;
  const itemsPerWeek = recent / PACE_WINDOW_WEEKS;

  const firstCheckAt = input.checkTimes[0];
  const startedOn = input.startedOn ?? (firstCheckAt ? toCalendarDate(firstCheckAt) : undefined);
  return {
    roadmap,
    doneIds,
    done,
    total,
    percent: Math.floor((done * 100) / total),
    stages,
    currentStage,
    startedOn,
    startedOnIsExplicit: Boolean(input.startedOn),
    targetOn: input.targetOn ?? undefined,
    itemsPerWeek,
    projection: project({ stages, currentStage, done, total, itemsPerWeek, firstCheckAt, now }),
    target: targetStatus({ done, total, itemsPerWeek, startedOn, targetOn: input.targetOn ?? undefined, firstCheckAt, now }),
    streak: computeStreak(input.checkTimes, now, input.schedule),
    lastDoneAt: [...doneAt.values()].reduce<Date | undefined>((latest, at) => (!latest || at > latest ? at : latest), undefined),
  };
}

/**
 * Compares progress with a straight line from the start date (0 items) to the target date (every item).
 * Honest on purpose: no verdict from less than two weeks of history.
 */
export function targetStatus(args: {
  done: number;
  total: number;
  itemsPerWeek: number;
  startedOn: string | undefined;
  targetOn: string | undefined;
  firstCheckAt: Date | undefined;
  now: Date;
}): TargetStatus {
  if (args.done >= args.total) return { kind: "complete" };
  if (!args.targetOn || !args.startedOn) return { kind: "no-target" };
  const historyDays = args.firstCheckAt ? Math.floor((args.now.getTime() - args.firstCheckAt.getTime()) / DAY_MS) : 0;
  if (historyDays < MIN_HISTORY_DAYS) return { kind: "not-enough-data", historyDays };
  const start = Date.parse(`${args.startedOn}T00:00:00Z`);
  const end = Date.parse(`${args.targetOn}T00:00:00Z`);
  const fraction = end <= start ? 1 : Math.min(1, Math.max(0, (args.now.getTime() - start) / (end - start)));
  const expected = Math.floor(fraction * args.total);
  const projectedFinish =
    args.itemsPerWeek > 0 ? new Date(args.now.getTime() + ((args.total - args.done) / args.itemsPerWeek) * 7 * DAY_MS) : undefined;
  if (args.done >= expected) return { kind: "on-track", itemsAhead: args.done - expected, projectedFinish };
  return { kind: "behind", itemsBehind: expected - args.done, projectedFinish };
}

function countDone(items: readonly CatalogueItem[], doneIds: ReadonlySet<string>): number {
  let count = 0;
  for (const item of items) if (doneIds.has(item.id)) count++;
  return count;
}

function project(args: {
  stages: readonly StageProgress[];
  currentStage: CatalogueStage | undefined;
  done: number;
  total: number;
  itemsPerWeek: number;
  firstCheckAt: Date | undefined;
  now: Date;
}): Projection {
  if (!args.currentStage) return { kind: "complete" };
  const historyDays = args.firstCheckAt ? Math.floor((args.now.getTime() - args.firstCheckAt.getTime()) / DAY_MS) : 0;
  if (historyDays < MIN_HISTORY_DAYS) return { kind: "not-enough-history", historyDays };
  if (args.itemsPerWeek === 0) return { kind: "no-recent-activity" };

  const current = args.stages.find((s) => s.stage === args.currentStage);
  const stageRemaining = current ? current.total - current.done : 0;
  const weeksToDate = (items: number) => new Date(args.now.getTime() + (items / args.itemsPerWeek) * 7 * DAY_MS);
  return {
    kind: "projected",
    stageFinish: weeksToDate(stageRemaining),
    roadmapFinish: weeksToDate(args.total - args.done),
  };
}

export function toCalendarDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
