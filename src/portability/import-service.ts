import { randomBytes } from "node:crypto";
import type { CatalogueItem, Roadmap } from "../catalogue/catalogue.ts";
import type { AppContext } from "../context.ts";
import { deleteExpiredPreviews, savePreview, takePreview } from "../db/import-repository.ts";
import type { MemberKey } from "../db/progress-repository.ts";
import { truncate } from "../discord/render/text.ts";
import { UserError } from "../errors.ts";
import { applyChanges, loadSummary, type CheckResult } from "../progress/progress-service.ts";
import { downloadAttachment, tooBigMessage } from "./attachment-download.ts";
import { mergePlans, planImport, type ImportPlan } from "./formats.ts";
import type { ImportReader } from "./import-reader.ts";
import type { ImportKind } from "./read-import-file.ts";

type Deps = Pick<AppContext, "db" | "catalogue" | "clock" | "importFiles">;

export const MAX_IMPORT_BYTES = 1024 * 1024;
/** One file, or an author's pages one file each (the command's `file` to `file5`). */
export const MAX_IMPORT_FILES = 5;
const PREVIEW_LIFETIME_MS = 15 * 60_000;
const DOWNLOAD_TIMEOUT_MS = 10_000;

/** How members' files reach the bot: where they may be downloaded from, and what reads them. */
export interface ImportFiles {
  /** Discord's CDN origins, plus a stand-in Discord's own when DISCORD_API_URL points at one. */
  readonly allowedOrigins: readonly string[];
  readonly reader: ImportReader;
}

export interface ImportAttachment {
  readonly name: string;
  readonly size: number;
  readonly contentType: string | null;
  readonly url: string;
}

function kindOf(file: ImportAttachment): ImportKind {
  const extension = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  const type = file.contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (extension === "csv" || type === "text/csv") return "csv";
  if (["md", "markdown", "txt"].includes(extension ?? "") || type === "text/markdown" || type === "text/plain") return "markdown";
  throw new UserError({ key: "import:wrongKind" });
}

/** Downloads and reads the member's file off the event loop; a file that can't be read is explained to them. */
async function readFile(files: ImportFiles, file: ImportAttachment, kind: ImportKind, roadmap: Roadmap): Promise<ImportPlan> {
  const bytes = await downloadAttachment(file.url, { allowedOrigins: files.allowedOrigins, maxBytes: MAX_IMPORT_BYTES, timeoutMs: DOWNLOAD_TIMEOUT_MS });
  const read = await files.reader.read(kind, bytes);
  if (!read.ok) throw new UserError(read.problem);
  // Another roadmap's ids and titles may look like this one's: a file made for it is refused whole.
  if (read.roadmap && read.roadmap.id !== roadmap.id) {
    throw new UserError({ key: "import:otherRoadmap", values: { file: truncate(file.name, 60), named: read.roadmap.id, roadmap: truncate(roadmap.title, 100) } });
  }
  return planImport(roadmap, read.entries);
}

export interface ImportPreviewResult {
  /** Undefined when the file would change nothing: there is nothing to confirm, so nothing is stored. */
  readonly previewId: string | undefined;
  readonly plan: ImportPlan;
  readonly toCheck: readonly CatalogueItem[];
  readonly toUncheck: readonly CatalogueItem[];
  readonly alreadyDone: number;
}

/** Reads the file(s) and works out what an import would change, without changing anything yet. */
export async function previewImport(
  deps: Deps,
  key: MemberKey,
  roadmap: Roadmap,
  files: readonly ImportAttachment[],
  replace: boolean,
): Promise<ImportPreviewResult> {
  if (files.length > MAX_IMPORT_FILES) throw new UserError({ key: "import:tooManyFiles", values: { count: MAX_IMPORT_FILES } });
  if (files.some((file) => file.size > MAX_IMPORT_BYTES)) throw new UserError(tooBigMessage(MAX_IMPORT_BYTES));
  const importFiles = deps.importFiles;
  if (!importFiles) throw new Error("previewImport needs the context's importFiles (see app.ts)");
  // Every file's type is checked before anything is downloaded; the files are read one after another.
  const kinds = files.map(kindOf);
  const plans: ImportPlan[] = [];
  for (const [index, file] of files.entries()) plans.push(await readFile(importFiles, file, kinds[index]!, roadmap));
  const plan = mergePlans(plans);
  if (plan.done.length === 0 && plan.notDone.length === 0) {
    throw new UserError(plan.unknown.length > 0 ? { key: "import:noneMatch", values: { count: plan.unknown.length } } : { key: "import:noItems" });
  }
  const summary = await loadSummary(deps, key, roadmap);
  const toCheck = plan.done.filter((item) => !summary.doneIds.has(item.id));
  const wanted = new Set(plan.done.map((item) => item.id));
  const toUncheck = replace ? roadmap.items.filter((item) => summary.doneIds.has(item.id) && !wanted.has(item.id)) : [];
  const alreadyDone = plan.done.length - toCheck.length;
  if (toCheck.length === 0 && toUncheck.length === 0) return { previewId: undefined, plan, toCheck, toUncheck, alreadyDone };
  const now = deps.clock.now();
  await deleteExpiredPreviews(deps.db, now);
  const previewId = randomBytes(9).toString("base64url");
  await savePreview(deps.db, key, {
    previewId,
    roadmapId: roadmap.id,
    checkIds: toCheck.map((item) => item.id),
    uncheckIds: toUncheck.map((item) => item.id),
    expiresAt: new Date(now.getTime() + PREVIEW_LIFETIME_MS),
  });
  return { previewId, plan, toCheck, toUncheck, alreadyDone };
}

/**
 * Applies a previewed import once, to the track it was previewed for; a second Confirm, one after
 * 15 minutes, or one after that track stopped, changes nothing.
 */
export async function confirmImport(
  deps: Deps,
  key: MemberKey,
  trackOf: (roadmapId: string) => Promise<Roadmap>,
  previewId: string,
): Promise<CheckResult & { checked: number; unchecked: number; roadmap: Roadmap }> {
  const preview = await deps.db.transaction().execute((trx) => takePreview(trx, key, previewId));
  if (!preview || preview.expiresAt < deps.clock.now()) throw new UserError({ key: "import:expired" });
  const roadmap = await trackOf(preview.roadmapId);
  const resolve = (ids: readonly string[]) => ids.map((id) => roadmap.item(id)).filter((item) => item !== undefined);
  const result = await applyChanges(deps, key, roadmap, { check: resolve(preview.checkIds), uncheck: resolve(preview.uncheckIds), note: "imported" });
  return { ...result, roadmap };
}
