import type { IncomingHttpHeaders } from "node:http";
import type { RestResponse } from "./failures.ts";
import type { UploadedFile } from "./messages.ts";

export interface RestRequest {
  method: string;
  /** Below /api/v10, without the query. */
  path: string;
  query: URLSearchParams;
  /** Values of the template's `{name}` segments. */
  params: Record<string, string>;
  body: unknown;
  files: UploadedFile[];
  headers: IncomingHttpHeaders;
}

export type RouteHandler = (request: RestRequest) => RestResponse | Promise<RestResponse>;

export interface Route {
  method: string;
  /** e.g. `/channels/{channelId}/messages` */
  template: string;
  /** Interaction callbacks and interaction webhooks authenticate with the token in the path instead. */
  requiresBotToken: boolean;
  /** Runs for every matching request, before validation can refuse it (e.g. to count attempts). */
  onReceived: ((request: RestRequest) => void) | undefined;
  /** Runs when validation refuses the body, with the reason (the handler does not run then). */
  onInvalid: ((request: RestRequest, reason: string) => void) | undefined;
  handler: RouteHandler;
}

export type RouteOptions = Partial<Pick<Route, "requiresBotToken" | "onReceived" | "onInvalid">>;

/** A thrown error response; `violation` also records the request as a rule the bot broke. */
export class RestFailure extends Error {
  readonly response: RestResponse;
  readonly violation: string | undefined;

  constructor(response: RestResponse, violation?: string) {
    super(violation ?? `REST ${response.status}`);
    this.response = response;
    this.violation = violation;
  }
}

export class RestRouter {
  readonly #routes: Route[] = [];

  add(method: string, template: string, handler: RouteHandler, options: RouteOptions = {}): void {
    this.#routes.push({
      method,
      template,
      handler,
      requiresBotToken: options.requiresBotToken ?? true,
      onReceived: options.onReceived,
      onInvalid: options.onInvalid,
    });
  }

  /** Literal segments beat parameters, so `/messages/@original` wins over `/messages/{messageId}`. */
  match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    const segments = path.split("/").filter(Boolean);
    let best: { route: Route; params: Record<string, string>; literals: number } | undefined;
    for (const route of this.#routes) {
      if (route.method !== method) continue;
      const templateSegments = route.template.split("/").filter(Boolean);
      if (templateSegments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let literals = 0;
      const matches = templateSegments.every((templateSegment, index) => {
        const segment = decodeURIComponent(segments[index] ?? "");
        if (templateSegment.startsWith("{")) {
          params[templateSegment.slice(1, -1)] = segment;
          return true;
        }
        literals += 1;
        return templateSegment === segment;
      });
      if (matches && (!best || literals > best.literals)) best = { route, params, literals };
    }
    return best && { route: best.route, params: best.params };
  }
}
