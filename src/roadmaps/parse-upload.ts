import { parseDocument, type ErrorCode } from "yaml";
import { ImportError, importMarkdown, type ImportReport, type PreviousItem } from "../catalogue/import-markdown.ts";
import { validateRoadmapData, type CatalogueProblem } from "../catalogue/validate.ts";
import type { RoadmapFile } from "../catalogue/schema.ts";
import type { UserMessage } from "../errors.ts";
import type { MessageKey } from "../i18n/message-keys.ts";

/** More items than any real roadmap has (the author's biggest is 1,518): past it, a file is not one. */
const MAX_ROADMAP_ITEMS = 2_000;

export interface UploadedPage {
  readonly name: string;
  readonly text: string;
}

export type ParsedUpload =
  | { readonly ok: true; readonly document: RoadmapFile; readonly report: ImportReport | undefined }
  | { readonly ok: false; readonly problem: UserMessage }
  /** The schema's problems, as data the organiser's language words: the caller shows the first ones. */
  | { readonly ok: false; readonly invalid: readonly CatalogueProblem[] };

type Format = "yaml" | "markdown";

export function formatOf(name: string): Format | undefined {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (extension === "yaml" || extension === "yml") return "yaml";
  if (extension === "md" || extension === "markdown") return "markdown";
  return undefined;
}

const refuse = (problem: UserMessage): ParsedUpload => ({ ok: false, problem });

/**
 * Reads an organiser's files into a validated roadmap document: one roadmap YAML file, or Markdown
 * pages (a hub and its pages, or one long page) through the importer. Pure and synchronous: it
 * runs on a worker thread (parse-worker.ts), which has no translator: a refusal is a message key
 * and its values, shown in the organiser's language, and so are the importer's report and the schema's
 * problems (zod's own issues as data, worded by zod's locale). Every refusal says what to change
 * (a YAML syntax error too: its line, column and the reader's error code in words).
 */
export function parseUpload(pages: readonly UploadedPage[], previous?: readonly PreviousItem[]): ParsedUpload {
  const formats = pages.map((page) => formatOf(page.name));
  if (formats.some((format) => format === undefined)) {
    return refuse({ key: "roadmaps:upload.wrongFormat" });
  }
  if (formats.includes("yaml")) {
    if (pages.length > 1) return refuse({ key: "roadmaps:upload.yamlAlone" });
    return checked(readYaml(pages[0]!), undefined);
  }
  let imported;
  try {
    imported = importMarkdown(pages, previous ? { previous } : {});
  } catch (error) {
    if (error instanceof ImportError) return refuse({ key: "roadmaps:upload.unreadablePages", values: { detail: error.says } });
    throw error;
  }
  if (imported.report.coverage.items === 0) {
    return refuse({ key: "roadmaps:upload.noTaskItems" });
  }
  return checked(imported.roadmap, imported.report);
}

/** The YAML library's error codes the bot words itself, in the organiser's language; any other reads as "not valid YAML". */
const YAML_REASONS: Partial<Record<ErrorCode, MessageKey>> = {
  DUPLICATE_KEY: "roadmaps:yaml.duplicateKey",
  BAD_INDENT: "roadmaps:yaml.badIndent",
  TAB_AS_INDENT: "roadmaps:yaml.tabAsIndent",
  MISSING_CHAR: "roadmaps:yaml.missingChar",
  UNEXPECTED_TOKEN: "roadmaps:yaml.unexpectedToken",
  MULTIPLE_DOCS: "roadmaps:yaml.multipleDocs",
};

function readYaml(page: UploadedPage): unknown | ParsedUpload {
  const document = parseDocument(page.text, { uniqueKeys: true });
  const error = document.errors[0];
  if (!error) return document.toJS();
  const at = error.linePos?.[0];
  return refuse({
    key: "roadmaps:upload.yamlDoesNotParse",
    values: { line: at?.line ?? 1, column: at?.col ?? 1, reason: { key: YAML_REASONS[error.code] ?? "roadmaps:yaml.invalid" } },
  });
}

function checked(value: unknown, report: ImportReport | undefined): ParsedUpload {
  if (isRefusal(value)) return value;
  const items = countItems(value);
  if (items > MAX_ROADMAP_ITEMS) return refuse({ key: "roadmaps:upload.tooManyItems", values: { count: items, max: MAX_ROADMAP_ITEMS } });
  const result = validateRoadmapData(value, "upload");
  if (!result.data) return { ok: false, invalid: result.problems };
  return { ok: true, document: result.data, report };
}

function isRefusal(value: unknown): value is ParsedUpload {
  return typeof value === "object" && value !== null && (value as { ok?: unknown }).ok === false;
}

/** Counted before validation, so a huge file is refused for its size, not for its thousandth problem. */
function countItems(value: unknown): number {
  const stages = (value as { stages?: unknown })?.stages;
  if (!Array.isArray(stages)) return 0;
  let count = 0;
  for (const stage of stages) {
    const sections = (stage as { sections?: unknown })?.sections;
    if (!Array.isArray(sections)) continue;
    for (const section of sections) {
      const items = (section as { items?: unknown })?.items;
      if (Array.isArray(items)) count += items.length;
    }
  }
  return count;
}
