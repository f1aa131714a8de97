import { sql, type Kysely, type Transaction } from "kysely";
import { migrations } from "../../migrations/index.ts";
import { migrateToLatest } from "./migrate.ts";

/** A reason the move did not start or did not finish; the message says what to do. */
export class MoveRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MoveRefused";
  }
}

export interface TableCount {
  readonly table: string;
  readonly rows: number;
}

export interface MoveResult {
  /** The newest migration both databases are at. */
  readonly migration: string;
  /** Every table in the order it was copied (a table after those it refers to), with its rows. */
  readonly tables: readonly TableCount[];
  readonly rows: number;
  readonly sequences: number;
}

export interface MoveOptions {
  readonly batchSize?: number;
  readonly onTable?: (table: string, rows: number) => void;
}

const DEFAULT_BATCH = 1_000;

/**
 * Copies every table of `source` into `target`, which must hold no rows in any table: both are
 * migrated to the current version first, rows go in dependency order in batches inside one
 * target transaction (all or nothing), identity values are kept and every sequence continues
 * where the source's stood. Row counts are compared before the transaction commits.
 */
export async function copyDatabase(source: Kysely<any>, target: Kysely<any>, options: MoveOptions = {}): Promise<MoveResult> {
  await refuseUnknownMigrations(source, "the embedded database");
  await refuseUnknownMigrations(target, "the target database");
  await refuseNonEmptyTarget(target);
  await migrateToLatest(source);
  await migrateToLatest(target);
  const migration = Object.keys(migrations).sort().at(-1)!;

  const tables = await tablesInCopyOrder(source);
  const targetTables = new Set((await tablesInCopyOrder(target)).map((table) => table.name));
  const missing = tables.filter((table) => !targetTables.has(table.name)).map((table) => table.name);
  if (missing.length > 0) throw new MoveRefused(`The target database has no table ${missing.join(", ")} after migrating; nothing was copied.`);

  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  return target.transaction().execute(async (into) => {
    const copied: TableCount[] = [];
    await source.transaction().execute(async (from) => {
      for (const table of tables) {
        const rows = await copyTable(from, into, table, batchSize);
        options.onTable?.(table.name, rows);
        copied.push({ table: table.name, rows });
      }
    });
    const sequences = await copySequences(source, into);
    await compareCounts(source, into, copied);
    return { migration, tables: copied, rows: copied.reduce((sum, table) => sum + table.rows, 0), sequences };
  });
}

/** Rows per table, for the summary and the tests. */
export async function rowCounts(db: Kysely<any>): Promise<TableCount[]> {
  const counts: TableCount[] = [];
  for (const table of await tablesInCopyOrder(db)) counts.push({ table: table.name, rows: await countRows(db, table.name) });
  return counts;
}

/** Every guild's id, for the read-back after a move. */
export async function listGuildIds(db: Kysely<any>): Promise<string[]> {
  const rows = await sql<{ guild_id: string }>`select guild_id from guilds order by guild_id`.execute(db);
  return rows.rows.map((row) => row.guild_id);
}

interface TableInfo {
  readonly name: string;
  /** Columns that take a value on insert (generated ones are computed again). */
  readonly columns: readonly string[];
}

async function refuseUnknownMigrations(db: Kysely<any>, which: string): Promise<void> {
  const exists = await sql<{ present: boolean }>`select to_regclass('kysely_migration') is not null as present`.execute(db);
  if (!exists.rows[0]?.present) return;
  const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  const unknown = applied.rows.map((row) => row.name).filter((name) => !(name in migrations));
  if (unknown.length > 0) {
    throw new MoveRefused(
      `${capitalise(which)} was migrated by a newer Roadmap Bot (${unknown.join(", ")}); update this copy of the bot first. Nothing was copied.`,
    );
  }
}

async function refuseNonEmptyTarget(target: Kysely<any>): Promise<void> {
  const holding: string[] = [];
  for (const table of await tablesInCopyOrder(target)) {
    const any = await sql<{ present: boolean }>`select exists (select 1 from ${sql.table(table.name)}) as present`.execute(target);
    if (any.rows[0]?.present) holding.push(table.name);
  }
  if (holding.length > 0) {
    throw new MoveRefused(
      `The target database already holds data (rows in ${holding.join(", ")}); nothing was written. ` +
        "Move into an empty database, e.g. one made with CREATE DATABASE roadmap.",
    );
  }
}

