import { sql, type Transaction } from "kysely";
import type { Database } from "./schema.ts";

/**
 * Runs `work` inside a savepoint of `trx`: when it throws, only its own writes are undone and the
 * transaction goes on (Postgres would otherwise refuse every later statement in it).
 */
export async function inSavepoint<T>(trx: Transaction<Database>, work: () => Promise<T>): Promise<T> {
  await sql`savepoint isolated_work`.execute(trx);
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await sql`rollback to savepoint isolated_work`.execute(trx);
    await sql`release savepoint isolated_work`.execute(trx);
    throw error;
  }
  await sql`release savepoint isolated_work`.execute(trx);
  return result;
}
