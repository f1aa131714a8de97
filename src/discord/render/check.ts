import type { CatalogueItem } from "../../catalogue/catalogue.ts";
import type { CheckResult } from "../../progress/progress-service.ts";
import { describeMilestone } from "../../milestones/milestones.ts";
import type { Reply } from "../command.ts";
import { noteText } from "./text.ts";

export function renderCheckResult(
  action: "check" | "uncheck",
  item: CatalogueItem,
  result: CheckResult,
  note: string | null,
): Reply {
  const { summary } = result;
  const where = `Stage ${item.stage} · ${item.section} ${item.sectionTitle}`;
  const stage = summary.stages.find((s) => s.stage.number === item.stage);
  const totals = `You have **${summary.done}/${summary.total}** items done (${summary.percent}%)${
    stage ? `; Stage ${item.stage}: ${stage.done}/${stage.total}` : ""
  }.`;
  const lines: string[] = [];
  if (action === "check") {
    lines.push(
      result.changed
        ? `✅ Checked **${item.title}** (${where}).`
        : `**${item.title}** was already checked, so nothing changed.`,
    );
    if (result.changed && note?.trim()) lines.push(`📝 Note: ${noteText(note.trim(), 220)}`);
    for (const milestone of result.milestones) {
      const described = describeMilestone(summary.roadmap, milestone);
      if (described) lines.push(`🎉 Milestone: you ${described.headline}!`);
    }
  } else {
    lines.push(
      result.changed
        ? `↩️ Unchecked **${item.title}** (${where}).`
        : `**${item.title}** wasn't checked, so there was nothing to uncheck.`,
    );
  }
  lines.push(totals);
  return { content: lines.join("\n") };
}
