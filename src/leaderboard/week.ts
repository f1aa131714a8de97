import { DateTime, IANAZone } from "luxon";
import { codeSpanText } from "../discord/render/text.ts";
import type { UserMessage } from "../errors.ts";

/** 1 = Monday … 7 = Sunday (ISO). */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const WEEKDAYS: readonly { readonly name: string; readonly value: Weekday }[] = [
  { name: "monday", value: 1 },
  { name: "tuesday", value: 2 },
  { name: "wednesday", value: 3 },
  { name: "thursday", value: 4 },
  { name: "friday", value: 5 },
  { name: "saturday", value: 6 },
  { name: "sunday", value: 7 },
];

export interface WeeklySchedule {
  readonly timezone: string;
  /** The weekday weeks start on and the leaderboard is posted on. */
  readonly weekday: Weekday;
  /** Local time of the post, `HH:MM`. */
  readonly time: string;
}

export interface Week {
  readonly start: Date;
  readonly end: Date;
}

export function isValidTimezone(name: string): boolean {
  return IANAZone.isValidZone(name);
}

/** Parses `HH:MM` (24-hour); undefined when malformed. */
export function parseTime(text: string): { hour: number; minute: number } | undefined {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!match) return undefined;
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/** The week (weekday 00:00 to the next weekday 00:00, in the zone) that contains the instant. */
export function weekContaining(instant: Date, timezone: string, weekday: Weekday): Week {
  const local = DateTime.fromJSDate(instant, { zone: timezone });
  const daysSinceStart = (local.weekday - weekday + 7) % 7;
  const startDay = local.minus({ days: daysSinceStart });
  return { start: firstMomentOf(startDay), end: firstMomentOf(startDay.plus({ weeks: 1 })) };
}

/**
 * The first moment of a day in its zone, the same whichever moment of the day asks: where summer
 * time starts at midnight it is 01:00, and where clocks go back from 01:00 to midnight it is the
 * first of the two midnights. So a week ends exactly where the next one starts.
 */
function firstMomentOf(day: DateTime): Date {
  const start = day.startOf("day");
  const earlier = start.minus({ hours: 1 });
  return (earlier.toISODate() === start.toISODate() ? earlier : start).toJSDate();
}

/** The week before the one that contains the instant. */
export function previousWeek(instant: Date, timezone: string, weekday: Weekday): Week {
  const current = weekContaining(instant, timezone, weekday);
  return weekContaining(new Date(current.start.getTime() - 1), timezone, weekday);
}

/** The first weekly post time strictly after the instant. */
export function nextSlotAfter(instant: Date, schedule: WeeklySchedule): Date {
  const time = parseTime(schedule.time) ?? { hour: 9, minute: 0 };
  const week = weekContaining(instant, schedule.timezone, schedule.weekday);
  let slot = DateTime.fromJSDate(week.start, { zone: schedule.timezone }).set({ ...time, second: 0, millisecond: 0 });
  while (slot.toMillis() <= instant.getTime()) slot = slot.plus({ weeks: 1 });
  return slot.toJSDate();
}

/** The week a post made at `slot` reports on: the one that ended at (or most recently before) it. */
export function weekReportedAt(slot: Date, schedule: WeeklySchedule): Week {
  return previousWeek(slot, schedule.timezone, schedule.weekday);
}

/**
 * What makes a stored schedule unusable, in words for an organiser; undefined when it is fine.
 * Setup refuses such values, but an old or corrupted row, or a runtime whose zone database
 * dropped a name, can still hold one.
 */
export function scheduleProblem(schedule: WeeklySchedule): UserMessage | undefined {
  if (!isValidTimezone(schedule.timezone)) return { key: "admin:jobProblems.unknownTimezone", values: { zone: codeSpanText(schedule.timezone) } };
  return undefined;
}

/** A guild's weekly schedule from its settings row; UTC, Monday 09:00 until an organiser sets it up. */
export function scheduleOf(guild: { timezone: string; post_weekday: number; post_time: string } | undefined): WeeklySchedule {
  return {
    timezone: guild?.timezone ?? "UTC",
    weekday: (guild?.post_weekday ?? 1) as Weekday,
    time: guild?.post_time ?? "09:00",
  };
}
