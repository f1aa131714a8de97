import { Worker } from "node:worker_threads";
import type { PreviousItem } from "../catalogue/import-markdown.ts";
import { UserError, type UserMessage } from "../errors.ts";
import type { ParsedUpload, UploadedPage } from "./parse-upload.ts";
import type { ParseJob, ParseOutcome } from "./parse-worker.ts";

export type UploadParser = (pages: readonly UploadedPage[], previous?: readonly PreviousItem[]) => Promise<ParsedUpload>;

const TOO_SLOW: UserMessage = { key: "roadmaps:upload.tooSlow" };
const TOO_BIG: UserMessage = { key: "roadmaps:upload.tooBig" };

/**
 * Reads uploaded roadmaps on a worker thread of their own, one per upload (organisers upload
 * rarely; members' imports keep their own reader): a file built to take long or use much memory
 * stops its worker, never the bot. The worker gets the loader's time too (tsx takes about a second).
 */
export function createUploadParser(timeLimitMs = 30_000): UploadParser {
  return (pages, previous) =>
    new Promise<ParsedUpload>((resolve, reject) => {
      const worker = new Worker(workerEntryScript(), {
        eval: true,
        workerData: { pages, previous } satisfies ParseJob,
        resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
      });
      let settled = false;
      const finish = (work: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        void worker.terminate();
        work();
      };
      const timer = setTimeout(() => finish(() => reject(new UserError(TOO_SLOW))), timeLimitMs);
      worker.on("message", (outcome: ParseOutcome) =>
        finish(() => ("result" in outcome ? resolve(outcome.result) : reject(new Error(`roadmap upload parser failed: ${outcome.failure}`)))),
      );
      worker.on("error", (error: Error & { code?: string }) =>
        finish(() => reject(error.code === "ERR_WORKER_OUT_OF_MEMORY" ? new UserError(TOO_BIG) : error)),
      );
      worker.on("exit", (code) => finish(() => reject(new Error(`roadmap upload parser stopped (exit code ${code})`))));
    });
}

/** As for the import reader: the entry registers tsx, then imports the TypeScript worker. */
function workerEntryScript(): string {
  const tsxApi = import.meta.resolve("tsx/esm/api");
  const worker = new URL("./parse-worker.ts", import.meta.url).href;
  return `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(worker)}); });`;
}
