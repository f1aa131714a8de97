import { Migrator, type Kysely } from "kysely";
import { afterAll, beforeAll } from "vitest";
import { migrations } from "../../migrations/index.ts";
import { connectDatabase, type DatabaseHandle } from "../../src/db/connect.ts";
import type { Database } from "../../src/db/schema.ts";
import { silentLogger } from "./backends.ts";
import { createTestDatabase } from "./postgres.ts";

export interface MigrationDatabase {
  /** The database, for raw SQL in the shape of whichever step it is migrated to. */
  readonly db: Kysely<Database>;
  readonly migrator: Migrator;
}

/**
 * An empty database of its own for a test file that walks the migrations by hand (to a step before
 * a migration, data in the old shape, then up): made before the file's tests and dropped after.
 */
export function useMigrationDatabase(): MigrationDatabase {
  let database: { url: string; drop: () => Promise<void> } | undefined;
  let handle: DatabaseHandle | undefined;
  let migrator: Migrator | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    handle = await connectDatabase({ databaseUrl: database.url, dataDir: "", logger: silentLogger });
    migrator = new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations } });
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });
  return {
    get db() {
      if (!handle) throw new Error("the migration database is made in beforeAll");
      return handle.db;
    },
    get migrator() {
      if (!migrator) throw new Error("the migration database is made in beforeAll");
      return migrator;
    },
  };
}
