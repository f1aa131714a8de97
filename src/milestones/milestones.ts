import type { Roadmap } from "../catalogue/catalogue.ts";
import { STREAK_MILESTONES } from "../progress/streaks.ts";
import type { ProgressSummary } from "../progress/summary.ts";

export const PERCENT_MILESTONES = [25, 50, 75, 100] as const;

export type MilestoneKey = `stage-${number}` | `percent-${number}` | `streak-${number}`;

export function stageMilestone(stage: number): MilestoneKey {
  return `stage-${stage}`;
}

/** Every milestone the summary shows as reached; the caller keeps those not recorded before. */
export function milestonesReached(summary: ProgressSummary): MilestoneKey[] {
  const reached: MilestoneKey[] = [];
  for (const stage of summary.stages) if (stage.complete) reached.push(stageMilestone(stage.stage.number));
  for (const percent of PERCENT_MILESTONES) if (summary.percent >= percent) reached.push(`percent-${percent}`);
  for (const weeks of STREAK_MILESTONES) if (summary.streak.weeks >= weeks) reached.push(`streak-${weeks}`);
  return reached;
}

/**
 * Reached milestones not recorded yet: what a check offers to record. Usually none; after a crash
 * between a check and its milestones, the member's next check catches up on them.
 */
export function unrecordedMilestones(summary: ProgressSummary, recorded: readonly string[]): MilestoneKey[] {
  const known = new Set(recorded);
  return milestonesReached(summary).filter((milestone) => !known.has(milestone));
}

export interface MilestoneDescription {
  readonly key: MilestoneKey;
  readonly headline: string;
  /** The stage's completion criteria, for stage milestones. */
  readonly criteria: readonly string[];
  readonly stage: number | undefined;
}

export function describeMilestone(roadmap: Roadmap, key: string): MilestoneDescription | undefined {
  const stageMatch = /^stage-(\d+)$/.exec(key);
  if (stageMatch) {
    const stage = roadmap.stage(Number(stageMatch[1]));
    if (!stage) return undefined;
    return {
      key: key as MilestoneKey,
      headline: `completed **Stage ${stage.number}: ${stage.title}**. Level reached: **${stage.level}**`,
      criteria: stage.completionCriteria,
      stage: stage.number,
    };
  }
  const streakMatch = /^streak-(\d+)$/.exec(key);
  if (streakMatch) {
    return { key: key as MilestoneKey, headline: `kept a **${streakMatch[1]}-week** study streak 🔥`, criteria: [], stage: undefined };
  }
  const percentMatch = /^percent-(\d+)$/.exec(key);
  if (percentMatch) {
    const percent = Number(percentMatch[1]);
    const headline = percent === 100 ? "finished **the whole roadmap**" : `passed **${percent}%** of the roadmap`;
    return { key: key as MilestoneKey, headline, criteria: [], stage: undefined };
  }
  return undefined;
}
