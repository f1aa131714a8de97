import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/connect.ts";
import { applyDefinitions, DEFINITION_FILES, readDefinitions, statementsOf } from "../../src/db/definitions.ts";
import { backends } from "../support/backends.ts";

describe("splitting a definition file into statements", () => {
  it("keeps a function body with semicolons whole and skips comments between statements", () => {
    const text = [
      "-- a comment",
      "create or replace function f() returns int language plpgsql as $fn$",
      "begin",
      "  perform 1;",
      "  return 1;",
      "end",
      "$fn$;",
      "",
      "-- another",
      "create or replace function g() returns int language sql as $fn$ select 2 $fn$;",
    ].join("\n");
    const statements = statementsOf(text);
    expect(statements).toHaveLength(2);
    expect(statements[0]).toContain("return 1;");
    expect(statements[1]).toContain("select 2");
  });

  it("refuses a file that ends inside a function body", () => {
    expect(() => statementsOf("create function f() returns int language sql as $fn$\nselect 1;\n")).toThrow(/ends inside/);
  });
});

describe.each(backends)("the function definitions on $name", (backend) => {
  let handle: DatabaseHandle & { dispose(): Promise<void> };
  beforeAll(async () => {
    handle = await backend.open();
  });
  afterAll(async () => {
    await handle?.dispose();
  });

  it("are applied with the migrations and recorded by their content's hash", async () => {
    const recorded = await sql<{ name: string; sha256: string }>`select name, sha256 from sql_definitions order by name`.execute(handle.db);
    const files = await readDefinitions();
    expect(recorded.rows).toEqual(files.map((file) => ({ name: file.name, sha256: file.sha256 })).sort((a, b) => a.name.localeCompare(b.name)));
    expect(await applyDefinitions(handle.db)).toEqual([]);
  });

  it("apply a file again once its content differs from what was applied, restoring its functions", async () => {
    await sql`drop function counted_scores(text, text, text, timestamptz, timestamptz) cascade`.execute(handle.db);
    await sql`update sql_definitions set sha256 = 'edited' where name = 'progress.sql'`.execute(handle.db);
    expect(await applyDefinitions(handle.db)).toEqual(["progress.sql"]);
    const exists = await sql<{ present: boolean }>`select to_regproc('counted_scores') is not null as present`.execute(handle.db);
    expect(exists.rows[0]?.present).toBe(true);
    expect(DEFINITION_FILES).toContain("progress.sql");
  });
});
