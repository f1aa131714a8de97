import http from "node:http";
import type { Logger } from "pino";
import type { Registry } from "prom-client";

export interface HealthReport {
  readonly database: "up" | "down";
  readonly gateway: "up" | "down";
  readonly gatewayPingMs: number;
}

export interface OpsServer {
  readonly port: number;
  close(): Promise<void>;
}

/** GET /healthz (200 only when every part is up, JSON saying which is down) and GET /metrics (Prometheus). */
export async function startOpsServer(options: {
  port: number;
  host: string;
  health: () => Promise<HealthReport>;
  registry: Registry;
  logger: Logger;
}): Promise<OpsServer> {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const send = (status: number, type: string, body: string) => {
      response.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      response.end(body);
    };
    if (request.method !== "GET") return send(405, "text/plain", "method not allowed\n");
    if (url.pathname === "/healthz") {
      options.health().then(
        (report) => {
          const healthy = report.database === "up" && report.gateway === "up";
          send(healthy ? 200 : 503, "application/json", JSON.stringify({ status: healthy ? "ok" : "down", ...report }));
        },
        (error: unknown) => {
          options.logger.warn({ err: error }, "health check failed");
          send(503, "application/json", JSON.stringify({ status: "down" }));
        },
      );
      return;
    }
    if (url.pathname === "/metrics") {
      options.registry.metrics().then(
        (text) => send(200, options.registry.contentType, text),
        (error: unknown) => {
          options.logger.warn({ err: error }, "metrics collection failed");
          send(500, "text/plain", "metrics unavailable\n");
        },
      );
      return;
    }
    send(404, "text/plain", "not found\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  options.logger.info({ port, host: options.host }, "health and metrics listening");
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
