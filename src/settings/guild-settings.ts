import type { AppContext } from "../context.ts";
import { findGuild, listGuildJobFailures, listMilestoneRoles, saveGuildSetup, setMilestoneRole, type MilestoneRoleChoice } from "../db/guild-repository.ts";
import { outboxBacklog } from "../db/outbox-repository.ts";
import { EMPTY_WEEKS, type EmptyWeeks, type GuildJobFailureRow, type GuildRow } from "../db/schema.ts";
import { UserError, type UserMessage } from "../errors.ts";
import { isValidTimezone, nextSlotAfter, parseTime, WEEKDAYS, type Weekday } from "../leaderboard/week.ts";
import { normaliseQuery } from "../catalogue/search.ts";
import type { PostingPermissionName } from "../discord/permissions.ts";
import { isLanguage } from "../i18n/languages.ts";
import { SERVER_LANGUAGE } from "../i18n/server-language.ts";

type Deps = Pick<AppContext, "db" | "clock">;

export interface SetupInput {
  readonly channelId: string;
  readonly weekday: string | null;
  readonly time: string | null;
  readonly timezone: string | null;
  /** A language code, `server` to follow the server's Discord language, null to keep the current choice. */
  readonly language?: string | null;
  /** What a week nobody checked anything in gets: `post` or `skip`; null keeps the current choice. */
  readonly emptyWeeks?: string | null;
}

function parseEmptyWeeks(text: string | null | undefined): EmptyWeeks | undefined {
  if (text === null || text === undefined) return undefined;
  const found = EMPTY_WEEKS.find((choice) => choice === text.trim().toLowerCase());
  if (!found) throw new UserError({ key: "admin:setup.badEmptyWeeks" });
  return found;
}

export const TIMEZONES: readonly string[] = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];

export function timezoneSuggestions(typed: string, limit: number): string[] {
  const query = normaliseQuery(typed).replace(/ /g, "_");
  if (!query) return TIMEZONES.slice(0, limit);
  const starts = TIMEZONES.filter((zone) => zone.toLowerCase().startsWith(query));
  const contains = TIMEZONES.filter((zone) => !zone.toLowerCase().startsWith(query) && zone.toLowerCase().includes(query));
  return [...starts, ...contains].slice(0, limit);
}

/** Channel permissions by the names Discord shows organisers, as messages in the reader's language. */
export function permissionMessages(names: readonly PostingPermissionName[]): UserMessage[] {
  return names.map((name) => ({ key: `admin:permissions.${name}` }));
}

export function parseWeekday(text: string | null): Weekday {
  if (text === null) return 1;
  const found = WEEKDAYS.find((day) => day.name === text.trim().toLowerCase());
  if (!found) throw new UserError({ key: "admin:setup.badDay" });
  return found.value;
}

/** Validates an organiser's setup and saves it; the first post is the next slot after now. */
export async function setupGuild(deps: Deps, guildId: string, input: SetupInput): Promise<GuildRow> {
  const weekday = parseWeekday(input.weekday);
  const emptyWeeks = parseEmptyWeeks(input.emptyWeeks);
  const time = input.time?.trim() ?? "09:00";
  const parsedTime = parseTime(time);
  if (!parsedTime) throw new UserError({ key: "admin:setup.badTime" });
  const timezone = input.timezone?.trim() || "UTC";
  if (!isValidTimezone(timezone)) {
    const suggestions = timezoneSuggestions(timezone.slice(0, 40), 3);
    if (suggestions.length === 0) throw new UserError({ key: "admin:setup.badTimezone" });
    // The suggestions are names from Intl's own list, never what was typed.
    const zones = suggestions.map((zone): UserMessage => ({ key: "admin:setup.zone", values: { zone } }));
    throw new UserError({ key: "admin:setup.badTimezoneHint", values: { zones } });
  }
  const normalisedTime = `${String(parsedTime.hour).padStart(2, "0")}:${String(parsedTime.minute).padStart(2, "0")}`;
  const now = deps.clock.now();
  const nextPostAt = nextSlotAfter(now, { timezone, weekday, time: normalisedTime });
  return deps.db
    .transaction()
    .execute((trx) =>
      saveGuildSetup(
        trx,
        guildId,
        { channelId: input.channelId, weekday, time: normalisedTime, timezone, nextPostAt, emptyWeeks, language: chosenLanguage(input.language) },
        now,
      ),
    );
}

/** The setup's language choice as stored: a language, null for the server's own, undefined to keep it. */
function chosenLanguage(choice: string | null | undefined): string | null | undefined {
  if (choice === null || choice === undefined) return undefined;
  if (choice === SERVER_LANGUAGE) return null;
  if (!isLanguage(choice)) throw new UserError({ key: "admin:setup.badLanguage" });
  return choice;
}

export interface SettingsView {
  readonly guild: GuildRow | undefined;
  readonly milestoneRoles: readonly { stage: number; role_id: string }[];
  readonly backlog: { pending: number; failed: number; blocked: number };
  /** Scheduled work that is failing for this guild, with when it is retried. */
  readonly failures: readonly GuildJobFailureRow[];
}

export async function loadSettings(deps: Deps, guildId: string): Promise<SettingsView> {
  const guild = await findGuild(deps.db, guildId);
  const milestoneRoles = await listMilestoneRoles(deps.db, guildId);
  const backlog = await outboxBacklog(deps.db, guildId);
  const failures = await listGuildJobFailures(deps.db, guildId);
  return { guild, milestoneRoles, backlog, failures };
}

/** Saves a stage's reward role, with who chose it and the permissions it was approved with. */
export async function chooseMilestoneRole(deps: Deps, guildId: string, stage: number, choice: MilestoneRoleChoice): Promise<void> {
  await setMilestoneRole(deps.db, guildId, stage, choice);
}
