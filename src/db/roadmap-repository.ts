import { sql, type Expression, type Kysely, type Transaction } from "kysely";
import type { Database, RoadmapUploadAction } from "./schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

export interface StoredRoadmap {
  readonly roadmapId: string;
  /** Null for a bundled roadmap (from `roadmap/`), else the server that uploaded it. */
  readonly guildId: string | null;
  readonly title: string;
  /** The language its current version declares (a BCP 47 tag such as "pt-BR"); null when it declares none. */
  readonly language: string | null;
  readonly currentVersion: number;
  /** The newest stored version: above currentVersion when a bundled file changed and waits for confirmation. */
  readonly latestVersion: number;
  readonly removedAt: Date | null;
}

function roadmapsWithLatest(db: Db) {
  return db
    .selectFrom("roadmaps as r")
    .select((eb) => [
      "r.roadmap_id",
      "r.guild_id",
      "r.title",
      "r.current_version",
      "r.removed_at",
      eb.selectFrom("roadmap_versions as v").whereRef("v.roadmap_id", "=", "r.roadmap_id").select((v) => v.fn.max("v.version").as("latest")).as("latest_version"),
      eb
        .selectFrom("roadmap_versions as c")
        .whereRef("c.roadmap_id", "=", "r.roadmap_id")
        .whereRef("c.version", "=", "r.current_version")
        .select("c.language")
        .as("language"),
    ]);
}

function toStored(row: {
  roadmap_id: string;
  guild_id: string | null;
  title: string;
  language: string | null;
  current_version: number;
  removed_at: Date | null;
  latest_version: number | null;
}): StoredRoadmap {
  return {
    roadmapId: row.roadmap_id,
    guildId: row.guild_id,
    title: row.title,
    language: row.language,
    currentVersion: row.current_version,
    latestVersion: row.latest_version ?? row.current_version,
    removedAt: row.removed_at,
  };
}

export async function findStoredRoadmap(db: Db, roadmapId: string): Promise<StoredRoadmap | undefined> {
  return (await findStoredRoadmaps(db, [roadmapId])).get(roadmapId);
}

/** The same for several roadmaps at once, by id; ids not stored are left out. */
export async function findStoredRoadmaps(db: Db, roadmapIds: readonly string[]): Promise<Map<string, StoredRoadmap>> {
  if (roadmapIds.length === 0) return new Map();
  const rows = await roadmapsWithLatest(db).where("r.roadmap_id", "in", [...new Set(roadmapIds)]).execute();
  return new Map(rows.map((row) => [row.roadmap_id, toStored(row)]));
}

/** The roadmaps a server may use: the bundled ones and its own uploads, removed ones left out. */
export async function listUsableRoadmaps(db: Db, guildId: string): Promise<StoredRoadmap[]> {
  const rows = await roadmapsWithLatest(db)
    .where((eb) => eb.or([eb("r.guild_id", "is", null), eb("r.guild_id", "=", guildId)]))
    .where("r.removed_at", "is", null)
    .orderBy("r.guild_id", (ob) => ob.nullsFirst())
    .orderBy("r.created_at")
    .orderBy("r.roadmap_id")
    .execute();
  return rows.map(toStored);
}

