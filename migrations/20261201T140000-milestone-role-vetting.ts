import type { Kysely } from "kysely";

// Frozen in time: never import application code here.

export async function up(db: Kysely<any>): Promise<void> {
  // Who chose each reward role, and the permissions the role had when it was checked against
  // them: a role that gains permissions later is not given until an organiser approves it again.
  // Null on rewards chosen before this check existed.
  await db.schema
    .alterTable("milestone_roles")
    .addColumn("set_by", "text")
    .addColumn("vetted_permissions", "text")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("milestone_roles").dropColumn("set_by").dropColumn("vetted_permissions").execute();
}
