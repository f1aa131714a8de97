import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { connectDatabase, type DatabaseHandle } from "../../src/db/connect.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
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
