import type { IncomingMessage, ServerResponse } from "node:http";
import { emptyMessage, invalidJsonBody, notFoundRoute, unauthorized } from "./discord-errors.ts";
import type { FailureInjector, RestResponse } from "./failures.ts";
import { BodyParseError, parseBody, readBody, writeResponse, type ParsedBody } from "./http-io.ts";
import type { GlobalRateLimit } from "./global-rate-limit.ts";
import { formatIssue, invalidFormBody } from "./issues.ts";
import { EMPTY_MESSAGE_CODE } from "./message-limits.ts";
import { RestFailure, type RestRequest, type RestRouter, type Route } from "./rest-router.ts";
import type { StandInState } from "./state.ts";
import type { RequestValidator } from "./validation.ts";

/** What clients put in `rest.api`; discord.js appends `/v10`. */
export const API_BASE = "/api";
export const API_PREFIX = `${API_BASE}/v10`;
export const ATTACHMENTS_PREFIX = "/attachments";

/** One REST request as the stand-in saw it. */
export interface RestRequestRecord {
  method: string;
  /** Below /api/v10, without the query. */
  path: string;
  query: string;
  /** The stand-in route template that handled it, or null for unknown routes. */
  route: string | null;
  /** Parsed JSON (for multipart: the parsed payload_json). */
  body: unknown;
  /** Names of uploaded files. */
  files: string[];
  status: number;
}

export interface UnknownRoute {
  method: string;
  path: string;
}

/** The REST request pipeline: routing, auth, injected failures, validation, handling, logging. */
export class RestServer {
  readonly requests: RestRequestRecord[] = [];
  readonly unknownRoutes: UnknownRoute[] = [];
  readonly #state: StandInState;
  readonly #router: RestRouter;
  readonly #validator: RequestValidator;
  readonly #failures: FailureInjector;
  readonly #globalRateLimit: GlobalRateLimit | undefined;

  constructor(init: { state: StandInState; router: RestRouter; validator: RequestValidator; failures: FailureInjector; globalRateLimit?: GlobalRateLimit | undefined }) {
    this.#state = init.state;
    this.#globalRateLimit = init.globalRateLimit;
    this.#router = init.router;
    this.#validator = init.validator;
    this.#failures = init.failures;
  }

  async handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const url = new URL(incoming.url ?? "/", "http://stand-in");
    const method = (incoming.method ?? "GET").toUpperCase();
    if (url.pathname.startsWith(`${ATTACHMENTS_PREFIX}/`)) {
      writeResponse(outgoing, this.#attachment(url.pathname));
      return;
    }
    const path = url.pathname.startsWith(`${API_PREFIX}/`) ? url.pathname.slice(API_PREFIX.length) : url.pathname;
    const raw = await readBody(incoming);
    let parsed: ParsedBody;
    try {
      parsed = await parseBody(raw, incoming.headers["content-type"]);
    } catch (error) {
      if (!(error instanceof BodyParseError)) throw error;
      parsed = { json: raw.toString("utf8"), files: [] };
      this.#state.violations.record(method, path, error.message);
      this.#finish(outgoing, { method, path, url, route: null, parsed }, invalidJsonBody(error.message));
      return;
    }
    const match = url.pathname.startsWith(`${API_PREFIX}/`) ? this.#router.match(method, path) : undefined;
    const seen = { method, path, url, route: match?.route.template ?? null, parsed };
    if (!match) {
      this.unknownRoutes.push({ method, path });
      this.#finish(outgoing, seen, notFoundRoute());
      return;
    }
    const request: RestRequest = {
      method,
      path,
      query: url.searchParams,
      params: match.params,
      body: parsed.json,
      files: parsed.files,
      headers: incoming.headers,
    };
    this.#finish(outgoing, seen, await this.#respond(match.route, request));
  }

  async #respond(route: Route, request: RestRequest): Promise<RestResponse> {
    if (route.requiresBotToken && request.headers.authorization !== `Bot ${this.#state.token}`) return unauthorized();
    const limited = route.requiresBotToken ? this.#globalRateLimit?.take() : undefined;
    if (limited) return limited;
    route.onReceived?.(request);
    const injected = this.#failures.take(request.method, request.path);
    if (injected) return injected;
    if (request.body !== undefined || request.files.length > 0) {
      const issues = this.#validator.validate(request.method, request.path, request.body, request.files.length);
      if (issues.length > 0) {
        const reasons = issues.map(formatIssue);
        for (const reason of reasons) this.#state.violations.record(request.method, request.path, reason);
        route.onInvalid?.(request, reasons.join("; "));
        if (issues.every((found) => found.code === EMPTY_MESSAGE_CODE)) return emptyMessage();
        return { status: 400, body: invalidFormBody(issues) };
      }
    }
    try {
      return await route.handler(request);
    } catch (error) {
      if (error instanceof RestFailure) {
        if (error.violation !== undefined) this.#state.violations.record(request.method, request.path, error.violation);
        return error.response;
      }
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.#state.violations.record(request.method, request.path, `stand-in internal error (a bug in the stand-in, not the bot): ${detail}`);
      return { status: 500, body: { message: "500: Internal Server Error", code: 0 } };
    }
  }

  #attachment(pathname: string): RestResponse {
    const attachmentId = pathname.split("/")[3] ?? "";
    const file = this.#state.messages.findFile(attachmentId);
    return file ? { status: 200, body: file.data, headers: { "content-type": file.contentType } } : notFoundRoute();
  }

  #finish(
    outgoing: ServerResponse,
    seen: { method: string; path: string; url: URL; route: string | null; parsed: ParsedBody },
    result: RestResponse,
  ): void {
    this.requests.push({
      method: seen.method,
      path: seen.path,
      query: seen.url.search,
      route: seen.route,
      body: seen.parsed.json,
      files: seen.parsed.files.map((file) => file.filename),
      status: result.status,
    });
    this.#state.signal.notify();
    writeResponse(outgoing, result);
  }
}
