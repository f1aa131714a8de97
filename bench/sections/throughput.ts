import { execFile } from "node:child_process";
import { writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import type { BenchOptions } from "../support/args.ts";
import { createBenchDatabase, ADMIN_URL } from "../support/database.ts";
import { driveSteady, type LatencySummary } from "../support/drive.ts";
import { sleep } from "../support/stats.ts";
import type { BenchWorld } from "../support/worlds.ts";
import { checkSender } from "./interactions.ts";

const PGBENCH = process.env.PGBENCH ?? "/usr/lib/postgresql/15/bin/pgbench";
const P99_LIMIT_MS = 100;

export interface ThroughputResults {
  readonly members: number;
  readonly steps: readonly LatencySummary[];
  /** Highest offered rate whose p99 stayed ≤ 100 ms (0 when none did). */
  readonly sustainedPerSecond: number;
  readonly pgbench: { readonly tps: number; readonly command: string };
}

/** Steps the offered /roadmap check rate up until p99 passes 100 ms. */
export async function measureThroughput(world: BenchWorld, roadmap: Roadmap, options: BenchOptions): Promise<ThroughputResults> {
  const steps: LatencySummary[] = [];
  let sustained = 0;
  for (const rate of options.throughputRates) {
    const { summary } = await driveSteady(rate, Math.round(rate * options.throughputSeconds), checkSender(world, roadmap, 100 + rate));
    steps.push(summary);
    if (summary.p99Ms > P99_LIMIT_MS || summary.answered < summary.sent) break;
    sustained = rate;
    await sleep(500);
  }
  return { members: world.members.length, steps, sustainedPerSecond: sustained, pgbench: await pgbench(options.pgbenchSeconds) };
}

/** pgbench's TPS for a one-row insert transaction on the same server, in its own bench database. */
async function pgbench(seconds: number): Promise<{ tps: number; command: string }> {
  const database = await createBenchDatabase(1);
  try {
    await database.pool.query("CREATE TABLE bench_insert (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, guild_id text NOT NULL, at timestamptz NOT NULL DEFAULT now())");
    const dir = await mkdtemp(path.join(tmpdir(), "pgbench-"));
    const script = path.join(dir, "insert.sql");
    await writeFile(script, "INSERT INTO bench_insert (guild_id) VALUES ('1');\n");
    const server = new URL(ADMIN_URL);
    const args = ["-n", "-c", "4", "-j", "2", "-T", String(seconds), "-f", script, "-h", server.hostname, "-p", server.port || "5432", "-U", decodeURIComponent(server.username || "postgres"), database.name];
    const { stdout } = await promisify(execFile)(PGBENCH, args, { env: { ...process.env, PGPASSWORD: decodeURIComponent(server.password) } });
    const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1] ?? Number.NaN);
    return { tps, command: `pgbench ${args.join(" ").replace(script, "insert.sql")}` };
  } finally {
    await database.drop();
  }
}
