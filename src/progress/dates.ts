import { UserError } from "../errors.ts";

/** Parses a `YYYY-MM-DD` calendar date, refusing impossible ones such as 2026-02-30. */
export function parseCalendarDate(text: string, label: string): string {
  const trimmed = text.trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  if (!match) {
    throw new UserError(`The ${label} date must look like 2026-03-01 (year-month-day).`);
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const valid = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!valid || year < 1970 || year > 2200) {
    throw new UserError(`${trimmed} is not a real calendar date; please check the ${label} date.`);
  }
  return trimmed;
}
