import type { CatalogueItem, Roadmap } from "../../catalogue/catalogue.ts";
import type { Translator } from "../../i18n/translator.ts";
import type { CheckResult } from "../../progress/progress-service.ts";
import { parseMilestone } from "../../milestones/milestones.ts";
import type { Reply } from "../command.ts";
import { noteText } from "./text.ts";

/** "Stage 2 · 2.3 Section title": where an item sits, in a reply's language. */
export function itemPlace(item: CatalogueItem, t: Translator): string {
  return t.t("progress:place", { stage: item.stage, section: item.section, sectionTitle: item.sectionTitle });
}

/** A milestone the check just reached, said to the member who reached it. */
function milestoneLine(roadmap: Roadmap, key: string, t: Translator): string | undefined {
  const parsed = parseMilestone(key);
  switch (parsed?.kind) {
    case "stage": {
      const stage = roadmap.stage(parsed.stage);
      return stage && t.t("progress:check.milestoneStage", { number: stage.number, title: stage.title, level: stage.level });
    }
    case "streak":
      return t.t("progress:check.milestoneStreak", { count: parsed.weeks });
    case "percent":
      return parsed.percent === 100 ? t.t("progress:check.milestoneFinished") : t.t("progress:check.milestonePercent", { percent: t.percent(parsed.percent) });
    default:
      return undefined;
  }
}

export function renderCheckResult(
  action: "check" | "uncheck",
  item: CatalogueItem,
  result: CheckResult,
  note: string | null,
  t: Translator,
): Reply {
  const { summary } = result;
  const place = itemPlace(item, t);
  const stage = summary.stages.find((s) => s.stage.number === item.stage);
  const totals = { done: summary.done, count: summary.total, percent: t.percent(summary.percent) };
  const lines: string[] = [];
  if (action === "check") {
    lines.push(
      result.changed ? t.t("progress:check.checked", { title: item.title, place }) : t.t("progress:check.alreadyChecked", { title: item.title }),
    );
    if (result.changed && note?.trim()) lines.push(t.t("progress:check.note", { note: noteText(note.trim(), 220) }));
    for (const milestone of result.milestones) {
      const line = milestoneLine(summary.roadmap, milestone, t);
      if (line) lines.push(line);
    }
  } else {
    lines.push(
      result.changed ? t.t("progress:check.unchecked", { title: item.title, place }) : t.t("progress:check.notChecked", { title: item.title }),
    );
  }
  lines.push(
    stage
      ? t.t("progress:check.totalsWithStage", { ...totals, stage: item.stage, stageDone: stage.done, stageTotal: stage.total })
      : t.t("progress:check.totals", totals),
  );
  return { content: lines.join("\n") };
}
