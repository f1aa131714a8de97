import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import path from "node:path";
import type { Logger } from "pino";
import { CommandTextError } from "./command-text.ts";
import { pageBundle } from "./page-bundle.ts";
import type { PickedFile } from "./option-values.ts";
import type { SandboxSession } from "./session.ts";

/**
 * The sandbox page and its JSON API, on 127.0.0.1 only:
 *   GET  /api/state                       guild, channels, members, the bot's clock, next weekly slot
 *   GET  /api/members                     who you can be
 *   GET  /api/messages?channel=ID&viewer=ID   a channel's messages as that member sees them (channel=dm: their DMs)
 *   POST /api/command      {memberId, text, files?}  runs typed text (files: option -> {name, type, base64 data}); answers with the bot's reply
 *   POST /api/autocomplete {memberId, text}          suggestions for the text typed so far
 *   POST /api/button       {memberId, messageId, customId}
 *   POST /api/locale       {memberId, locale}        sets that member's Discord language (their interactions' locale)
 *   POST /api/server-locale {locale}                 sets the server's Discord language (guild_locale)
 *   POST /api/skip-week                              moves the clock past the next weekly slot
 *   GET  /api/files/:attachmentId                    the bytes the bot uploaded
 *   GET  /api/events                                 server-sent events: "change" when anything did
 */

const PUBLIC_DIR = path.resolve(import.meta.dirname, "public");
const STATIC_FILES: Record<string, string> = {
  "/": "index.html",
  "/index.html": "index.html",
  "/style.css": "style.css",
};
const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};
const MAX_BODY_BYTES = 64 * 1024;
/** A command may carry files: Discord's 10 MB attachment limit, base64-encoded, and some room. */
const MAX_COMMAND_BODY_BYTES = 14 * 1024 * 1024;

/**
 * The page's text font comes from the package the pictures use, so it looks the same offline and
 * everywhere. Emoji are left to the system: browsers draw their own emoji font reliably, while
 * some Chromium builds draw none of the packaged colour font's glyphs.
 */
const FONT_PACKAGES: Record<string, string> = { "noto-sans": "@fontsource/noto-sans" };
const FONT_PATH = /^\/fonts\/(noto-sans)\/((?:[1-9]00|index)\.css|files\/[a-z0-9-]+\.woff2?)$/;
const FONT_TYPES: Record<string, string> = { ".css": "text/css; charset=utf-8", ".woff2": "font/woff2", ".woff": "font/woff" };

function fontFile(pathname: string): { file: string; contentType: string } | undefined {
  const match = FONT_PATH.exec(pathname);
  if (!match) return undefined;
  const packageDir = path.dirname(createRequire(import.meta.url).resolve(`${FONT_PACKAGES[match[1]!]!}/package.json`));
  return { file: path.join(packageDir, match[2]!), contentType: FONT_TYPES[path.extname(match[2]!)]! };
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Record<string, unknown>> {
  // A JSON content type keeps other web pages from posting here: browsers preflight it cross-origin.
  if (!request.headers["content-type"]?.startsWith("application/json")) throw new HttpError(415, "Send JSON (content-type: application/json).");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new HttpError(413, "That request is too large.");
    chunks.push(chunk as Buffer);
  }
  try {
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw new Error("not an object");
    return body as Record<string, unknown>;
  } catch {
    throw new HttpError(400, "The request body is not a JSON object.");
  }
}

/** `files`: option name -> { name, type, data (base64) }, the files picked for attachment options. */
function pickedFiles(body: Record<string, unknown>): Map<string, PickedFile> {
  const files = new Map<string, PickedFile>();
  const given = body.files ?? {};
  if (typeof given !== "object" || given === null || Array.isArray(given)) throw new HttpError(400, `"files" must be an object.`);
  for (const [option, file] of Object.entries(given as Record<string, unknown>)) {
    const { name, type, data } = (file ?? {}) as Record<string, unknown>;
    if (typeof name !== "string" || typeof data !== "string" || (type !== undefined && typeof type !== "string")) {
      throw new HttpError(400, `"files.${option}" must be { name, type, data } with the data in base64.`);
    }
    files.set(option, { name, data: Buffer.from(data, "base64"), ...(type && { contentType: type }) });
  }
  return files;
}

function text(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== "string") throw new HttpError(400, `"${field}" must be a string.`);
  return value;
}

/** Only the addresses the sandbox listens on: a page on another site cannot reach it by DNS tricks. */
function hostAllowed(request: IncomingMessage): boolean {
  const host = request.headers.host?.replace(/:\d+$/, "");
  return host === "127.0.0.1" || host === "localhost";
}

export interface SandboxHttp {
  readonly server: Server;
  /** Tells every open page that something changed. */
  notify(): void;
  close(): Promise<void>;
}

