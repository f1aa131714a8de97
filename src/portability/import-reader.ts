import { Worker, type ResourceLimits } from "node:worker_threads";
import { UserError, type UserMessage } from "../errors.ts";
import type { ImportRequest, ImportResponse } from "./import-worker.ts";
import type { ImportKind, ReadResult } from "./read-import-file.ts";

/** Reads members' uploaded files off the event loop, one at a time, each within a time limit. */
export interface ImportReader {
  read(kind: ImportKind, bytes: Uint8Array): Promise<ReadResult>;
  /** Files waiting or being read. */
  readonly backlog: number;
  close(): Promise<void>;
}

export interface ImportReaderOptions {
  /** How long one file may take to read before the worker is stopped (default 10 s). */
  readonly timeLimitMs?: number;
  /** Files that may wait; more are refused until the queue drains (default 16). */
  readonly maxWaiting?: number;
  readonly resourceLimits?: ResourceLimits;
}

/** The member's refusals when a file cannot be read in time, in memory, or now (`locales/<language>/import.json`). */
const TOO_SLOW: UserMessage = { key: "import:read.tooSlow" };
const TOO_BIG: UserMessage = { key: "import:read.tooBig" };
const BUSY: UserMessage = { key: "import:read.busy" };
/** The too-slow refusal in English, as `UserError.message` has it. */
export const TOO_SLOW_MESSAGE = new UserError(TOO_SLOW).message;

/** A 1 MB file needs a few tens of MB to read; the cap stops a file built to need far more. */
/** Loading tsx and the parsers takes about a second; a worker that takes far longer is stuck. */
const STARTUP_LIMIT_MS = 30_000;
const DEFAULT_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 192, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 };

interface Job {
  readonly id: number;
  readonly kind: ImportKind;
  readonly bytes: Uint8Array;
  resolve(result: ReadResult): void;
  reject(error: Error): void;
}

interface Running {
  readonly worker: Worker;
  ready: boolean;
}

/**
 * One worker thread, started on the first file. A file that runs past the time limit or the
 * memory limit gets the worker terminated (the member is told why) and the next file gets a fresh
 * one, so no upload can hold the parser, or the bot, for long.
 */
export function createImportReader(options: ImportReaderOptions = {}): ImportReader {
  const timeLimitMs = options.timeLimitMs ?? 10_000;
  const maxWaiting = options.maxWaiting ?? 16;
  const waiting: Job[] = [];
  let current: { job: Job; timer: NodeJS.Timeout } | undefined;
  let running: Running | undefined;
  let nextId = 1;
  let closed = false;

  function start(): Running {
    const worker = new Worker(workerEntryScript(), { eval: true, resourceLimits: options.resourceLimits ?? DEFAULT_LIMITS });
    const started: Running = { worker, ready: false };
    worker.on("message", (response: ImportResponse) => {
      if ("ready" in response) {
        started.ready = true;
        pump();
        return;
      }
      if (!current || current.job.id !== response.id) return;
      const { job } = finishCurrent();
      if ("result" in response) job.resolve(response.result);
      else job.reject(new Error(`Could not read the uploaded file: ${response.failure}`));
      pump();
    });
    // A worker stopped for overrunning is no longer `running`: its exit must not fail the next file.
    worker.on("error", (error: Error & { code?: string }) => {
      if (running !== started) return;
      stopped(started, error.code === "ERR_WORKER_OUT_OF_MEMORY" ? new UserError(TOO_BIG) : error);
    });
    worker.on("exit", (code) => {
      if (running !== started) return;
      stopped(started, new Error(`The import worker stopped (exit code ${code})`));
    });
    const startup = setTimeout(() => {
      if (started.ready || running !== started) return;
      stopped(started, new Error(`The import worker did not start within ${STARTUP_LIMIT_MS} ms`));
      void worker.terminate();
    }, STARTUP_LIMIT_MS);
    startup.unref();
    worker.unref();
    return started;
  }

  function stopped(worker: Running, error: Error): void {
    running = undefined;
    if (current) {
      failCurrent(error);
      return;
    }
    // It died before it could read anything: starting another would likely die the same way.
    if (!worker.ready) for (const job of waiting.splice(0)) job.reject(error);
  }

  function finishCurrent(): { job: Job } {
    const finished = current!;
    current = undefined;
    clearTimeout(finished.timer);
    return finished;
  }

  function failCurrent(error: Error): void {
    if (!current) return;
    finishCurrent().job.reject(error);
    if (!closed) pump();
  }

  function overrun(): void {
    const stopping = running;
    running = undefined;
    failCurrent(new UserError(TOO_SLOW));
    void stopping?.worker.terminate();
  }

  function pump(): void {
    if (current || closed) return;
    const job = waiting.shift();
    if (!job) {
      running?.worker.unref();
      return;
    }
    running ??= start();
    running.worker.ref();
    if (!running.ready) {
      waiting.unshift(job);
      return;
    }
    current = { job, timer: setTimeout(overrun, timeLimitMs) };
    // A copy with its own ArrayBuffer: a Buffer may share one with others (Node's pool), which must not be transferred away.
    const copy = new Uint8Array(job.bytes);
    running.worker.postMessage({ id: job.id, kind: job.kind, bytes: copy } satisfies ImportRequest, [copy.buffer]);
  }

  return {
    read(kind, bytes) {
      if (closed) return Promise.reject(new Error("The import reader is closed"));
      if (waiting.length >= maxWaiting) return Promise.reject(new UserError(BUSY));
      return new Promise<ReadResult>((resolve, reject) => {
        waiting.push({ id: nextId++, kind, bytes, resolve, reject });
        pump();
      });
    },
    get backlog() {
      return waiting.length + (current ? 1 : 0);
    },
    async close() {
      closed = true;
      const error = new Error("The import reader is closed");
      for (const job of waiting.splice(0)) job.reject(error);
      failCurrent(error);
      const stopping = running;
      running = undefined;
      if (stopping) await stopping.worker.terminate();
    },
  };
}

/** As for the picture worker (render-pool.ts): the entry registers tsx, then imports the TypeScript worker. */
function workerEntryScript(): string {
  const tsxApi = import.meta.resolve("tsx/esm/api");
  const worker = new URL("./import-worker.ts", import.meta.url).href;
  return `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(worker)}); });`;
}
