import { deleteTrack, findTrack, setTrackVersion } from "../db/track-repository.ts";
import { versionRun } from "../tracks/tracks.ts";
import { randomBytes } from "node:crypto";
import type { Transaction } from "kysely";
import { buildRoadmap, type Roadmap } from "../catalogue/catalogue.ts";
import { slugify, type ImportReport, type PreviousItem } from "../catalogue/import-markdown.ts";
import type { RoadmapFile } from "../catalogue/schema.ts";
import type { AppContext } from "../context.ts";
import {
  advanceCurrentVersion,
  countGuildUploads,
  deleteExpiredUploads,
  findStoredRoadmap,
  guildRoadmapVersion,
  insertRoadmap,
  insertVersion,
  latestVersionHash,
  markRoadmapRemoved,
  pendingUploadOwner,
  progressByMember,
  savePendingUpload,
  setGuildRoadmapVersion,
  takePendingUpload,
  type PendingUpload,
  type StoredRoadmap,
} from "../db/roadmap-repository.ts";
import type { MemberKey } from "../db/progress-repository.ts";
import type { Database } from "../db/schema.ts";
import { UserError, type UserMessage } from "../errors.ts";
import { codeSpanText } from "../discord/render/text.ts";
import type { CatalogueProblem } from "../catalogue/validate.ts";
import { downloadAttachment } from "../portability/attachment-download.ts";
import { moveMembersToVersion } from "./apply-update.ts";
import { asPrevious, compareVersions, memberImpact, type MemberImpact, type VersionChanges } from "./compare-versions.ts";
import { formatOf, type ParsedUpload, type UploadedPage } from "./parse-upload.ts";
import { documentHash } from "./stored-document.ts";
import type { UploadParser } from "./upload-parser.ts";

export type Deps = Pick<AppContext, "db" | "catalogue" | "clock" | "importFiles" | "guildRoadmaps"> & { readonly roadmapParser?: UploadParser };

const MAX_ROADMAP_BYTES = 1024 * 1024;
/** `file`, then `file2` … `file10`. */
export const MAX_ROADMAP_FILES = 10;
const MAX_GUILD_ROADMAPS = 20;
const PENDING_LIFETIME_MS = 15 * 60_000;
const DOWNLOAD_TIMEOUT_MS = 10_000;
const ROADMAP_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface RoadmapAttachment {
  readonly name: string;
  readonly size: number;
  readonly url: string;
}

/** Every check that needs no download comes first, so a refused upload costs nothing. */
async function readPages(deps: Deps, files: readonly RoadmapAttachment[]): Promise<UploadedPage[]> {
  if (files.length === 0) throw new UserError({ key: "roadmaps:upload.noFiles" });
  if (files.length > MAX_ROADMAP_FILES) throw new UserError({ key: "roadmaps:upload.tooManyFiles", values: { max: MAX_ROADMAP_FILES, count: files.length } });
  const big = files.find((file) => file.size > MAX_ROADMAP_BYTES);
  if (big) throw new UserError({ key: "roadmaps:upload.fileTooBig", values: { file: codeSpanText(big.name) } });
  if (files.some((file) => formatOf(file.name) === undefined)) {
    throw new UserError({ key: "roadmaps:upload.wrongFormat" });
  }
  const importFiles = deps.importFiles;
  if (!importFiles) throw new Error("roadmap uploads need the context's importFiles (see app.ts)");
  const pages: UploadedPage[] = [];
  for (const file of files) {
    const bytes = await downloadAttachment(file.url, { allowedOrigins: importFiles.allowedOrigins, maxBytes: MAX_ROADMAP_BYTES, timeoutMs: DOWNLOAD_TIMEOUT_MS });
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new UserError({ key: "roadmaps:upload.notText", values: { file: codeSpanText(file.name) } });
    }
    pages.push({ name: file.name, text: text.replaceAll("\u0000", "") });
  }
  return pages;
}

async function parse(deps: Deps, pages: readonly UploadedPage[], previous?: readonly PreviousItem[]): Promise<{ document: RoadmapFile; report: ImportReport | undefined }> {
  if (!deps.roadmapParser) throw new Error("roadmap uploads need the context's roadmapParser (see app.ts)");
  const parsed = await deps.roadmapParser(pages, previous);
  if (!parsed.ok) throw new UserError(refusalOf(parsed));
  return { document: parsed.document, report: parsed.report };
}

