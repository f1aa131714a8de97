/**
 * What the import found, inferred and left out, as data: what the importer says of the pages
 * (mismatches, skip reasons, warnings) is message keys and values, worded in the reader's language
 * by whoever shows it (the upload preview, the command line's `formatImportReport`).
 */
import type { UserMessage } from "../../errors.ts";
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
  mismatches: UserMessage[];
  skipped: SkipKind[];
  /** Things an author may want to fix: defaults filled in, dropped sections, mojibake repaired. */
  warnings: UserMessage[];
  coverage: Coverage;
  /** Against the previous roadmap file, when one was given. */
  ids?: { kept: number; renamed: string[]; gone: string[] };
}

/** The share of task items outside code that became items or criteria; `withoutClaims` leaves claimed-count lines out. */
export function placedShare(coverage: Coverage, withoutClaims = false): number {
  const countable = coverage.tasks - (withoutClaims ? coverage.claims : 0);
  return countable === 0 ? 1 : (coverage.items + coverage.criteria) / countable;
}
