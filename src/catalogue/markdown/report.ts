/** What the import found, inferred and left out, as data and as text for a terminal. */
import type { SkipKind } from "./skips.ts";

export interface SectionReport {
  number: string;
  title: string;
  items: number;
  claimed?: number;
}

export interface StageReport {
  number: number;
  title: string;
  items: number;
  criteria: number;
  claimed?: number;
  sections: SectionReport[];
}

export interface Coverage {
  /** Task items outside code (GFM task list items), on every page. */
  tasks: number;
  items: number;
  criteria: number;
  milestones: number;
  claims: number;
  /** `- [ ]` lines inside code blocks: examples, never items. */
  inCode: number;
}

export interface ImportReport {
  hub: string;
  /** How the structure was recognised: one line per stage and per kind of source. */
  inferred: string[];
  stages: StageReport[];
  /** Every claimed count ("(0/15 items)") that differs from what was found. */
  mismatches: string[];
  skipped: SkipKind[];
  /** Things an author may want to fix: defaults filled in, dropped sections, mojibake repaired. */
  warnings: string[];
  coverage: Coverage;
  /** Against the previous roadmap file, when one was given. */
  ids?: { kept: number; renamed: string[]; gone: string[] };
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** The share of task items outside code that became items or criteria; `withoutClaims` leaves claimed-count lines out. */
export function placedShare(coverage: Coverage, withoutClaims = false): number {
  const countable = coverage.tasks - (withoutClaims ? coverage.claims : 0);
  return countable === 0 ? 1 : (coverage.items + coverage.criteria) / countable;
}

export function formatImportReport(report: ImportReport): string {
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
  if (report.mismatches.length > 0) lines.push(`Claimed counts against what was found (${report.mismatches.length}):`, ...report.mismatches.map((line) => `  - ${line}`));
  if (report.skipped.length > 0) {
    lines.push("Skipped:", ...report.skipped.map((kind) => `  - ${kind.reason}: ${kind.count} (first: ${kind.example})`));
  }
  if (report.ids) {
    lines.push(`Against the previous roadmap: ${plural(report.ids.kept, "item")} kept their ids, ${report.ids.renamed.length} renamed (old id kept as an alias), ${report.ids.gone.length} gone.`);
    lines.push(...report.ids.renamed.map((line) => `  - renamed: ${line}`));
    if (report.ids.gone.length > 0) lines.push(`  - gone (progress under these ids no longer shows): ${report.ids.gone.join(", ")}`);
  }
  if (report.warnings.length > 0) lines.push(`Warnings (${report.warnings.length}):`, ...report.warnings.map((line) => `  - ${line}`));
  return lines.join("\n");
}
