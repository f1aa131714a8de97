import type { IncomingMessage, ServerResponse } from "node:http";
import type { RestResponse } from "./failures.ts";
import type { UploadedFile } from "./messages.ts";

export interface ParsedBody {
  /** The JSON body, or the parsed `payload_json` of a multipart body; undefined when there is none. */
  json: unknown;
  files: UploadedFile[];
}

export class BodyParseError extends Error {}

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyParseError("The request body contains invalid JSON.");
  }
}

/** JSON, or multipart/form-data with `payload_json` and `files[n]` parts (what discord.js sends with files). */
export async function parseBody(raw: Buffer, contentType: string | undefined): Promise<ParsedBody> {
  if (raw.length === 0) return { json: undefined, files: [] };
  if (contentType?.startsWith("multipart/form-data")) {
    // The fetch API's multipart parser (undici, built into Node) does the boundary work.
    const form = await new Response(raw, { headers: { "content-type": contentType } }).formData();
    const files: UploadedFile[] = [];
    let json: unknown;
    for (const [field, value] of form.entries()) {
      if (typeof value === "string") {
        if (field === "payload_json") json = parseJson(value);
      } else {
        files.push({ field, filename: value.name, contentType: value.type || "application/octet-stream", data: Buffer.from(await value.arrayBuffer()) });
      }
    }
    return { json, files };
  }
  return { json: parseJson(raw.toString("utf8")), files: [] };
}

export function writeResponse(response: ServerResponse, result: RestResponse): void {
  const headers: Record<string, string> = { ...result.headers };
  if (result.body === undefined) {
    response.writeHead(result.status, headers).end();
    return;
  }
  if (Buffer.isBuffer(result.body)) {
    response.writeHead(result.status, headers).end(result.body);
    return;
  }
  headers["content-type"] = "application/json";
  response.writeHead(result.status, headers).end(JSON.stringify(result.body));
}
