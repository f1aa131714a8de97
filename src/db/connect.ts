import { PGlite, types as pgliteTypes } from "@electric-sql/pglite";
import { Kysely, PostgresDialect } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import type { Logger } from "pino";
import { lockDataDir } from "./embedded-lock.ts";
import type { Database } from "./schema.ts";

const DATE_OID = 1082;
const keepDateText = (value: string) => value;

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly kind: "postgres" | "pglite";
  /** Connections in the Postgres pool; undefined for the embedded database. */
  poolStats(): { total: number; idle: number; waiting: number } | undefined;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** A Postgres URL; without one an embedded PGlite database lives in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  logger: Logger;
  poolSize?: number;
}

export async function connectDatabase(options: ConnectOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return connectPostgres(options.databaseUrl, options.logger, options.poolSize ?? 10);
  return connectPglite(options.dataDir, options.logger);
}

function connectPostgres(url: string, logger: Logger, max: number): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // Also how long a query may wait for a free connection in a burst; a server that is down
    // refuses at once, so this does not slow the "try again shortly" answer.
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === DATE_OID ? keepDateText : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
    },
  });
  // A client losing its server emits "error"; without a listener the process would crash.
  // The pool listens only while a client is idle, so listen on every client for its whole life.
  pool.on("error", (error) => logger.warn({ err: error }, "idle Postgres connection lost; the pool will reconnect"));
  pool.on("connect", (client) => {
    client.on("error", (error) => logger.warn({ err: error }, "Postgres connection lost; the pool will reconnect"));
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: "postgres",
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => db.destroy(),
  };
}

async function connectPglite(dataDir: string, logger: Logger): Promise<DatabaseHandle> {
  const embedded = await openEmbedded(dataDir, logger);
  const db = new Kysely<Database>({ dialect: new PGliteDialect(embedded.pglite) });
  return {
    db,
    kind: "pglite",
    poolStats: () => undefined,
    async close() {
      try {
        await db.destroy();
      } finally {
        await embedded.close();
      }
    },
  };
}

export interface EmbeddedDatabase {
  readonly pglite: PGlite;
  readonly dataDir: string;
  close(): Promise<void>;
}

/**
 * Opens PGlite in `dataDir`, which is locked for this process first (PGlite is one process's) and
 * released after it closes.
 */
export async function openEmbedded(dataDir: string, logger: Logger): Promise<EmbeddedDatabase> {
  const lock = await lockDataDir(dataDir, {
    onLost: (error) => {
      logger.fatal({ err: error, dataDir }, "lost the lock on the embedded database's folder; stopping so that no other process writes it at the same time");
      throw error;
    },
  });
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(lock.dataDir, { parsers: { [pgliteTypes.DATE]: keepDateText } });
  } catch (error) {
    await lock.release();
    throw error;
  }
  return {
    pglite,
    dataDir: lock.dataDir,
    async close() {
      try {
        if (!pglite.closed) await pglite.close();
      } finally {
        await lock.release();
      }
    },
  };
}