/** The language each roadmap's current version declares, in one query; roadmaps that declare none are left out. */
export async function currentLanguages(db: Db, roadmapIds: readonly string[]): Promise<Map<string, string>> {
  if (roadmapIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("roadmaps as r")
    .innerJoin("roadmap_versions as v", (join) => join.onRef("v.roadmap_id", "=", "r.roadmap_id").onRef("v.version", "=", "r.current_version"))
    .select(["r.roadmap_id", "v.language"])
    .where("r.roadmap_id", "in", [...roadmapIds])
    .where("v.language", "is not", null)
    .execute();
  return new Map(rows.map((row) => [row.roadmap_id, row.language!]));
}

/** A server's own uploads that are not removed (the per-server limit counts these). */
export async function countGuildUploads(db: Db, guildId: string): Promise<number> {
  const row = await db
    .selectFrom("roadmaps")
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .where("guild_id", "=", guildId)
    .where("removed_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export interface NewVersion {
  readonly roadmapId: string;
  readonly version: number;
  readonly document: unknown;
  readonly documentHash: string;
  /** The language the document declares, if any. */
  readonly language: string | null;
  readonly sourceFiles: readonly string[];
  readonly createdBy: string | null;
}

export async function insertRoadmap(db: Db, roadmap: { roadmapId: string; guildId: string | null; title: string }, first: NewVersion): Promise<void> {
  await db
    .insertInto("roadmaps")
    .values({ roadmap_id: roadmap.roadmapId, guild_id: roadmap.guildId, title: roadmap.title, current_version: first.version })
    .execute();
  await insertVersion(db, first);
}

export async function insertVersion(db: Db, version: NewVersion): Promise<void> {
  await db
    .insertInto("roadmap_versions")
    .values({
      roadmap_id: version.roadmapId,
      version: version.version,
      document: JSON.stringify(version.document),
      document_hash: version.documentHash,
      language: version.language,
      source_files: [...version.sourceFiles],
      created_by: version.createdBy,
    })
    .execute();
}

/** Makes a version the one the roadmap runs; false when another update got there first. */
export async function advanceCurrentVersion(trx: Transaction<Database>, roadmapId: string, from: number, to: number, title: string): Promise<boolean> {
  const result = await trx
    .updateTable("roadmaps")
    .set({ current_version: to, title })
    .where("roadmap_id", "=", roadmapId)
    .where("current_version", "=", from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function versionDocument(db: Db, roadmapId: string, version: number): Promise<{ document: unknown; hash: string } | undefined> {
  const row = await db
    .selectFrom("roadmap_versions")
    .select(["document", "document_hash"])
    .where("roadmap_id", "=", roadmapId)
    .where("version", "=", version)
    .executeTakeFirst();
  return row && { document: row.document, hash: row.document_hash };
}

export async function latestVersionHash(db: Db, roadmapId: string): Promise<{ version: number; hash: string } | undefined> {
  const row = await db
    .selectFrom("roadmap_versions")
    .select(["version", "document_hash"])
    .where("roadmap_id", "=", roadmapId)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
  return row && { version: row.version, hash: row.document_hash };
}

/** The roadmap a guild runs and which version (see guildRoadmapVersion), as a query to read beside others. */
export function guildRoadmapVersionQuery(db: Db, guildId: string | Expression<string>, defaultId: string) {
  return db
    .selectFrom("roadmaps as r")
    .leftJoin("guilds as g", (join) => join.on("g.guild_id", "=", guildId))
    .select((eb) => [
      "r.roadmap_id",
      eb.fn.coalesce(eb.case().when("g.roadmap_id", "=", eb.ref("r.roadmap_id")).then(eb.ref("g.roadmap_version")).end(), eb.ref("r.current_version")).as("version"),
      eb("r.roadmap_id", "=", eb.ref("g.roadmap_id")).as("chosen"),
    ])
    .where("r.removed_at", "is", null)
    .where((eb) => eb.or([eb("r.roadmap_id", "=", eb.ref("g.roadmap_id")), eb("r.roadmap_id", "=", defaultId)]))
    .orderBy("chosen", (ob) => ob.desc().nullsLast())
    .limit(1);
}

export type GuildRoadmapChoice = { roadmapId: string; version: number };

export function toGuildRoadmapChoice(row: { roadmap_id: string; version: number | string } | null | undefined): GuildRoadmapChoice | undefined {
  return row ? { roadmapId: row.roadmap_id, version: Number(row.version) } : undefined;
}

/**
 * Which roadmap and version a guild runs, read with every command (one indexed row each of
 * `guilds` and `roadmaps`): a replica that has not seen a newer version learns of it here. A guild
 * without a row, or whose roadmap was removed, runs the default roadmap's current version.
 * Undefined when neither is stored (a database the bundled roadmaps were never loaded into).
 */
export async function guildRoadmapVersion(db: Db, guildId: string, defaultId: string): Promise<GuildRoadmapChoice | undefined> {
  return toGuildRoadmapChoice(await guildRoadmapVersionQuery(db, guildId, defaultId).executeTakeFirst());
}

/** The same for several guilds in one statement (a batch of weekly posts), by guild; a guild with no choice is left out. */
export async function guildRoadmapVersions(db: Db, guildIds: readonly string[], defaultId: string): Promise<Map<string, GuildRoadmapChoice>> {
  if (guildIds.length === 0) return new Map();
  const rows = await db
    .selectFrom(sql<{ guild_id: string }>`(select unnest(${[...new Set(guildIds)]}::text[]) as guild_id)`.as("k"))
    .innerJoinLateral(
      (eb) => guildRoadmapVersionQuery(db, eb.ref("k.guild_id"), defaultId).as("v"),
      (join) => join.onTrue(),
    )
    .select(["k.guild_id", "v.roadmap_id", "v.version"])
    .execute();
  return new Map(rows.map((row) => [row.guild_id, toGuildRoadmapChoice(row)!]));
}

export async function setGuildRoadmapVersion(trx: Transaction<Database>, guildId: string, roadmapId: string, version: number | null): Promise<void> {
  await trx.insertInto("guilds").values({ guild_id: guildId }).onConflict((oc) => oc.doNothing()).execute();
  await trx.updateTable("guilds").set({ roadmap_id: roadmapId, roadmap_version: version }).where("guild_id", "=", guildId).execute();
}

/** Stops offering a server's upload; true when it was there to remove. Its progress rows stay. */
export async function markRoadmapRemoved(trx: Transaction<Database>, guildId: string, roadmapId: string, now: Date): Promise<boolean> {
  const result = await trx
    .updateTable("roadmaps")
    .set({ removed_at: now })
    .where("roadmap_id", "=", roadmapId)
    .where("guild_id", "=", guildId)
    .where("removed_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Members with any progress, per roadmap, in one server. */
export async function membersPerRoadmap(db: Db, guildId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("progress")
    .select((eb) => ["roadmap_id", eb.fn.count<string>("user_id").distinct().as("members")])
    .where("guild_id", "=", guildId)
    .groupBy("roadmap_id")
    .execute();
  return new Map(rows.map((row) => [row.roadmap_id, Number(row.members)]));
}

/** Every member's done item ids on one roadmap in one server, for an update's preview. */
export async function progressByMember(db: Db, guildId: string, roadmapId: string): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom("progress")
    .select(["user_id", "item_id"])
    .where("guild_id", "=", guildId)
    .where("roadmap_id", "=", roadmapId)
    .execute();
  const byMember = new Map<string, string[]>();
  for (const row of rows) byMember.set(row.user_id, [...(byMember.get(row.user_id) ?? []), row.item_id]);
  return byMember;
}

export interface PendingUpload {
  readonly uploadId: string;
  readonly guildId: string;
  readonly userId: string;
  readonly action: RoadmapUploadAction;
  readonly roadmapId: string | null;
  readonly baseVersion: number | null;
  readonly document: unknown;
  readonly sourceFiles: readonly string[];
  readonly expiresAt: Date;
}

export async function savePendingUpload(db: Db, upload: PendingUpload): Promise<void> {
  await db
    .insertInto("roadmap_uploads")
    .values({
      upload_id: upload.uploadId,
      guild_id: upload.guildId,
      user_id: upload.userId,
      action: upload.action,
      roadmap_id: upload.roadmapId,
      base_version: upload.baseVersion,
      document: upload.document === null ? null : JSON.stringify(upload.document),
      source_files: [...upload.sourceFiles],
      expires_at: upload.expiresAt,
    })
    .execute();
}

/** Who a pending upload belongs to, to tell another organiser it is not theirs. */
export async function pendingUploadOwner(db: Db, uploadId: string, guildId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("roadmap_uploads")
    .select("user_id")
    .where("upload_id", "=", uploadId)
    .where("guild_id", "=", guildId)
    .executeTakeFirst();
  return row?.user_id;
}

/**
 * Removes and returns the uploader's pending upload, unexpired: a Confirm pressed twice (on any
 * replica) finds it once.
 */
export async function takePendingUpload(trx: Transaction<Database>, key: { guildId: string; userId: string }, uploadId: string, now: Date): Promise<PendingUpload | undefined> {
  const row = await trx
    .deleteFrom("roadmap_uploads")
    .where("upload_id", "=", uploadId)
    .where("guild_id", "=", key.guildId)
    .where("user_id", "=", key.userId)
    .returningAll()
    .executeTakeFirst();
  if (!row || row.expires_at <= now) return undefined;
  return {
    uploadId: row.upload_id,
    guildId: row.guild_id,
    userId: row.user_id,
    action: row.action,
    roadmapId: row.roadmap_id,
    baseVersion: row.base_version,
    document: row.document,
    sourceFiles: row.source_files,
    expiresAt: row.expires_at,
  };
}

export async function deleteExpiredUploads(db: Db, now: Date): Promise<void> {
  await db.deleteFrom("roadmap_uploads").where("expires_at", "<=", now).execute();
}

/** Replicas starting together load the bundled roadmaps one after the other. */
export async function lockBundledRoadmaps(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('roadmap-bundled-sync'))`.execute(trx);
}
