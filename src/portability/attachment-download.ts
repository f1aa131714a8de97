import { UserError, type UserMessage } from "../errors.ts";

/** Where Discord serves attachments from; an import downloads from nowhere else. */
export const DISCORD_ATTACHMENT_ORIGINS: readonly string[] = Object.freeze(["https://cdn.discordapp.com", "https://media.discordapp.net"]);

export interface DownloadLimits {
  /** Origins (`https://cdn.discordapp.com`) an attachment URL, and any redirect, may point at. */
  readonly allowedOrigins: readonly string[];
  readonly maxBytes: number;
  /** For the whole download, body included. */
  readonly timeoutMs: number;
}

const MAX_REDIRECTS = 3;

const NOT_DISCORD: UserMessage = { key: "import:download.notDiscord" };
const FAILED: UserMessage = { key: "import:download.failed" };
const TOO_SLOW: UserMessage = { key: "import:download.tooSlow" };

export function tooBigMessage(maxBytes: number): UserMessage {
  return { key: "import:download.tooBig", values: { megabytes: Math.round(maxBytes / (1024 * 1024)) } };
}

function allowedUrl(address: string, base: string | undefined, allowedOrigins: readonly string[]): URL | undefined {
  let url: URL;
  try {
    url = new URL(address, base);
  } catch {
    return undefined;
  }
  if (url.username || url.password) return undefined;
  return allowedOrigins.includes(url.origin) ? url : undefined;
}

/**
 * Downloads an attachment from Discord's CDN: redirects are followed only to allowed origins, the
 * size limit is enforced while the body streams in (a wrong Content-Length cannot get past it), and
 * the whole download has one deadline.
 */
export async function downloadAttachment(address: string, limits: DownloadLimits): Promise<Uint8Array> {
  let url = allowedUrl(address, undefined, limits.allowedOrigins);
  if (!url) throw new UserError(NOT_DISCORD);
  const deadline = AbortSignal.timeout(limits.timeoutMs);
  try {
    for (let hop = 0; ; hop++) {
      const response = await fetch(url, { redirect: "manual", signal: deadline });
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel();
        const next = allowedUrl(response.headers.get("location") ?? "", url.href, limits.allowedOrigins);
        if (!next || hop >= MAX_REDIRECTS) throw new UserError(NOT_DISCORD);
        url = next;
        continue;
      }
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        throw new UserError(FAILED);
      }
      return await readLimited(response, limits.maxBytes);
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    if (deadline.aborted) throw new UserError(TOO_SLOW);
    throw new UserError(FAILED);
  }
}

async function readLimited(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length") ?? "NaN");
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new UserError(tooBigMessage(maxBytes));
  }
  const reader = response.body!.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new UserError(tooBigMessage(maxBytes));
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}
