import { Worker } from "node:worker_threads";
import type { GroupMapImageInput } from "./group-map.ts";
import type { LeaderboardImageInput } from "./leaderboard-image.ts";
import type { PictureJob, PictureRequest, PictureResponse } from "./picture-worker.ts";
import type { ProgressCardInput } from "./progress-card.ts";

export interface PictureRenderer {
  progressCard(input: ProgressCardInput): Promise<Buffer>;
  leaderboard(input: LeaderboardImageInput): Promise<Buffer>;
  groupMap(input: GroupMapImageInput): Promise<Buffer>;
  /** Pictures asked for and not drawn yet: callers on a deadline skip the picture when it is long. */
  readonly backlog: number;
  /** Stops the worker; pictures still being drawn are rejected. */
  close(): Promise<void>;
}

interface Pending {
  resolve(png: Buffer): void;
  reject(error: Error): void;
}

/**
 * Renders pictures on one worker thread. Drawing a picture is cheap, but registering the
 * fonts takes a few hundred milliseconds and PNG encoding tens: neither should stall the
 * gateway's heartbeats or other members' commands. One worker is enough on two cores.
 */
export function createPictureRenderer(): PictureRenderer {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let closed = false;
  let worker: Worker | undefined = startWorker();

  function startWorker(): Worker {
    const started = new Worker(workerEntryScript(), { eval: true });
    started.on("message", (response: PictureResponse) => settle(response));
    started.on("error", (error) => failAll(error));
    started.on("exit", (code) => {
      if (worker === started) worker = undefined;
      failAll(new Error(`The picture worker stopped (exit code ${code})`));
    });
    // An idle worker must not keep the process alive; a busy one must, or a reply could be lost.
    started.unref();
    return started;
  }

  function settle(response: PictureResponse): void {
    const request = pending.get(response.id);
    if (!request) return;
    pending.delete(response.id);
    if (pending.size === 0) worker?.unref();
    if (response.ok) request.resolve(Buffer.from(response.png.buffer, response.png.byteOffset, response.png.byteLength));
    else request.reject(new Error(`Could not render the picture: ${response.message}`));
  }

  function failAll(error: Error): void {
    const requests = [...pending.values()];
    pending.clear();
    for (const request of requests) request.reject(error);
  }

  function send(job: PictureJob): Promise<Buffer> {
    if (closed) return Promise.reject(new Error("The picture renderer is closed"));
    // A worker that crashed is replaced on the next request rather than leaving pictures broken for good.
    worker ??= startWorker();
    const active = worker;
    const id = nextId++;
    return new Promise<Buffer>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      active.ref();
      active.postMessage({ ...job, id } satisfies PictureRequest);
    });
  }

  return {
    progressCard: (input) => send({ kind: "progress-card", input }),
    leaderboard: (input) => send({ kind: "leaderboard", input }),
    groupMap: (input) => send({ kind: "group-map", input }),
    get backlog() {
      return pending.size;
    },
    async close() {
      closed = true;
      const stopping = worker;
      worker = undefined;
      failAll(new Error("The picture renderer is closed"));
      if (stopping) await stopping.terminate();
    },
  };
}

/**
 * The worker is TypeScript, so it loads through tsx whether or not this process did (vitest
 * does not). Node 20 loads a worker's entry file before `--import` hooks apply, so the entry
 * is a small script that registers tsx and then imports the worker.
 */
function workerEntryScript(): string {
  const tsxApi = import.meta.resolve("tsx/esm/api");
  const worker = new URL("./picture-worker.ts", import.meta.url).href;
  return `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(worker)}); });`;
}
