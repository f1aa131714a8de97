/**
 * Numbers, percentages, weekdays and dates in one language, through `Intl` (CLDR data that
 * ships with Node). A date shown to one member in a reply is better as a Discord timestamp
 * (`discordTime` in src/discord/render/text.ts): their own client writes it in their language
 * and time zone. These are for what Discord cannot localise: pictures and channel posts.
 */
export interface Formats {
  number(value: number, options?: Intl.NumberFormatOptions): string;
  /** A whole percentage (`37` -> "37 %" in French, "37%" in English). */
  percent(wholePercent: number): string;
  /** An ISO weekday (1 = Monday ... 7 = Sunday), e.g. "lundi". */
  weekday(isoWeekday: number): string;
  /** A calendar day: a `YYYY-MM-DD` string, or a moment seen in `timeZone` (default UTC). */
  date(date: string | Date, timeZone?: string): string;
  /** "a, b and c" with this language's conjunction. */
  list(items: readonly string[]): string;
}

/** 2024-01-01 was a Monday: ISO weekday n is 2024-01-n. */
const A_MONDAY = Date.UTC(2024, 0, 1);
const DAY_MS = 86_400_000;

export function createFormats(language: string): Formats {
  // Intl falls back to the nearest locale it has data for (a pseudo-language formats like English).
  const locale = language;
  const numbers = new Intl.NumberFormat(locale);
  const percents = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 });
  const weekdays = new Intl.DateTimeFormat(locale, { weekday: "long", timeZone: "UTC" });
  const lists = new Intl.ListFormat(locale, { type: "conjunction" });
  return {
    number: (value, options) => (options ? new Intl.NumberFormat(locale, options).format(value) : numbers.format(value)),
    percent: (wholePercent) => percents.format(wholePercent / 100),
    weekday: (isoWeekday) => weekdays.format(new Date(A_MONDAY + (isoWeekday - 1) * DAY_MS)),
    date: (date, timeZone = "UTC") => {
      const moment = typeof date === "string" ? new Date(`${date}T12:00:00Z`) : date;
      return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: typeof date === "string" ? "UTC" : timeZone }).format(moment);
    },
    list: (items) => lists.format(items),
  };
}
