import { sql, type Kysely } from "kysely";

// Frozen in time: never import application code here.

export async function up(db: Kysely<any>): Promise<void> {
  // What the weekly post does for a week in which nobody checked an item: a short note ("post")
  // or nothing ("skip"), as the organiser chose in setup. Existing groups keep getting a post.
  await db.schema
    .alterTable("guilds")
    .addColumn("empty_weeks", "text", (column) => column.notNull().defaultTo("post").check(sql`empty_weeks in ('post', 'skip')`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("guilds").dropColumn("empty_weeks").execute();
}
