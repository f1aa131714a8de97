import type { Kysely, Transaction } from "kysely";
import type { MemberKey } from "./progress-repository.ts";
import type { Database } from "./schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

export interface ImportPreview {
  readonly previewId: string;
  readonly roadmapId: string;
  readonly checkIds: readonly string[];
  readonly uncheckIds: readonly string[];
  readonly expiresAt: Date;
}

export async function savePreview(db: Db, key: MemberKey, preview: ImportPreview): Promise<void> {
  await db
    .insertInto("import_previews")
    .values({
      preview_id: preview.previewId,
      guild_id: key.guildId,
      user_id: key.userId,
      roadmap_id: preview.roadmapId,
      check_ids: JSON.stringify(preview.checkIds),
      uncheck_ids: JSON.stringify(preview.uncheckIds),
      expires_at: preview.expiresAt,
    })
    .execute();
}

/** Removes and returns a member's preview: a Confirm pressed twice applies it once. */
export async function takePreview(trx: Transaction<Database>, key: MemberKey, previewId: string): Promise<ImportPreview | undefined> {
  const row = await trx
    .deleteFrom("import_previews")
    .where("preview_id", "=", previewId)
    .where("guild_id", "=", key.guildId)
    .where("user_id", "=", key.userId)
    .returningAll()
    .executeTakeFirst();
  if (!row) return undefined;
  return { previewId: row.preview_id, roadmapId: row.roadmap_id, checkIds: row.check_ids, uncheckIds: row.uncheck_ids, expiresAt: row.expires_at };
}

export async function deleteExpiredPreviews(db: Db, now: Date): Promise<void> {
  await db.deleteFrom("import_previews").where("expires_at", "<", now).execute();
}
