import { sql, type Kysely } from "kysely";
import type { Database } from "../../src/db/schema.ts";

/**
 * The application tables, named so a table added later without updating this list fails loudly
 * (see `dumpDatabase`) instead of silently escaping the "nothing changed" checks.
 */
export const APPLICATION_TABLES = [
  "guilds",
  "guild_tracks",
  "stopped_track_versions",
  "member_tracks",
  "members",
  "member_places",
  "progress",
  "progress_events",
  "milestones",
  "milestone_roles",
  "leaderboard_weeks",
  "weekly_standings",
  "outbox",
  "import_previews",
  "guild_job_failures",
  "roadmaps",
  "roadmap_versions",
  "roadmap_uploads",
] as const;

/**
 * Kept leaderboard scores, counted from progress, the catalogue's layouts, stored on first use, and
 * which function definitions were applied: filling them changes no one's data. Known here so a new
 * table still has to be named.
 */
export const DERIVED_TABLES = [
  "member_scores",
  "member_score_counts",
  "member_score_hour_counts",
  "score_periods",
  "period_scores",
  "period_score_counts",
  "score_refreshes",
  "roadmap_layouts",
  "roadmap_layout_items",
  "roadmap_layout_sections",
  "sql_definitions",
] as const;

/**
 * Every row of every application table as JSON text, each table's rows sorted by their full JSON
 * (so by every column), for byte-for-byte before/after comparisons.
 */
export async function dumpDatabase(db: Kysely<Database>): Promise<string> {
  const present = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%'
    order by table_name`.execute(db);
  const known: readonly string[] = [...APPLICATION_TABLES, ...DERIVED_TABLES];
  const unknown = present.rows.map((row) => row.table_name).filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new Error(`dumpDatabase: add the new table(s) ${unknown.join(", ")} to APPLICATION_TABLES or DERIVED_TABLES`);

  const dump: Record<string, unknown[]> = {};
  for (const table of APPLICATION_TABLES) {
    const rows = await sql<{ row: string }>`select row_to_json(t)::text as row from ${sql.table(table)} t order by 1`.execute(db);
    dump[table] = rows.rows.map((row) => JSON.parse(row.row) as unknown);
  }
  return JSON.stringify(dump, null, 1);
}
