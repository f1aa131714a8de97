import type { Roadmap } from "../catalogue/catalogue.ts";
import type { Translator } from "../i18n/translator.ts";
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
  /** The whole sentence, the member's mention in it: "@Ada completed **Stage 1: …**". */
  readonly headline: string;
  /** The stage's completion criteria, for stage milestones. */
  readonly criteria: readonly string[];
  readonly stage: number | undefined;
}

/** A milestone as the channel's celebration tells it in `t`'s language; `member` is the mention the bot makes ("@Ada completed …"). */
/** What a milestone key names: the one place its format is read. */
export type ParsedMilestone = { kind: "stage"; stage: number } | { kind: "streak"; weeks: number } | { kind: "percent"; percent: number };

export function parseMilestone(key: string): ParsedMilestone | undefined {
  const match = /^(stage|streak|percent)-(\d+)$/.exec(key);
  if (!match) return undefined;
  const value = Number(match[2]);
  if (match[1] === "stage") return { kind: "stage", stage: value };
  return match[1] === "streak" ? { kind: "streak", weeks: value } : { kind: "percent", percent: value };
}

export function describeMilestone(roadmap: Roadmap, key: string, t: Translator, member: string): MilestoneDescription | undefined {
  const says = (kind: "stage" | "streak" | "percent" | "finished", values: Record<string, string | number>) =>
    t.t(`milestones:headline.${kind}`, { ...values, member });
  const parsed = parseMilestone(key);
  if (!parsed) return undefined;
  switch (parsed.kind) {
    case "stage": {
      const stage = roadmap.stage(parsed.stage);
      if (!stage) return undefined;
      return {
        key: key as MilestoneKey,
        headline: says("stage", { number: stage.number, title: stage.title, level: stage.level }),
        criteria: stage.completionCriteria,
        stage: stage.number,
      };
    }
    case "streak":
      return { key: key as MilestoneKey, headline: says("streak", { count: parsed.weeks }), criteria: [], stage: undefined };
    case "percent": {
      const headline = parsed.percent === 100 ? says("finished", {}) : says("percent", { percent: t.percent(parsed.percent) });
      return { key: key as MilestoneKey, headline, criteria: [], stage: undefined };
    }
  }
}