/**
 * Base tables of the current schema but the migrations' bookkeeping (Kysely's own, and which
 * function definitions were applied: each side's own migrating wrote them), each after the tables
 * it refers to.
 */
async function tablesInCopyOrder(db: Kysely<any>): Promise<TableInfo[]> {
  const tables = await sql<{ name: string; columns: string[] }>`
    select c.relname as name,
           array_agg(a.attname::text order by a.attnum) filter (where a.attgenerated = '') as columns
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    where c.relkind in ('r', 'p') and c.relname not like 'kysely\\_%' and c.relname <> 'sql_definitions'
    group by c.relname
    order by c.relname`.execute(db);
  const references = await sql<{ child: string; parent: string }>`
    select distinct child.relname as child, parent.relname as parent
    from pg_constraint k
    join pg_class child on child.oid = k.conrelid
    join pg_class parent on parent.oid = k.confrelid
    join pg_namespace n on n.oid = child.relnamespace and n.nspname = current_schema()
    where k.contype = 'f' and child.oid <> parent.oid`.execute(db);

  const byName = new Map(tables.rows.map((row) => [row.name, { name: row.name, columns: row.columns }]));
  const parents = new Map<string, Set<string>>([...byName.keys()].map((name) => [name, new Set()]));
  for (const { child, parent } of references.rows) if (byName.has(parent)) parents.get(child)?.add(parent);
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  while (ordered.length < byName.size) {
    const ready = [...byName.keys()].filter((name) => !placed.has(name) && [...parents.get(name)!].every((parent) => placed.has(parent)));
    if (ready.length === 0) throw new MoveRefused("The tables refer to each other in a cycle; this copy cannot order them.");
    for (const name of ready) {
      placed.add(name);
      ordered.push(byName.get(name)!);
    }
  }
  return ordered;
}

/**
 * Rows travel as JSON text read and written by Postgres itself, so every type (timestamps to the
 * microsecond, bigints, arrays, jsonb) arrives exactly as stored; a cursor keeps memory to a batch.
 */
async function copyTable(from: Transaction<any>, into: Transaction<any>, table: TableInfo, batchSize: number): Promise<number> {
  const columns = sql.join(table.columns.map((column) => sql.ref(column)));
  await sql`declare roadmap_move no scroll cursor for select row_to_json(t)::text as row from ${sql.table(table.name)} t`.execute(from);
  let copied = 0;
  try {
    for (;;) {
      const batch = await sql<{ row: string }>`fetch forward ${sql.raw(String(batchSize))} from roadmap_move`.execute(from);
      if (batch.rows.length === 0) return copied;
      const json = `[${batch.rows.map((row) => row.row).join(",")}]`;
      await sql`
        insert into ${sql.table(table.name)} (${columns}) overriding system value
        select ${columns} from json_populate_recordset(null::${sql.table(table.name)}, ${json}::json)`.execute(into);
      copied += batch.rows.length;
    }
  } finally {
    await sql`close roadmap_move`.execute(from);
  }
}

/** Sets every sequence of the target where the source's stands, so new ids never collide. */
async function copySequences(source: Kysely<any>, into: Transaction<any>): Promise<number> {
  const sequences = await sql<{ name: string; last_value: string | null }>`
    select sequencename as name, last_value::text as last_value from pg_sequences where schemaname = current_schema()`.execute(source);
  let set = 0;
  for (const sequence of sequences.rows) {
    if (sequence.last_value === null) continue;
    await sql`select setval(${sequence.name}::regclass, ${sequence.last_value}::bigint, true)`.execute(into);
    set++;
  }
  return set;
}

async function compareCounts(source: Kysely<any>, into: Transaction<any>, copied: readonly TableCount[]): Promise<void> {
  for (const { table } of copied) {
    const [from, to] = [await countRows(source, table), await countRows(into, table)];
    if (from !== to) throw new MoveRefused(`Row counts differ after copying ${table} (${from} in the embedded database, ${to} in the target); nothing was kept.`);
  }
}

async function countRows(db: Kysely<any>, table: string): Promise<number> {
  const result = await sql<{ rows: string }>`select count(*)::text as rows from ${sql.table(table)}`.execute(db);
  return Number(result.rows[0]?.rows ?? 0);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