/** `session()` is undefined while the sandbox is still starting: the port is taken first, before seeding. */
export function createSandboxHttp(currentSession: () => SandboxSession | undefined, logger: Logger): SandboxHttp {
  const listeners = new Set<ServerResponse>();
  let version = 0;
  let pending: NodeJS.Timeout | undefined;

  const notify = (): void => {
    // Many changes come at once (an edit, a gateway event, a delivery): one event for all of them.
    pending ??= setTimeout(() => {
      pending = undefined;
      version += 1;
      for (const listener of listeners) listener.write(`event: change\ndata: ${JSON.stringify({ version })}\n\n`);
    }, 50);
  };

  const api = async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    const route = `${request.method ?? "GET"} ${url.pathname}`;
    const session = currentSession();
    if (!session) throw new HttpError(503, "The sandbox is still starting; try again in a few seconds.");
    if (route === "GET /api/state") return sendJson(response, 200, await session.state());
    if (route === "GET /api/members") return sendJson(response, 200, { members: session.members() });
    if (route === "GET /api/messages") {
      const viewer = url.searchParams.get("viewer") ?? undefined;
      return sendJson(response, 200, { messages: session.messages(url.searchParams.get("channel") ?? "", viewer) });
    }
    if (route === "POST /api/command") {
      const body = await readJson(request, MAX_COMMAND_BODY_BYTES);
      return sendJson(response, 200, { reply: await session.command(text(body, "memberId"), text(body, "text"), pickedFiles(body)) });
    }
    if (route === "POST /api/autocomplete") {
      const body = await readJson(request);
      return sendJson(response, 200, await session.autocomplete(text(body, "memberId"), text(body, "text")));
    }
    if (route === "POST /api/button") {
      const body = await readJson(request);
      await session.pressButton(text(body, "memberId"), text(body, "messageId"), text(body, "customId"));
      return sendJson(response, 200, { ok: true });
    }
    if (route === "POST /api/locale") {
      const body = await readJson(request);
      session.setMemberLocale(text(body, "memberId"), text(body, "locale"));
      notify();
      return sendJson(response, 200, { ok: true });
    }
    if (route === "POST /api/server-locale") {
      const body = await readJson(request);
      session.setServerLocale(text(body, "locale"));
      notify();
      return sendJson(response, 200, { ok: true });
    }
    if (route === "POST /api/skip-week") {
      await readJson(request);
      return sendJson(response, 200, await session.skipToNextWeeklyPost());
    }
    if (route === "GET /api/events") {
      response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
      response.write(`event: change\ndata: ${JSON.stringify({ version })}\n\n`);
      listeners.add(response);
      request.on("close", () => listeners.delete(response));
      return;
    }
    const file = /^GET \/api\/files\/(\d+)$/.exec(route);
    if (file) {
      const found = session.fileOf(file[1]!);
      if (!found) throw new HttpError(404, "No such file.");
      response.writeHead(200, { "content-type": found.contentType, "cache-control": "private, max-age=3600", "x-content-type-options": "nosniff" });
      response.end(found.data);
      return;
    }
    throw new HttpError(404, `No such API: ${route}`);
  };

  const script = pageBundle();
  const serveStatic = async (response: ServerResponse, pathname: string): Promise<void> => {
    const font = fontFile(pathname);
    if (font) {
      response.writeHead(200, { "content-type": font.contentType, "cache-control": "max-age=86400", "x-content-type-options": "nosniff" });
      response.end(await readFile(font.file));
      return;
    }
    const name = pathname === "/app.js" ? "app.js" : STATIC_FILES[pathname];
    if (!name) throw new HttpError(404, "Not found.");
    const body = name === "app.js" ? await script() : await readFile(path.join(PUBLIC_DIR, name));
    response.writeHead(200, {
      "content-type": CONTENT_TYPES[path.extname(name)] ?? "application/octet-stream",
      "cache-control": "no-store",
      "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; font-src 'self'; script-src 'self'; connect-src 'self'",
      "x-content-type-options": "nosniff",
    });
    response.end(body);
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://sandbox");
    const handle = async (): Promise<void> => {
      if (!hostAllowed(request)) throw new HttpError(403, "The sandbox answers on 127.0.0.1 and localhost only.");
      if (url.pathname.startsWith("/api/")) return api(request, response, url);
      return serveStatic(response, url.pathname);
    };
    handle().catch((error: unknown) => {
      if (response.headersSent) return response.end();
      if (error instanceof HttpError) return sendJson(response, error.status, { error: error.message });
      if (error instanceof CommandTextError) return sendJson(response, 400, { error: error.message });
      logger.error({ err: error, path: url.pathname }, "sandbox request failed");
      return sendJson(response, 500, { error: error instanceof Error ? error.message : "Something went wrong in the sandbox." });
    });
  });

  return {
    server,
    notify,
    async close() {
      clearTimeout(pending);
      for (const listener of listeners) listener.end();
      listeners.clear();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
