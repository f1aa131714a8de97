import type { AppContext } from "../context.ts";
import { findGuild, listGuildJobFailures, listMilestoneRoles, saveGuildSetup, saveServerChoices, setMilestoneRole, type MilestoneRoleChoice } from "../db/guild-repository.ts";
import { outboxBacklog } from "../db/outbox-repository.ts";
import { EMPTY_WEEKS, type EmptyWeeks, type GuildJobFailureRow, type GuildRow, type TrackRow } from "../db/schema.ts";
import { findStoredRoadmap, findStoredRoadmaps } from "../db/roadmap-repository.ts";
import { listPausedTracks, listTracks, saveTrack } from "../db/track-repository.ts";
import { roadmapForGuild } from "../progress/progress-service.ts";
import { usableRoadmap } from "../roadmaps/roadmap-uploads.ts";
import { UserError, type UserMessage } from "../errors.ts";
import { isValidTimezone, nextSlotAfter, parseTime, WEEKDAYS, type Weekday } from "../leaderboard/week.ts";
import { normaliseQuery } from "../catalogue/search.ts";
import type { PostingPermissionName } from "../discord/permissions.ts";
import { isLanguage } from "../i18n/languages.ts";
import { SERVER_LANGUAGE } from "../i18n/server-language.ts";

type Deps = Pick<AppContext, "db" | "clock">;

export interface SetupInput {
  /** The track to start or change; null: the server's one track (or its roadmap, before any). */
  readonly roadmapId?: string | null;
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

/**
 * Which roadmap a setup is for: the one named (bundled or this server's own upload), else the
 * server's one track, else the roadmap the server runs. A server with several tracks must say which.
 */
async function trackRoadmap(deps: Deps & Pick<AppContext, "catalogue" | "guildRoadmaps">, guildId: string, named: string | null): Promise<string> {
  if (named !== null) return (await usableRoadmap(deps, guildId, named)).roadmapId;
  const tracks = await listTracks(deps.db, guildId);
  if (tracks.length > 1) {
    throw new UserError({ key: "admin:tracks.whichOne", values: { count: tracks.length } });
  }
  return tracks[0]?.roadmap_id ?? (await roadmapForGuild(deps, guildId)).id;
}

/**
 * Validates an organiser's setup and saves it as a track; the first post is the next slot after
 * now. The server's own roadmap's track also keeps its settings in the guilds row, which settings,
 * milestone posts and reminders still read.
 */
export async function setupGuild(deps: Deps & Pick<AppContext, "catalogue" | "guildRoadmaps">, guildId: string, input: SetupInput): Promise<{ track: TrackRow; guild: GuildRow }> {
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
  const roadmapId = await trackRoadmap(deps, guildId, input.roadmapId ?? null);
  const own = (await roadmapForGuild(deps, guildId)).id;
  const setup = { channelId: input.channelId, weekday, time: normalisedTime, timezone, nextPostAt };
  const serverWide = { language: chosenLanguage(input.language), emptyWeeks };
  return deps.db.transaction().execute(async (trx) => {
    const track = await saveTrack(trx, guildId, { ...setup, roadmapId }, now);
    const guild = roadmapId === own ? await saveGuildSetup(trx, guildId, { ...setup, ...serverWide }, now) : await saveServerChoices(trx, guildId, serverWide);
    return { track, guild };
  });
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
  readonly failures: readonly FailingJob[];
  /** Tracks in channels of their own that Discord refused (the server's own channel is `guild.delivery_blocked`). */
  readonly pausedTracks: readonly PausedTrack[];
}

/** A failing job; a track's named when the server runs several. */
export type FailingJob = GuildJobFailureRow & { readonly trackTitle?: string };

export interface PausedTrack {
  readonly roadmapId: string;
  readonly title: string;
  readonly reason: string;
  readonly since: Date | null;
}

export async function loadSettings(deps: Deps, guildId: string): Promise<SettingsView> {
  const guild = await findGuild(deps.db, guildId);
  const milestoneRoles = await listMilestoneRoles(deps.db, guildId);
  const backlog = await outboxBacklog(deps.db, guildId);
  const failures = await namedTrackFailures(deps, guildId, await listGuildJobFailures(deps.db, guildId));
  const pausedTracks: PausedTrack[] = [];
  for (const track of await listPausedTracks(deps.db, guildId)) {
    if (track.channel_id === guild?.channel_id) continue;
    const title = (await findStoredRoadmap(deps.db, track.roadmap_id))?.title ?? track.roadmap_id;
    pausedTracks.push({ roadmapId: track.roadmap_id, title, reason: track.delivery_blocked ?? "", since: track.delivery_blocked_at });
  }
  return { guild, milestoneRoles, backlog, failures, pausedTracks };
}

async function namedTrackFailures(deps: Deps, guildId: string, failures: readonly GuildJobFailureRow[]): Promise<FailingJob[]> {
  if (!failures.some((failure) => failure.roadmap_id !== "")) return [...failures];
  if ((await listTracks(deps.db, guildId)).length < 2) return [...failures];
  const stored = await findStoredRoadmaps(deps.db, failures.map((failure) => failure.roadmap_id).filter((id) => id !== ""));
  return failures.map((failure) => (failure.roadmap_id === "" ? failure : { ...failure, trackTitle: stored.get(failure.roadmap_id)?.title ?? failure.roadmap_id }));
}

/** Saves a stage's reward role, with who chose it and the permissions it was approved with. */
export async function chooseMilestoneRole(deps: Deps, guildId: string, stage: number, choice: MilestoneRoleChoice): Promise<void> {
  await setMilestoneRole(deps.db, guildId, stage, choice);
}
