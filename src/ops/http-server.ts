import http from "node:http";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import { requestPath } from "./request-target.ts";

export interface HealthReport {
  readonly database: "up" | "down";
  readonly gateway: "up" | "down";
  readonly gatewayPingMs: number;
}

export interface OpsServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Bounds for a port anyone on the network may reach: a request is small, quick and bodiless, or
 * it is refused. Node's parser answers 431 past the header limit and 408 past the time limits.
 */
export const OPS_LIMITS = {
  maxHeaderBytes: 8 * 1024,
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  /** How often Node checks the two timeouts above (its default is 30 s). */
  timeoutCheckMs: 1_000,
  idleSocketMs: 15_000,
  maxConnections: 256,
  /** An answer not ready by then (a hung database) is a 503, not a request left open. */
  answerDeadlineMs: 5_000,
} as const;

interface Answer {
  readonly status: number;
  readonly type: string;
  readonly body: string;
}

const text = (status: number, body: string): Answer => ({ status, type: "text/plain; charset=utf-8", body });

/** GET /healthz (200 only when every part is up, JSON saying which is down) and GET /metrics (Prometheus). */
export async function startOpsServer(options: {
  port: number;
  host: string;
  health: () => Promise<HealthReport>;
  registry: Registry;
  logger: Logger;
}): Promise<OpsServer> {
  const { logger } = options;

  async function answer(request: http.IncomingMessage): Promise<Answer> {
    if (request.method !== "GET" && request.method !== "HEAD") return text(405, "method not allowed\n");
    if (hasBody(request)) return text(413, "requests to this port carry no body\n");
    const path = requestPath(request.url);
    if (path === undefined) return text(400, "bad request target\n");
    if (path === "/healthz") {
      try {
        const report = await options.health();
        const healthy = report.database === "up" && report.gateway === "up";
        return { status: healthy ? 200 : 503, type: "application/json", body: JSON.stringify({ status: healthy ? "ok" : "down", ...report }) };
      } catch (error) {
        logger.warn({ err: error }, "health check failed");
        return { status: 503, type: "application/json", body: JSON.stringify({ status: "down" }) };
      }
    }
    if (path === "/metrics") {
      try {
        return { status: 200, type: options.registry.contentType, body: await options.registry.metrics() };
      } catch (error) {
        logger.warn({ err: error }, "metrics collection failed");
        return text(500, "metrics unavailable\n");
      }
    }
    return text(404, "not found\n");
  }

  const server = http.createServer(
    {
      maxHeaderSize: OPS_LIMITS.maxHeaderBytes,
      headersTimeout: OPS_LIMITS.headersTimeoutMs,
      requestTimeout: OPS_LIMITS.requestTimeoutMs,
      connectionsCheckingInterval: OPS_LIMITS.timeoutCheckMs,
    },
    (request, response) => {
      withDeadline(answer(request), OPS_LIMITS.answerDeadlineMs, text(503, "timed out\n"))
        .catch((error: unknown) => {
          logger.error({ err: error }, "ops request failed");
          return text(500, "internal error\n");
        })
        .then((reply) => send(request, response, reply));
    },
  );
  server.timeout = OPS_LIMITS.idleSocketMs;
  server.maxConnections = OPS_LIMITS.maxConnections;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // After listening, a server error (say, out of file descriptors) is logged, never fatal.
  server.on("error", (error) => logger.error({ err: error }, "ops server error"));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  logger.info({ port, host: options.host }, "health and metrics listening");
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function hasBody(request: http.IncomingMessage): boolean {
  const length = request.headers["content-length"];
  return request.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

function send(request: http.IncomingMessage, response: http.ServerResponse, reply: Answer): void {
  if (response.headersSent || response.destroyed) return;
  const headers: Record<string, string> = { "content-type": reply.type, "cache-control": "no-store" };
  if (reply.status === 405) headers.allow = "GET, HEAD";
  // A body we refused is never read: closing the connection keeps it from being parsed as the next request.
  if (reply.status === 413 || reply.status === 400) headers.connection = "close";
  response.writeHead(reply.status, headers);
  response.end(request.method === "HEAD" ? undefined : reply.body);
}

async function withDeadline<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
