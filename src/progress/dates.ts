import { UserError } from "../errors.ts";

/** Parses a `YYYY-MM-DD` calendar date, refusing impossible ones such as 2026-02-30. */
export function parseCalendarDate(text: string, label: "start" | "target"): string {
  const trimmed = text.trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  if (!match) {
    throw new UserError({ key: `progress:refusals.dateShape.${label}` });
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const valid = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!valid || year < 1970 || year > 2200) {
    throw new UserError({ key: `progress:refusals.notADate.${label}`, values: { date: trimmed } });
  }
  return trimmed;
}