const SHOWN_PROBLEMS = 5;

/** What an organiser reads of a refused upload. */
export function refusalOf(parsed: Exclude<ParsedUpload, { ok: true }>): UserMessage {
  return "invalid" in parsed ? invalidRoadmap(parsed.invalid) : parsed.problem;
}

/**
 * The first problems, a line each, in the organiser's language: each says where (a code span,
 * since a path may carry a key the author typed) and what, as the schema's data.
 */
function invalidRoadmap(problems: readonly CatalogueProblem[]): UserMessage {
  const lines = problems.slice(0, SHOWN_PROBLEMS).map(problemLine);
  if (problems.length <= SHOWN_PROBLEMS) return { key: "roadmaps:upload.invalid", values: { problems: { lines } } };
  return { key: "roadmaps:upload.invalidMore", values: { problems: { lines }, count: problems.length - SHOWN_PROBLEMS } };
}

function problemLine(problem: CatalogueProblem): UserMessage {
  if (!problem.path) return { key: "schema:line", values: { problem: problem.says } };
  return { key: "schema:lineAt", values: { path: `\`${codeSpanText(problem.path, 80)}\``, problem: problem.says } };
}

/** Ids are global (progress rows carry them): an upload's gets a random suffix, so no two servers' ever meet. */
function uploadId(document: RoadmapFile): string {
  const base = (slugify(document.id) || "roadmap").slice(0, 40).replace(/-+$/, "");
  return `${base}-${randomBytes(4).toString("hex")}`;
}

export interface UploadPreview {
  readonly pendingId: string;
  readonly roadmap: Roadmap;
  readonly report: ImportReport | undefined;
  readonly files: readonly string[];
}

export async function previewUpload(deps: Deps, key: MemberKey, files: readonly RoadmapAttachment[]): Promise<UploadPreview> {
  await refuseWhenFull(deps, key.guildId);
  const pages = await readPages(deps, files);
  const parsed = await parse(deps, pages);
  const document = { ...parsed.document, id: uploadId(parsed.document) };
  const roadmap = buildRoadmap(document);
  const pendingId = await savePending(deps, key, { action: "upload", roadmapId: null, baseVersion: null, document, sourceFiles: files.map((f) => f.name) });
  return { pendingId, roadmap, report: parsed.report, files: files.map((f) => f.name) };
}

async function refuseWhenFull(deps: Pick<Deps, "db">, guildId: string): Promise<void> {
  if ((await countGuildUploads(deps.db, guildId)) >= MAX_GUILD_ROADMAPS) {
    throw new UserError({ key: "roadmaps:upload.serverFull", values: { count: MAX_GUILD_ROADMAPS } });
  }
}

async function savePending(deps: Deps, key: MemberKey, upload: Pick<PendingUpload, "action" | "roadmapId" | "baseVersion" | "document" | "sourceFiles">): Promise<string> {
  const now = deps.clock.now();
  await deleteExpiredUploads(deps.db, now);
  const pendingId = randomBytes(12).toString("hex");
  await savePendingUpload(deps.db, { ...upload, uploadId: pendingId, guildId: key.guildId, userId: key.userId, expiresAt: new Date(now.getTime() + PENDING_LIFETIME_MS) });
  return pendingId;
}

/** A roadmap this server may use: bundled, or its own upload; removed ones and other servers' are never found. */
export async function usableRoadmap(deps: Pick<Deps, "db">, guildId: string, roadmapId: string): Promise<StoredRoadmap> {
  // Ids are kebab-case; anything else (a forged option, text Postgres cannot even hold) is no roadmap.
  const stored = ROADMAP_ID.test(roadmapId) ? await findStoredRoadmap(deps.db, roadmapId) : undefined;
  if (!stored || stored.removedAt || (stored.guildId !== null && stored.guildId !== guildId)) {
    throw new UserError({ key: "roadmaps:refusal.unknownRoadmap" });
  }
  return stored;
}

/** Which roadmap, and which version of it, this server runs as its own (`guildRoadmapVersion` is the rule). */
async function ownRoadmap(deps: Pick<Deps, "db" | "catalogue">, guildId: string): Promise<{ roadmapId: string; version: number | undefined }> {
  const own = await guildRoadmapVersion(deps.db, guildId, deps.catalogue.defaultRoadmap.id);
  return own ?? { roadmapId: deps.catalogue.defaultRoadmap.id, version: undefined };
}

