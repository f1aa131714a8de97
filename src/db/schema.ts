import type { ColumnType, Generated, Selectable } from "kysely";

/** Calendar dates travel as `YYYY-MM-DD` strings: a JS Date would shift them by the host's time zone. */
type CalendarDate = string;

export interface GuildsTable {
  guild_id: string;
  roadmap_id: ColumnType<string, string | undefined, string>;
  created_at: ColumnType<Date, never, never>;
  /** Where weekly leaderboards and milestone celebrations are posted; null until an organiser runs setup. */
  channel_id: string | null;
  post_weekday: ColumnType<number, number | undefined, number>;
  post_time: ColumnType<string, string | undefined, string>;
  timezone: ColumnType<string, string | undefined, string>;
  next_post_at: Date | null;
  /** Why deliveries stopped (Discord refused the channel); null while they flow. */
  delivery_blocked: string | null;
  delivery_blocked_at: Date | null;
  /** The version of its roadmap the guild runs; null: the roadmap's current version. */
  roadmap_version: ColumnType<number | null, number | null | undefined, number | null>;
  /** The language of the server's posts and DMs (src/i18n/languages.ts); null follows the server's Discord language. */
  language: ColumnType<string | null, string | null | undefined, string | null>;
  /** The weekly post for a week nobody checked anything in: a short note, or none. */
  empty_weeks: ColumnType<EmptyWeeks, EmptyWeeks | undefined, EmptyWeeks>;
}

export const EMPTY_WEEKS = ["post", "skip"] as const;
export type EmptyWeeks = (typeof EMPTY_WEEKS)[number];

/** One roadmap a server runs, with its own channel and weekly slot (issue 18's tracks). */
export interface GuildTracksTable {
  guild_id: string;
  roadmap_id: string;
  /** The version the track runs; null: the roadmap's current version. */
  roadmap_version: number | null;
  channel_id: string;
  post_weekday: number;
  post_time: string;
  timezone: string;
  next_post_at: Date | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  /** Why Discord refused this track's channel; its posts wait until setup runs for it again. */
  delivery_blocked: ColumnType<string | null, string | null | undefined>;
  delivery_blocked_at: ColumnType<Date | null, Date | null | undefined>;
}

/** The version a stopped track of a bundled roadmap ran; setup starting it again runs it. */
export interface StoppedTrackVersionsTable {
  guild_id: string;
  roadmap_id: string;
  roadmap_version: number;
  stopped_at: Date;
}

/** A track a member follows; the one used last is their commands' default. */
export interface MemberTracksTable {
  guild_id: string;
  user_id: string;
  roadmap_id: string;
  joined_at: Date;
  last_used_at: Date;
}

export interface MembersTable {
  guild_id: string;
  user_id: string;
  started_on: CalendarDate | null;
  target_on: CalendarDate | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  /** Left the leaderboards: still counted in group totals, never named. */
  hidden: ColumnType<boolean, boolean | undefined, boolean>;
  /** Left out of other members' buddy suggestions. */
  buddies_opt_out: ColumnType<boolean, boolean | undefined, boolean>;
  /** When Discord said the member is no longer in the server: never named or contacted since; null while present. */
  left_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Weekly reminder by DM: ISO weekday (1 = Monday) and HH:MM in the guild's zone; null when off. */
  remind_weekday: number | null;
  remind_time: string | null;
  remind_next_at: Date | null;
  /** The name the member last used the bot under (for pictures); null until then. */
  display_name: ColumnType<string | null, string | null | undefined, string | null>;
  /** The Discord locale the member last used the bot in (their DM reminders follow it); null until then. */
  locale: ColumnType<string | null, string | null | undefined, string | null>;
}

/**
 * Where a member is on one roadmap (`member_place` in src/db/sql/progress.sql), kept by every check
 * and uncheck on it for that track's group views; a member with no change on a roadmap has no row.
 */
export interface MemberPlacesTable {
  guild_id: string;
  roadmap_id: string;
  user_id: string;
  /** The first item not done, in roadmap order; null once every item is. */
  next_item_id: string | null;
  /** When the member last checked an item that counts; null when none does. */
  last_done_at: Date | null;
  /** The first stage not complete, with its items done; null once the whole roadmap is done. */
  current_stage: number | null;
  stage_done: number | null;
  /** Numbers of the sections the member has every item of. */
  finished_sections: ColumnType<string[], string[] | undefined, string[]>;
}

export interface ProgressTable {
  guild_id: string;
  user_id: string;
  roadmap_id: string;
  item_id: string;
  /** When the member first did the item: a re-check (after an uncheck, or by an import) keeps it, so it never scores twice. */
  done_at: Date;
  note: string | null;
}

export interface ProgressEventsTable {
  event_id: Generated<string>;
  guild_id: string;
  user_id: string;
  roadmap_id: string;
  item_id: string;
  kind: "check" | "uncheck";
  note: string | null;
  at: Date;
}

