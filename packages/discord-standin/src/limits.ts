import { checkCommandSetLimits } from "./command-limits.ts";
import { formatIssue } from "./issues.ts";
import { checkAutocompleteLimits, checkMessageLimits } from "./message-limits.ts";

/**
 * The limits the stand-in enforces on requests, for checking a payload before any request:
 * each problem as Discord would word it (`embeds[0].fields[3].value: Must be 1024 or fewer…`).
 */
export function messageLimitProblems(body: unknown, options: { fileCount?: number } = {}): string[] {
  return checkMessageLimits(body, [], { creating: true, fileCount: options.fileCount ?? 0 }).map(formatIssue);
}

/** Problems of a command set as sent to the bulk overwrite (names, descriptions and their localisations, choices, sizes). */
export function commandLimitProblems(commands: unknown): string[] {
  return checkCommandSetLimits(commands).map(formatIssue);
}

/** Problems of autocomplete choices (25 at most, names 1-100 characters). */
export function autocompleteLimitProblems(choices: unknown): string[] {
  return checkAutocompleteLimits({ choices }, []).map(formatIssue);
}
