import { Migrator, type Kysely, type MigrationResult } from "kysely";
import { migrations } from "../../migrations/index.ts";
import { applyDefinitions } from "./definitions.ts";

export class MigrationError extends Error {
  constructor(readonly failed: string | undefined, cause: unknown) {
    super(`Database migration ${failed ?? "(unknown)"} failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = "MigrationError";
  }
}

/**
 * Applies every pending migration in order, then the function definitions that changed
 * (`src/db/sql/`, see definitions.ts); returns the migrations' names applied.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  // Migrations are imported statically so they run the same under tsx, vitest and any bundler.
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r: MigrationResult) => r.status === "Error")?.migrationName;
    throw new MigrationError(failed, error);
  }
  await applyDefinitions(db);
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
