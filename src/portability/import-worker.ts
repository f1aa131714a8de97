import { parentPort } from "node:worker_threads";
import { readImportFile, type ImportKind, type ReadResult } from "./read-import-file.ts";

export interface ImportRequest {
  readonly id: number;
  readonly kind: ImportKind;
  readonly bytes: Uint8Array;
}

export type ImportResponse =
  | { readonly ready: true }
  | { readonly id: number; readonly result: ReadResult }
  | { readonly id: number; readonly failure: string };

const port = parentPort;
if (!port) throw new Error("import-worker.ts runs only as a worker thread (see import-reader.ts)");

port.on("message", (request: ImportRequest) => {
  try {
    port.postMessage({ id: request.id, result: readImportFile(request.kind, request.bytes) } satisfies ImportResponse);
  } catch (error) {
    port.postMessage({ id: request.id, failure: error instanceof Error ? error.message : String(error) } satisfies ImportResponse);
  }
});

// Loading the parsers takes a while under tsx: the reader starts a job's clock only after this.
port.postMessage({ ready: true } satisfies ImportResponse);
