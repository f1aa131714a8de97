import { parentPort, workerData } from "node:worker_threads";
import type { PreviousItem } from "../catalogue/import-markdown.ts";
import { parseUpload, type ParsedUpload, type UploadedPage } from "./parse-upload.ts";

export interface ParseJob {
  readonly pages: readonly UploadedPage[];
  readonly previous: readonly PreviousItem[] | undefined;
}

export type ParseOutcome = { readonly result: ParsedUpload } | { readonly failure: string };

const port = parentPort;
if (!port) throw new Error("parse-worker.ts runs only as a worker thread (see upload-parser.ts)");
const job = workerData as ParseJob;
try {
  port.postMessage({ result: parseUpload(job.pages, job.previous) } satisfies ParseOutcome);
} catch (error) {
  port.postMessage({ failure: error instanceof Error ? error.message : String(error) } satisfies ParseOutcome);
}
