import { sql } from "kysely";
import { expect, it } from "vitest";
import { useMigrationDatabase } from "../support/migration-database.ts";

const migrationDatabase = useMigrationDatabase();

it("stores the language each stored version declares, and none for a version that declares none", async () => {
  const { migrator, db } = migrationDatabase;
  const down = await migrator.migrateTo("20261205T100000-empty-weeks");
  expect(down.error).toBeUndefined();

  await sql`insert into roadmaps (roadmap_id, guild_id, title, current_version) values ('roteiro-1a2b3c4d', '1', 'Roteiro', 2), ('web-5e6f7a8b', '1', 'Web', 1)`.execute(db);
  await sql`insert into roadmap_versions (roadmap_id, version, document, document_hash, source_files)
            values ('roteiro-1a2b3c4d', 1, ${JSON.stringify({ id: "roteiro-1a2b3c4d", title: "Roteiro" })}, 'h1', '{}'),
                   ('roteiro-1a2b3c4d', 2, ${JSON.stringify({ id: "roteiro-1a2b3c4d", title: "Roteiro", language: "pt-BR" })}, 'h2', '{}'),
                   ('web-5e6f7a8b', 1, ${JSON.stringify({ id: "web-5e6f7a8b", title: "Web" })}, 'h3', '{}')`.execute(db);

  const up = await migrator.migrateToLatest();
  expect(up.error).toBeUndefined();
  const rows = await sql`select roadmap_id, version, language from roadmap_versions order by roadmap_id, version`.execute(db);
  expect(rows.rows).toEqual([
    { roadmap_id: "roteiro-1a2b3c4d", version: 1, language: null },
    { roadmap_id: "roteiro-1a2b3c4d", version: 2, language: "pt-BR" },
    { roadmap_id: "web-5e6f7a8b", version: 1, language: null },
  ]);

  const back = await migrator.migrateTo("20261205T100000-empty-weeks");
  expect(back.error).toBeUndefined();
  expect((await sql`select count(*)::int as n from roadmap_versions`.execute(db)).rows).toEqual([{ n: 3 }]);
});
