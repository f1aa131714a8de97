import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { sql, type Kysely } from "kysely";

/**
 * The database functions the bot calls, kept as reviewable source files in `src/db/sql/` (what a
 * check does, what a score counts) rather than inside frozen migrations. After the migrations, each
 * file whose content changed since it was last applied is applied again (its functions are
 * `create or replace`), and its hash recorded in `sql_definitions`; so changing a rule is an edit of
 * one file, seen as a diff, and every database running this code has the same functions.
 */
export const DEFINITION_FILES = ["progress.sql", "scores.sql"] as const;

export interface Definition {
  readonly name: string;
  readonly text: string;
  readonly sha256: string;
}

export async function readDefinitions(): Promise<Definition[]> {
  return Promise.all(
    DEFINITION_FILES.map(async (name) => {
      const text = await readFile(new URL(`./sql/${name}`, import.meta.url), "utf8");
      return { name, text, sha256: createHash("sha256").update(text).digest("hex") };
    }),
  );
}

/** Splits a file into statements: at `;` ending a line, outside `$fn$` bodies. */
export function statementsOf(text: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  let inBody = false;
  for (const line of text.split("\n")) {
    if (current.length === 0 && (line.trim() === "" || line.trim().startsWith("--"))) continue;
    current.push(line);
    inBody = (line.split("$fn$").length - 1) % 2 === 1 ? !inBody : inBody;
    if (!inBody && line.trimEnd().endsWith(";")) {
      statements.push(current.join("\n"));
      current = [];
    }
  }
  if (current.some((line) => line.trim() !== "")) throw new Error("a definition file ends inside a statement");
  return statements;
}

/** Applies the definition files that changed; returns their names. One process at a time. */
export async function applyDefinitions(db: Kysely<any>): Promise<string[]> {
  const definitions = await readDefinitions();
  return db.transaction().execute(async (trx) => {
    await sql`lock table sql_definitions in exclusive mode`.execute(trx);
    const applied = await sql<{ name: string; sha256: string }>`select name, sha256 from sql_definitions`.execute(trx);
    const known = new Map(applied.rows.map((row) => [row.name, row.sha256]));
    const changed = definitions.filter((definition) => known.get(definition.name) !== definition.sha256);
    for (const definition of changed) {
      for (const statement of statementsOf(definition.text)) await sql.raw(statement).execute(trx);
      await sql`
        insert into sql_definitions (name, sha256, applied_at) values (${definition.name}, ${definition.sha256}, now())
        on conflict (name) do update set sha256 = excluded.sha256, applied_at = excluded.applied_at`.execute(trx);
    }
    return changed.map((definition) => definition.name);
  });
}