/** Whether this server runs the roadmap as its own. */
async function runs(deps: Pick<Deps, "db" | "catalogue">, guildId: string, roadmapId: string): Promise<boolean> {
  return (await ownRoadmap(deps, guildId)).roadmapId === roadmapId;
}

/** How this server runs a roadmap (as its own, as another track, or not at all) and which version of it. */
async function howRuns(deps: Pick<Deps, "db" | "catalogue">, guildId: string, stored: StoredRoadmap): Promise<{ as: "own" | "track" | undefined; version: number }> {
  const own = await ownRoadmap(deps, guildId);
  const track = own.roadmapId === stored.roadmapId ? undefined : await findTrack(deps.db, guildId, stored.roadmapId);
  return {
    as: own.roadmapId === stored.roadmapId ? "own" : track ? "track" : undefined,
    version: versionRun(own, stored.roadmapId, track?.roadmap_version, stored.currentVersion),
  };
}

const NOT_RUNNING_BUNDLED: UserMessage = { key: "roadmaps:refusal.notRunningBundled" };

async function storedVersion(deps: Deps, roadmapId: string, version: number): Promise<Roadmap> {
  const roadmap = await deps.guildRoadmaps?.version(deps.db, roadmapId, version);
  if (!roadmap) throw new Error(`roadmap ${roadmapId} version ${version} is not stored`);
  return roadmap;
}

export interface UpdatePreview {
  readonly pendingId: string;
  readonly title: string;
  readonly changes: VersionChanges;
  readonly impact: MemberImpact;
  readonly members: number;
}

/**
 * A new version against the one this server runs. An upload's new version comes in the files; a
 * bundled roadmap's is the one the operator deployed (its `roadmap/` file changed), so it takes no file.
 */
export async function previewUpdate(deps: Deps, key: MemberKey, roadmapId: string, files: readonly RoadmapAttachment[]): Promise<UpdatePreview> {
  const stored = await usableRoadmap(deps, key.guildId, roadmapId);
  const running = await howRuns(deps, key.guildId, stored);
  const base = running.version;
  const current = await storedVersion(deps, stored.roadmapId, base);
  let next: RoadmapFile;
  if (stored.guildId === null) {
    if (!running.as) throw new UserError(NOT_RUNNING_BUNDLED);
    if (files.length > 0) throw new UserError({ key: "roadmaps:refusal.bundledTakesNoFiles" });
    if (stored.latestVersion <= base) throw new UserError({ key: "roadmaps:refusal.alreadyNewest" });
    next = (await storedVersion(deps, stored.roadmapId, stored.latestVersion)).document;
  } else {
    const pages = await readPages(deps, files);
    const parsed = await parse(deps, pages, current.items.map(asPrevious));
    next = { ...parsed.document, id: stored.roadmapId };
  }
  const changes = compareVersions(current, next);
  const progress = await progressByMember(deps.db, key.guildId, stored.roadmapId);
  const impact = memberImpact(current, changes.roadmap, progress);
  const pendingId = await savePending(deps, key, {
    action: "update",
    roadmapId: stored.roadmapId,
    baseVersion: base,
    document: changes.document,
    sourceFiles: stored.guildId === null ? [] : files.map((f) => f.name),
  });
  return { pendingId, title: changes.roadmap.title, changes, impact, members: progress.size };
}


export interface RemovePreview {
  readonly pendingId: string;
  readonly title: string;
  readonly running: boolean;
}

export async function previewRemove(deps: Deps, key: MemberKey, roadmapId: string): Promise<RemovePreview> {
  const stored = await usableRoadmap(deps, key.guildId, roadmapId);
  if (stored.guildId === null) throw new UserError({ key: "roadmaps:refusal.bundledNotRemovable" });
  const running = await runs(deps, key.guildId, stored.roadmapId);
  const pendingId = await savePending(deps, key, { action: "remove", roadmapId: stored.roadmapId, baseVersion: null, document: null, sourceFiles: [] });
  return { pendingId, title: stored.title, running };
}

export type Confirmed =
  | { readonly action: "upload"; readonly title: string }
  | { readonly action: "update"; readonly title: string; readonly version: number; readonly members: number }
  | { readonly action: "remove"; readonly title: string; readonly fellBack: boolean };

