/**
 * The import report as text for a terminal (`npm run roadmap:import`). What the importer says of
 * the pages comes from the `importer` catalogue through an English translator, the same keys the
 * upload preview shows in the organiser's language; the report's frame is for authors at a shell.
 */
import { userMessageText } from "../errors.ts";
import { ENGLISH } from "../i18n/english.ts";
import type { Translator } from "../i18n/translator.ts";
import { placedShare, type ImportReport } from "./markdown/report.ts";

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

export function formatImportReport(report: ImportReport, t: Translator = ENGLISH): string {
  const lines: string[] = [`Hub page: ${report.hub}`];
  if (report.inferred.length > 0) lines.push("Structure:", ...report.inferred.map((line) => `  - ${line}`));
  const claimNote = (claimed: number | undefined, found: number) =>
    claimed === undefined ? "" : claimed === found ? " (as claimed)" : ` (the page claims ${claimed})`;
  for (const stage of report.stages) {
    lines.push(
      `Stage ${stage.number}: ${stage.title}: ${plural(stage.items, "item")}${claimNote(stage.claimed, stage.items)}, ${plural(stage.criteria, "completion criterion", "completion criteria")}`,
    );
    for (const section of stage.sections) {
      lines.push(`  ${section.number} ${section.title}: ${plural(section.items, "item")}${claimNote(section.claimed, section.items)}`);
    }
  }
  const { coverage } = report;
  const share = (withoutClaims: boolean) => (placedShare(coverage, withoutClaims) * 100).toFixed(1);
  lines.push(
    `Task items outside code: ${coverage.tasks}; ${coverage.items} items, ${coverage.criteria} criteria, ${coverage.milestones} milestones, ` +
      `${coverage.claims} claimed counts; ${share(false)}% became items or criteria (${share(true)}% of those that are not claimed counts).`,
  );
  if (coverage.inCode > 0) lines.push(`Task lines inside code blocks, not items: ${coverage.inCode}`);
  if (report.mismatches.length > 0) lines.push(`Claimed counts against what was found (${report.mismatches.length}):`, ...report.mismatches.map((message) => `  - ${userMessageText(t, message, true)}`));
  if (report.skipped.length > 0) {
    lines.push("Skipped:", ...report.skipped.map((kind) => `  - ${userMessageText(t, kind.reason, true)}: ${kind.count} (first: ${kind.example})`));
  }
  if (report.ids) {
    lines.push(`Against the previous roadmap: ${plural(report.ids.kept, "item")} kept their ids, ${report.ids.renamed.length} renamed (old id kept as an alias), ${report.ids.gone.length} gone.`);
    lines.push(...report.ids.renamed.map((line) => `  - renamed: ${line}`));
    if (report.ids.gone.length > 0) lines.push(`  - gone (progress under these ids no longer shows): ${report.ids.gone.join(", ")}`);
  }
  if (report.warnings.length > 0) lines.push(`Warnings (${report.warnings.length}):`, ...report.warnings.map((message) => `  - ${userMessageText(t, message, true)}`));
  return lines.join("\n");
}
