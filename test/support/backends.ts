import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import type { Catalogue } from "../../src/catalogue/catalogue.ts";
import type { Clock } from "../../src/clock.ts";
import type { AppContext } from "../../src/context.ts";
import { connectDatabase, type DatabaseHandle } from "../../src/db/connect.ts";
import { noMetrics } from "../../src/ops/metrics.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { createI18n } from "../../src/i18n/translator.ts";
import { createTestDatabase } from "./postgres.ts";

export const silentLogger = pino({ level: "silent" });

export interface TestBackend {
  readonly name: "postgres" | "pglite";
  open(): Promise<DatabaseHandle & { dispose(): Promise<void> }>;
}

/** Both databases the bot supports: the tests of the data layer run against each. */
export const backends: readonly TestBackend[] = [
  {
    name: "postgres",
    async open() {
      const database = await createTestDatabase();
      const handle = await connectDatabase({ databaseUrl: database.url, dataDir: "", logger: silentLogger });
      return {
        ...handle,
        async dispose() {
          await handle.close();
          await database.drop();
        },
      };
    },
  },
  {
    name: "pglite",
    async open() {
      const dataDir = await mkdtemp(path.join(tmpdir(), "roadmap-pglite-"));
      const handle = await connectDatabase({ databaseUrl: undefined, dataDir, logger: silentLogger });
      await migrateToLatest(handle.db);
      return {
        ...handle,
        async dispose() {
          await handle.close();
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    },
  },
];

/** What services need, without Discord: no outbox worker, no metrics, no pictures. */
export function serviceContext(db: DatabaseHandle["db"], catalogue: Catalogue, clock: Clock): AppContext {
  return { db, catalogue, clock, logger: silentLogger, i18n: createI18n({ logger: silentLogger }), outbox: { kick: () => undefined }, metrics: noMetrics, pictures: undefined };
}
