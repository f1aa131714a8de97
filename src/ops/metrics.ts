import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export interface MetricSources {
  outboxBacklog(): Promise<{ pending: number; failed: number; blocked: number }>;
  /** Connections in the Postgres pool; undefined for the embedded database. */
  pool(): { total: number; idle: number; waiting: number } | undefined;
  /** Gateway heartbeat round trip in ms, or -1 before the first heartbeat. */
  gatewayPing(): number;
}

export interface Metrics {
  readonly registry: Registry;
  interaction(kind: string, command: string | undefined, outcome: string, seconds: number): void;
  delivery(kind: string, outcome: string): void;
  /** One guild's scheduled work failed (its weekly post, a reminder, a delivery); the others went on. */
  guildFailure(job: string): void;
}

/** Prometheus metrics in a registry of their own (no process-wide default registry). */
export function createMetrics(sources: MetricSources): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "roadmap_bot_" });

  const interactions = new Counter({
    name: "roadmap_bot_interactions_total",
    help: "Interactions handled, by kind, command and outcome",
    labelNames: ["kind", "command", "outcome"] as const,
    registers: [registry],
  });
  const handlerSeconds = new Histogram({
    name: "roadmap_bot_handler_duration_seconds",
    help: "Time from receiving an interaction to having answered it",
    labelNames: ["kind"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
    registers: [registry],
  });
  const deliveries = new Counter({
    name: "roadmap_bot_outbox_deliveries_total",
    help: "Outbox delivery attempts, by kind and outcome (delivered, retried, failed, blocked)",
    labelNames: ["kind", "outcome"] as const,
    registers: [registry],
  });
  const guildFailures = new Counter({
    name: "roadmap_bot_guild_failures_total",
    help: "Scheduled work that failed for one guild while the others went on, by job (weekly-post, reminder, delivery)",
    labelNames: ["job"] as const,
    registers: [registry],
  });
  new Gauge({
    name: "roadmap_bot_outbox_backlog",
    help: "Outbox entries by status",
    labelNames: ["status"] as const,
    registers: [registry],
    async collect() {
      const backlog = await sources.outboxBacklog().catch(() => undefined);
      if (!backlog) return;
      for (const [status, count] of Object.entries(backlog)) this.set({ status }, count);
    },
  });
  new Gauge({
    name: "roadmap_bot_db_pool_connections",
    help: "Postgres pool connections by state",
    labelNames: ["state"] as const,
    registers: [registry],
    collect() {
      const pool = sources.pool();
      if (!pool) return;
      this.set({ state: "total" }, pool.total);
      this.set({ state: "idle" }, pool.idle);
      this.set({ state: "waiting" }, pool.waiting);
    },
  });
  new Gauge({
    name: "roadmap_bot_gateway_ping_ms",
    help: "Gateway heartbeat round trip",
    registers: [registry],
    collect() {
      this.set(sources.gatewayPing());
    },
  });

  return {
    registry,
    interaction(kind, command, outcome, seconds) {
      interactions.inc({ kind, command: command ?? "", outcome });
      handlerSeconds.observe({ kind }, seconds);
    },
    delivery(kind, outcome) {
      deliveries.inc({ kind, outcome });
    },
    guildFailure(job) {
      guildFailures.inc({ job });
    },
  };
}

/** For tests and tools that do not export metrics. */
export const noMetrics: Pick<Metrics, "interaction" | "delivery" | "guildFailure"> = {
  interaction: () => undefined,
  delivery: () => undefined,
  guildFailure: () => undefined,
};
