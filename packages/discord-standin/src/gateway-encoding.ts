import { constants, createDeflate, deflateSync, type Deflate } from "node:zlib";

/** Turns gateway payloads into WebSocket frames in whatever way the client asked for. */
export interface PayloadEncoder {
  encode(json: string): Promise<string | Buffer>;
  close(): void;
}

export const plainJson: PayloadEncoder = {
  encode: (json) => Promise.resolve(json),
  close: () => undefined,
};

/** `IDENTIFY { compress: true }`: each payload is its own zlib stream, sent as a binary frame. */
export const perMessageDeflate: PayloadEncoder = {
  encode: (json) => Promise.resolve(deflateSync(json)),
  close: () => undefined,
};

/**
 * `?compress=zlib-stream`: one zlib context for the whole connection; each payload is flushed with
 * Z_SYNC_FLUSH so it ends in 00 00 ff ff, which is how clients know a message is complete.
 */
export class ZlibStreamEncoder implements PayloadEncoder {
  readonly #deflate: Deflate = createDeflate();
  #chunks: Buffer[] = [];
  #queue: Promise<unknown> = Promise.resolve();

  constructor() {
    this.#deflate.on("data", (chunk: Buffer) => this.#chunks.push(chunk));
  }

  encode(json: string): Promise<Buffer> {
    const encoded = this.#queue.then(
      () =>
        new Promise<Buffer>((resolve) => {
          this.#deflate.write(json);
          this.#deflate.flush(constants.Z_SYNC_FLUSH, () => {
            const frame = Buffer.concat(this.#chunks);
            this.#chunks = [];
            resolve(frame);
          });
        }),
    );
    this.#queue = encoded;
    return encoded;
  }

  close(): void {
    this.#deflate.close();
  }
}
