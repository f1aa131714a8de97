/** Timeline milestones: "Stage 1 complete (foundational skills job-ready criteria met)" → title, description, stage. */
import type { RoadmapFile } from "../schema.ts";
import { slugify, cutOnWordBoundary, stripEmoji, upperFirst } from "./text.ts";
import type { Skips } from "./skips.ts";
import { mentionedStage } from "./vocabulary.ts";

type Milestone = RoadmapFile["milestones"][number];

export function buildMilestones(
  raw: readonly { text: string; where: string }[],
  stages: ReadonlySet<number>,
  skips: Skips,
): Milestone[] {
  const taken = new Set<string>();
  const milestones: Milestone[] = [];
  for (const { text: original, where } of raw) {
    const text = stripEmoji(original);
    const open = text.indexOf("(");
    const parts = open > 0 && text.endsWith(")") ? [text.slice(0, open).trim(), text.slice(open + 1, -1).trim()] : [text, text];
    const stage = mentionedStage(text);
    if (stage === undefined || !stages.has(stage)) {
      skips.add({ key: "importer:skip.milestoneNoStage" }, where, text);
      continue;
    }
    const title = cutOnWordBoundary(parts[0] ?? text, 100);
    let id = slugify(title) || `stage-${stage}-milestone`;
    for (let counter = 2; taken.has(id); counter++) id = `${slugify(title) || `stage-${stage}-milestone`}-${counter}`;
    taken.add(id);
    milestones.push({ id, title, description: cutOnWordBoundary(upperFirst(parts[1] ?? text), 300), stage });
  }
  return milestones;
}
