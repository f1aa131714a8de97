import { randomBytes } from "node:crypto";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { migrateToLatest } from "../../src/db/migrate.ts";
import type { Database } from "../../src/db/schema.ts";

/** The server the benchmark uses: the tests' one (127.0.0.1:5432, trust auth) unless BENCH_DATABASE_URL/TEST_DATABASE_URL say otherwise. */
export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface BenchDatabase {
  readonly name: string;
  readonly url: string;
  /** A Kysely handle on it (pool of `poolSize`), closed by drop(). */
  readonly db: Kysely<Database>;
  readonly pool: pg.Pool;
  drop(): Promise<void>;
}

/** A fresh, migrated `bench_<random>` database; drop() removes it again. */
export async function createBenchDatabase(poolSize = 4): Promise<BenchDatabase> {
  const name = `bench_${randomBytes(5).toString("hex")}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = databaseUrl(name);
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // DROP DATABASE … WITH (FORCE) ends idle connections; without a listener that would crash the run.
  pool.on("error", () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    throw error;
  }
  let dropped = false;
  return {
    name,
    url,
    db,
    pool,
    async drop() {
      if (dropped) return;
      dropped = true;
      await db.destroy().catch(() => undefined);
      await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

export async function serverVersion(): Promise<string> {
  return admin(async (client) => (await client.query<{ server_version: string }>("show server_version")).rows[0]?.server_version ?? "?");
}