const GONE: UserMessage = { key: "roadmaps:refusal.gone" };
const CHANGED: UserMessage = { key: "roadmaps:refusal.changed" };

/** Only the organiser who made a preview may confirm or cancel it. */
async function refuseOthers(deps: Pick<Deps, "db">, key: MemberKey, pendingId: string): Promise<void> {
  const owner = await pendingUploadOwner(deps.db, pendingId, key.guildId);
  if (owner !== undefined && owner !== key.userId) throw new UserError({ key: "roadmaps:refusal.notOwner" });
}

/** Applies a preview in one transaction: a Confirm pressed twice, on any replica, applies it once. */
export async function confirmPending(deps: Deps, key: MemberKey, pendingId: string): Promise<Confirmed> {
  await refuseOthers(deps, key, pendingId);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const pending = await takePendingUpload(trx, key, pendingId, now);
    if (!pending) throw new UserError(GONE);
    const trxDeps = { ...deps, db: trx };
    if (pending.action === "upload") {
      await refuseWhenFull(trxDeps, key.guildId);
      const roadmap = buildRoadmap(pending.document as RoadmapFile);
      await insertRoadmap(trx, { roadmapId: roadmap.id, guildId: key.guildId, title: roadmap.title }, {
        roadmapId: roadmap.id,
        version: 1,
        document: roadmap.document,
        documentHash: documentHash(roadmap.document),
        language: roadmap.document.language ?? null,
        sourceFiles: pending.sourceFiles,
        createdBy: key.userId,
      });
      return { action: "upload", title: roadmap.title };
    }
    const stored = await usableRoadmap(trxDeps, key.guildId, pending.roadmapId!);
    if (pending.action === "remove") {
      // Asked before it is removed: a removed roadmap is no server's own any more.
      const fellBack = await runs(trxDeps, key.guildId, stored.roadmapId);
      await markRoadmapRemoved(trx, key.guildId, stored.roadmapId, now);
      // Its track stops with it: no more weekly posts for a roadmap the server no longer offers.
      await deleteTrack(trx, key.guildId, stored.roadmapId);
      if (fellBack) await setGuildRoadmapVersion(trx, key.guildId, deps.catalogue.defaultRoadmap.id, null);
      return { action: "remove", title: stored.title, fellBack };
    }
    const running = await howRuns(trxDeps, key.guildId, stored);
    if (running.version !== pending.baseVersion) throw new UserError(CHANGED);
    if (stored.guildId === null && !running.as) throw new UserError(NOT_RUNNING_BUNDLED);
    const document = pending.document as RoadmapFile;
    const roadmap = buildRoadmap(document);
    const version = await storeVersion(trx, key, stored, pending, document, running.as === "track");
    if (version === undefined) throw new UserError(CHANGED);
    const members = await moveMembersToVersion(trx, deps, key.guildId, roadmap);
    return { action: "update", title: roadmap.title, version, members };
  });
}

/**
 * An upload's new version becomes its current one; a bundled roadmap's deployed version becomes
 * the one this server runs: as its own roadmap, or (`asTrack`) as that track.
 */
async function storeVersion(
  trx: Transaction<Database>,
  key: MemberKey,
  stored: StoredRoadmap,
  pending: PendingUpload,
  document: RoadmapFile,
  asTrack: boolean,
): Promise<number | undefined> {
  const latest = await latestVersionHash(trx, stored.roadmapId);
  if (!latest) return undefined;
  if (stored.guildId === null) {
    if (latest.hash !== documentHash(document)) return undefined;
    if (asTrack) await setTrackVersion(trx, key.guildId, stored.roadmapId, latest.version);
    else await setGuildRoadmapVersion(trx, key.guildId, stored.roadmapId, latest.version);
    return latest.version;
  }
  const version = latest.version + 1;
  if (!(await advanceCurrentVersion(trx, stored.roadmapId, pending.baseVersion!, version, document.title))) return undefined;
  await insertVersion(trx, { roadmapId: stored.roadmapId, version, document, documentHash: documentHash(document), language: document.language ?? null, sourceFiles: pending.sourceFiles, createdBy: key.userId });
  return version;
}

export async function cancelPending(deps: Deps, key: MemberKey, pendingId: string): Promise<void> {
  await refuseOthers(deps, key, pendingId);
  await deps.db.transaction().execute((trx) => takePendingUpload(trx, key, pendingId, deps.clock.now()));
}
