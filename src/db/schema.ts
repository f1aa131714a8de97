import type { ColumnType, Generated, Selectable } from "kysely";

/** Calendar dates travel as `YYYY-MM-DD` strings: a JS Date would shift them by the host's time zone. */
type CalendarDate = string;

export interface GuildsTable {
  guild_id: string;
  roadmap_id: ColumnType<string, string | undefined, string>;
  created_at: ColumnType<Date, never, never>;
}

export interface MembersTable {
  guild_id: string;
  user_id: string;
  started_on: CalendarDate | null;
  target_on: CalendarDate | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface ProgressTable {
  guild_id: string;
  user_id: string;
  roadmap_id: string;
  item_id: string;
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

export interface Database {
  guilds: GuildsTable;
  members: MembersTable;
  progress: ProgressTable;
  progress_events: ProgressEventsTable;
}

export type MemberRow = Selectable<MembersTable>;
export type ProgressRow = Selectable<ProgressTable>;
