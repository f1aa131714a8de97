import { execFile } from "node:child_process";
import { mkdtemp, rm, chown } from "node:fs/promises";
import { readdirSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

function postgresBin(tool: string): string {
  const versions = readdirSync("/usr/lib/postgresql").sort();
  const latest = versions.at(-1);
  if (!latest) throw new Error("PostgreSQL server binaries not found under /usr/lib/postgresql");
  return path.join("/usr/lib/postgresql", latest, "bin", tool);
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A private PostgreSQL cluster (initdb + pg_ctl) that a test may stop and start at will,
 * never the shared server. Runs as the postgres user when the tests run as root.
 */
export class ThrowawayPostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  static async create(): Promise<ThrowawayPostgres> {
    const dir = await mkdtemp(path.join(tmpdir(), "roadmap-pg-"));
    const cluster = new ThrowawayPostgres(dir, await freePort());
    if (process.getuid?.() === 0) {
      const { stdout } = await run("id", ["-u", "postgres"]);
      const { stdout: gid } = await run("id", ["-g", "postgres"]);
      await chown(dir, Number(stdout.trim()), Number(gid.trim()));
    }
    await cluster.#asPostgres(postgresBin("initdb"), ["-D", path.join(dir, "data"), "-U", "postgres", "-A", "trust", "--no-sync"]);
    await cluster.start();
    return cluster;
  }

  async #asPostgres(command: string, args: string[]): Promise<void> {
    if (process.getuid?.() === 0) await run("runuser", ["-u", "postgres", "--", command, ...args]);
    else await run(command, args);
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dir} -c fsync=off`;
    await this.#asPostgres(postgresBin("pg_ctl"), ["-D", path.join(this.dir, "data"), "-o", options, "-w", "-l", path.join(this.dir, "log"), "start"]);
  }

  /** An abrupt stop, like a crash or a lost server: connections die mid-query. */
  async stop(mode: "immediate" | "fast" = "immediate"): Promise<void> {
    await this.#asPostgres(postgresBin("pg_ctl"), ["-D", path.join(this.dir, "data"), "-m", mode, "-w", "stop"]);
  }

  async destroy(): Promise<void> {
    await this.stop("immediate").catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }
}
