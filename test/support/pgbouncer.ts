import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { ADMIN_URL } from "./postgres.ts";

/** Debian's `pgbouncer`; .ci/run installs it, so CI never skips the tests that need it. */
export const PGBOUNCER = "/usr/sbin/pgbouncer";
export const hasPgBouncer = existsSync(PGBOUNCER);

export interface RunningPgBouncer {
  /** A URL for the given database through the pooler. */
  url(database: string): string;
  /** SHOW POOLS etc. on the pooler's admin console. */
  admin(query: string): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * PgBouncer in transaction pooling mode in front of the test server, with fewer server
 * connections than the bot's pool: consecutive transactions of one client land on different
 * server connections, so anything that relied on session state would break.
 */
export async function startPgBouncer(options: { serverConnections?: number } = {}): Promise<RunningPgBouncer> {
  const upstream = new URL(ADMIN_URL);
  const user = decodeURIComponent(upstream.username || "postgres");
  const dir = await mkdtemp(path.join(tmpdir(), "pgbouncer-"));
  const port = await freePort();
  await writeFile(path.join(dir, "users.txt"), `"${user}" ""\n`);
  await writeFile(
    path.join(dir, "pgbouncer.ini"),
    [
      "[databases]",
      `* = host=${upstream.hostname} port=${upstream.port || 5432} user=${user}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      `unix_socket_dir = ${dir}`,
      "auth_type = trust",
      `auth_file = ${path.join(dir, "users.txt")}`,
      `admin_users = ${user}`,
      "pool_mode = transaction",
      `default_pool_size = ${options.serverConnections ?? 2}`,
      "max_client_conn = 200",
      "ignore_startup_parameters = extra_float_digits,options",
      `logfile = ${path.join(dir, "pgbouncer.log")}`,
      "",
    ].join("\n"),
  );
  // PgBouncer will not run as root; as root (CI) it drops to the postgres user, which must read its files.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await chmod(dir, 0o777);
  const child: ChildProcess = spawn(PGBOUNCER, [...(asRoot ? ["-u", "postgres"] : []), path.join(dir, "pgbouncer.ini")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const url = (database: string) => `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/${database}`;
  const admin = async (query: string) => {
    const client = new pg.Client({ connectionString: url("pgbouncer") });
    await client.connect();
    try {
      // The admin console speaks only the simple query protocol.
      const result = await client.query({ text: query, queryMode: "simple" } as pg.QueryConfig);
      return result.rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  };

  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await admin("SHOW VERSION");
      break;
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`PgBouncer did not start: ${stderr || (error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    url,
    admin,
    async stop() {
      child.kill("SIGTERM");
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