export interface MilestonesTable {
  guild_id: string;
  user_id: string;
  roadmap_id: string;
  /** `stage-1` … or `percent-25` … */
  milestone: string;
  reached_at: Date;
}

export interface MilestoneRolesTable {
  guild_id: string;
  stage: number;
  role_id: string;
  /** The organiser who chose the role; null on rewards chosen before this was recorded. */
  set_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** The role's permissions (a decimal bitfield) when it was checked against that organiser. */
  vetted_permissions: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface LeaderboardWeeksTable {
  guild_id: string;
  /** The track's roadmap: each track posts its own weeks. */
  roadmap_id: string;
  week_start: Date;
  week_end: Date;
  items_done: number;
  active_members: number;
  stages_completed: number;
  created_at: ColumnType<Date, never, never>;
}

export interface WeeklyStandingsTable {
  guild_id: string;
  roadmap_id: string;
  week_start: Date;
  user_id: string;
  rank: number;
  score: number;
  reached_at: Date;
}

/** Scheduled work for one guild that the scheduler isolates, retries with backoff and shows in settings. */
export type GuildJob = "weekly-post" | "reminder";

export interface GuildJobFailuresTable {
  guild_id: string;
  job: GuildJob;
  /** The track whose weekly post failed; '' for work that is not a track's. */
  roadmap_id: Generated<string>;
  /** Failures in a row; the retry delay grows with it. */
  failures: number;
  /** What an organiser is told (never internals: those are in the log). */
  reason: string;
  failed_at: Date;
  retry_at: Date;
}

export type OutboxStatus = "pending" | "delivered" | "failed" | "blocked";

export interface OutboxTable {
  id: Generated<string>;
  guild_id: string;
  kind: "leaderboard" | "milestone" | "role" | "reminder";
  dedupe_key: string;
  channel_id: string | null;
  payload: ColumnType<unknown, string, string>;
  status: ColumnType<OutboxStatus, OutboxStatus | undefined, OutboxStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Date;
  lease_until: Date | null;
  last_error: string | null;
  message_id: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

export interface ImportPreviewsTable {
  preview_id: string;
  guild_id: string;
  user_id: string;
  roadmap_id: string;
  check_ids: ColumnType<string[], string, string>;
  uncheck_ids: ColumnType<string[], string, string>;
  created_at: ColumnType<Date, never, never>;
  expires_at: Date;
}

export interface RoadmapsTable {
  roadmap_id: string;
  /** The server that uploaded it; null for the bundled roadmaps of `roadmap/`. */
  guild_id: string | null;
  title: string;
  current_version: number;
  created_at: ColumnType<Date, Date | undefined, never>;
  /** When its server's organisers removed it: no longer offered; its progress stays. */
  removed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface RoadmapVersionsTable {
  roadmap_id: string;
  version: number;
  /** The validated roadmap file (`roadmapFileSchema`). */
  document: ColumnType<unknown, string, string>;
  document_hash: string;
  /** The language the version declares (its file's `language:`, e.g. "pt-BR"); null: none declared. */
  language: string | null;
  source_files: string[];
  created_by: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export type RoadmapUploadAction = "upload" | "update" | "remove";

export interface RoadmapUploadsTable {
  upload_id: string;
  guild_id: string;
  user_id: string;
  action: RoadmapUploadAction;
  roadmap_id: string | null;
  /** The version an update was previewed against: a Confirm after another update is refused. */
  base_version: number | null;
  document: ColumnType<unknown, string | null, string | null>;
  source_files: string[];
  created_at: ColumnType<Date, Date | undefined, never>;
  expires_at: Date;
}

export interface Database {
  guilds: GuildsTable;
  guild_tracks: GuildTracksTable;
  stopped_track_versions: StoppedTrackVersionsTable;
  member_tracks: MemberTracksTable;
  members: MembersTable;
  member_places: MemberPlacesTable;
  progress: ProgressTable;
  progress_events: ProgressEventsTable;
  milestones: MilestonesTable;
  milestone_roles: MilestoneRolesTable;
  leaderboard_weeks: LeaderboardWeeksTable;
  weekly_standings: WeeklyStandingsTable;
  outbox: OutboxTable;
  import_previews: ImportPreviewsTable;
  guild_job_failures: GuildJobFailuresTable;
  roadmaps: RoadmapsTable;
  roadmap_versions: RoadmapVersionsTable;
  roadmap_uploads: RoadmapUploadsTable;
}

export type GuildRow = Selectable<GuildsTable>;
export type TrackRow = Selectable<GuildTracksTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type GuildJobFailureRow = Selectable<GuildJobFailuresTable>;

export type MemberRow = Selectable<MembersTable>;
export type ProgressRow = Selectable<ProgressTable>;
