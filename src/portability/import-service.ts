import { randomBytes } from "node:crypto";
import type { CatalogueItem, Roadmap } from "../catalogue/catalogue.ts";
import type { AppContext } from "../context.ts";
import { deleteExpiredPreviews, savePreview, takePreview } from "../db/import-repository.ts";
import type { MemberKey } from "../db/progress-repository.ts";
import { UserError } from "../errors.ts";
import { applyChanges, loadSummary, type CheckResult } from "../progress/progress-service.ts";
import { parseCsvImport, parseMarkdownImport, type ImportPlan } from "./formats.ts";

type Deps = Pick<AppContext, "db" | "catalogue" | "clock">;

export const MAX_IMPORT_BYTES = 1024 * 1024;
const PREVIEW_LIFETIME_MS = 15 * 60_000;
const DOWNLOAD_TIMEOUT_MS = 10_000;

export interface ImportAttachment {
  readonly name: string;
  readonly size: number;
  readonly contentType: string | null;
  readonly url: string;
}

type FileKind = "markdown" | "csv";

function kindOf(file: ImportAttachment): FileKind {
  const extension = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  const type = file.contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (extension === "csv" || type === "text/csv") return "csv";
  if (["md", "markdown", "txt"].includes(extension ?? "") || type === "text/markdown" || type === "text/plain") return "markdown";
  throw new UserError("I can import a Markdown checklist (.md) or a CSV file (.csv), like the ones `/roadmap export` makes.");
}

/** Downloads an attachment, refusing anything over the size limit even if Discord's size was wrong. */
async function download(file: ImportAttachment): Promise<string> {
  let response: Response;
  try {
    response = await fetch(file.url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch {
    throw new UserError("I couldn't download that file from Discord. Please try again in a moment.");
  }
  if (!response.ok || !response.body) throw new UserError("I couldn't download that file from Discord. Please try again in a moment.");
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    if (total > MAX_IMPORT_BYTES) throw new UserError("That file is over 1 MB; a checklist export is far smaller. Please attach the exported file.");
    chunks.push(chunk);
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
  if (text.includes("\u0000")) throw new UserError("That file doesn't look like text. Please attach a Markdown or CSV export.");
  return text;
}

export interface ImportPreviewResult {
  readonly previewId: string;
  readonly plan: ImportPlan;
  readonly toCheck: readonly CatalogueItem[];
  readonly toUncheck: readonly CatalogueItem[];
  readonly alreadyDone: number;
}

/** Reads the file and works out what an import would change, without changing anything yet. */
export async function previewImport(
  deps: Deps,
  key: MemberKey,
  roadmap: Roadmap,
  file: ImportAttachment,
  replace: boolean,
): Promise<ImportPreviewResult> {
  if (file.size > MAX_IMPORT_BYTES) {
    throw new UserError("That file is over 1 MB; a checklist export is far smaller. Please attach the exported file.");
  }
  const kind = kindOf(file);
  const text = await download(file);
  const plan = kind === "csv" ? parseCsvImport(roadmap, text) : parseMarkdownImport(roadmap, text);
  if (plan.done.length === 0 && plan.notDone.length === 0) {
    throw new UserError(
      plan.unknown.length > 0
        ? `None of the ${plan.unknown.length} item lines in that file match this roadmap's items.`
        : "I found no checklist items in that file (lines like `- [x] Item title`, or a CSV with an item_id column).",
    );
  }
  const summary = await loadSummary(deps, key, roadmap);
  const toCheck = plan.done.filter((item) => !summary.doneIds.has(item.id));
  const wanted = new Set(plan.done.map((item) => item.id));
  const toUncheck = replace ? roadmap.items.filter((item) => summary.doneIds.has(item.id) && !wanted.has(item.id)) : [];
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
  return { previewId, plan, toCheck, toUncheck, alreadyDone: plan.done.length - toCheck.length };
}

/** Applies a previewed import once; a second Confirm, or one after 15 minutes, changes nothing. */
export async function confirmImport(
  deps: Deps,
  key: MemberKey,
  roadmap: Roadmap,
  previewId: string,
): Promise<CheckResult & { checked: number; unchecked: number }> {
  const preview = await deps.db.transaction().execute((trx) => takePreview(trx, key, previewId));
  if (!preview || preview.expiresAt < deps.clock.now() || preview.roadmapId !== roadmap.id) {
    throw new UserError("This import preview has expired or was already used. Run `/roadmap import` again.");
  }
  const resolve = (ids: readonly string[]) => ids.map((id) => roadmap.item(id)).filter((item) => item !== undefined);
  return applyChanges(deps, key, roadmap, { check: resolve(preview.checkIds), uncheck: resolve(preview.uncheckIds), note: "imported" });
}
