import { sql, type Kysely } from "kysely";

// Frozen in time: never import application code here.

export async function up(db: Kysely<any>): Promise<void> {
  // The language a roadmap version declares it is written in (`language:` in its file, a BCP 47
  // tag such as 'pt-BR'); null when it declares none. Lists and choices show it beside the title.
  await db.schema.alterTable("roadmap_versions").addColumn("language", "text").execute();
  await sql`update roadmap_versions set language = document->>'language' where document ? 'language'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("roadmap_versions").dropColumn("language").execute();
}
