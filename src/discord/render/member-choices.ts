import type { Translator } from "../../i18n/translator.ts";
import type { ReminderOutcome } from "../../reminders/reminder-service.ts";
import { calendarDate, discordTime } from "./text.ts";

/** The answer to /roadmap privacy: exactly what others see of the member now, and how to change it. */
export function renderPrivacy(member: { hidden: boolean; buddies_opt_out: boolean }, changed: boolean, t: Translator): string {
  const lines = [
    ...(member.hidden ? [t.t("group:privacy.hidden"), t.t("group:privacy.counted"), t.t("group:privacy.exceptions")] : [t.t("group:privacy.visible")]),
    member.buddies_opt_out ? t.t("group:privacy.buddiesOff") : t.t("group:privacy.buddiesOn"),
  ];
  if (!changed) lines.push(t.t("group:privacy.hint"));
  return lines.join("\n");
}

/** The answer to /roadmap start: the member's journey dates as Discord shows dates to them. */
export function renderJourneyDates(member: { started_on: string | null; target_on: string | null }, changed: boolean, t: Translator): string {
  const started = member.started_on ? calendarDate(member.started_on) : t.t("progress:start.notSet");
  const target = member.target_on ? calendarDate(member.target_on) : t.t("progress:start.notSet");
  const journey = t.t("progress:start.journey", { started, target });
  return changed ? journey : `${journey}\n${t.t("progress:start.hint")}`;
}

/** The answer to /roadmap remind (the DM itself is the reminders' own). */
export function renderReminderChoice(outcome: ReminderOutcome, t: Translator): string {
  if (!outcome.on) return t.t("progress:remind.off");
  return [
    t.t("progress:remind.on", { day: t.weekday(outcome.weekday), time: outcome.time, timezone: outcome.timezone }),
    t.t("progress:remind.next", { date: discordTime(outcome.nextAt, "F"), relative: discordTime(outcome.nextAt, "R") }),
  ].join("\n");
}
