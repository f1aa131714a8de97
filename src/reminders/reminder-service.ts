import type { RESTPostAPIChannelMessageJSONBody } from "discord.js";
import type { Transaction } from "kysely";
import type { AppContext } from "../context.ts";
import { findGuild } from "../db/guild-repository.ts";
import { enqueue } from "../db/outbox-repository.ts";
import type { MemberKey } from "../db/progress-repository.ts";
import { checkedSince, clearReminder, lockDueReminders, saveReminder, setReminderNextAt, type DueReminder } from "../db/reminder-repository.ts";
import type { Database, GuildRow } from "../db/schema.ts";
import { UserError } from "../errors.ts";
import type { Translator } from "../i18n/translator.ts";
import { isValidTimezone, nextSlotAfter, parseTime, weekContaining, WEEKDAYS, type Weekday } from "../leaderboard/week.ts";
import { isolateGuildWork } from "../scheduler/guild-isolation.ts";
import { isDirectMessagesClosed } from "./direct-message.ts";
import { confirmationMessage, directMessagesClosedHelp, reminderMessage } from "./reminder-message.ts";
import { remindedTracks } from "./reminder-tracks.ts";

type Deps = Pick<AppContext, "db" | "catalogue" | "clock" | "logger" | "i18n"> & Partial<Pick<AppContext, "guildRoadmaps">>;

export const DEFAULT_REMINDER_TIME = "18:00";
const BATCH = 50;

export interface ReminderRequest {
  /** A weekday name, or "off". */
  readonly weekday: string;
  readonly time: string | null;
}

export type ReminderOutcome = { readonly on: false } | { readonly on: true; readonly weekday: Weekday; readonly time: string; readonly timezone: string; readonly nextAt: Date };

/** The guild's zone and week start; a guild that never ran setup uses UTC weeks from Monday. */
function guildCalendar(guild: GuildRow | undefined): { timezone: string; weekday: Weekday } {
  const timezone = guild && isValidTimezone(guild.timezone) ? guild.timezone : "UTC";
  const weekday = (guild?.post_weekday ?? 1) as Weekday;
  return { timezone, weekday };
}

function parseReminderTime(text: string | null, t: Translator): string {
  const parsed = parseTime(text ?? DEFAULT_REMINDER_TIME);
  if (!parsed) throw new UserError(t.t("reminders:badTime"));
  return `${String(parsed.hour).padStart(2, "0")}:${String(parsed.minute).padStart(2, "0")}`;
}

/**
 * Turns a member's weekly reminder on or off. Before turning it on, `confirm` sends a DM: if the
 * member's DMs are closed, nothing is stored and they are told how to open them.
 */
export async function setReminder(
  deps: Deps,
  /** `locale`: the member's interaction locale, the language of the test DM and of what goes wrong. */
  key: MemberKey & { readonly guildName: string; readonly locale?: string | null },
  request: ReminderRequest,
  confirm: (body: RESTPostAPIChannelMessageJSONBody) => Promise<unknown>,
): Promise<ReminderOutcome> {
  const t = deps.i18n.forLocale(key.locale);
  if (request.weekday === "off") {
    await clearReminder(deps.db, key);
    return { on: false };
  }
  const day = WEEKDAYS.find((d) => d.name === request.weekday.trim().toLowerCase());
  if (!day) throw new UserError(t.t("reminders:badWeekday", { days: t.list(WEEKDAYS.map((d) => t.weekday(d.value))) }));
  const time = parseReminderTime(request.time, t);
  const { timezone } = guildCalendar(await findGuild(deps.db, key.guildId));
  const now = deps.clock.now();
  const nextAt = nextSlotAfter(now, { timezone, weekday: day.value, time });
  const outcome = { on: true, weekday: day.value, time, timezone, nextAt } as const;

  try {
    const content = confirmationMessage(key.guildName, { weekday: day.value, time, timezone }, nextAt, t);
    await confirm({ content, allowed_mentions: { parse: [] } });
  } catch (error) {
    if (isDirectMessagesClosed(error)) {
      deps.logger.info({ guildId: key.guildId, userId: key.userId }, "reminder not enabled: the member's DMs are closed");
      throw new UserError(directMessagesClosedHelp(t));
    }
    throw error;
  }
  await deps.db.transaction().execute((trx) => saveReminder(trx, key, { weekday: day.value, time, nextAt }, now));
  return outcome;
}

/** Queues one member's due reminder (unless they checked something this week) and moves them to their next slot. */
async function composeReminder(trx: Transaction<Database>, deps: Deps, due: DueReminder, now: Date): Promise<boolean> {
  const key = { guildId: due.guildId, userId: due.userId };
  const guild = await findGuild(trx, due.guildId);
  const calendar = guildCalendar(guild);
  // Missed slots are not back-filled: the next one is the first after now.
  await setReminderNextAt(trx, key, nextSlotAfter(now, { timezone: calendar.timezone, weekday: due.weekday as Weekday, time: due.time }));

  const week = weekContaining(now, calendar.timezone, calendar.weekday);
  if (await checkedSince(trx, key, week.start)) return false;
  // One DM a week, naming each track the member follows: the weekday they chose is theirs, not a track's.
  const tracks = await remindedTracks(trx, deps, key);
  // Nothing left to do: there is nothing to remind them of.
  if (tracks.length === 0) return false;
  return enqueue(
    trx,
    {
      guildId: due.guildId,
      kind: "reminder",
      dedupeKey: `reminder:${due.guildId}:${due.userId}:${due.dueAt.toISOString()}`,
      channelId: null,
      // A DM of the member's own: in the language they last used the bot in.
      payload: reminderMessage(due.userId, tracks, deps.i18n.forLocale(due.locale)),
    },
    now,
  );
}

/**
 * Queues every due weekly reminder; returns how many. Members are claimed under row locks
 * (SKIP LOCKED), and the dedupe key keeps one reminder per slot even across bot processes.
 * A reminder that fails is retried later with backoff, and never holds up the others.
 */
export async function enqueueDueReminders(deps: Deps & Pick<AppContext, "metrics">): Promise<number> {
  let total = 0;
  for (;;) {
    const now = deps.clock.now();
    const { claimed, queued } = await deps.db.transaction().execute(async (trx) => {
      const due = await lockDueReminders(trx, now, BATCH);
      let count = 0;
      for (const reminder of due) {
        const outcome = await isolateGuildWork(trx, deps, { guildId: reminder.guildId, job: "reminder" }, () => composeReminder(trx, deps, reminder, now));
        if (outcome.ok && outcome.value) count++;
        if (!outcome.ok) await setReminderNextAt(trx, { guildId: reminder.guildId, userId: reminder.userId }, outcome.retryAt);
      }
      return { claimed: due.length, queued: count };
    });
    total += queued;
    if (claimed < BATCH) return total;
  }
}
