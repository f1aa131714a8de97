import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.ts";
import { startSandbox } from "../../src/sandbox/sandbox.ts";

/** What `npm run sandbox` prints: the console is the first thing a visitor reads. */

const ROOT = path.resolve(import.meta.dirname, "../..");

function runSandboxCli(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "src/sandbox/main.ts", ...args], { cwd: ROOT, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, output: `${stdout}${stderr}`.trim() });
    });
  });
}

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe("the sandbox's console", () => {
  it("a busy port is reported in one line, before anything is started or seeded", async () => {
    const busy: Server = createServer();
    await new Promise<void>((listening) => busy.listen(0, "127.0.0.1", listening));
    cleanups.push(() => new Promise((closed) => busy.close(closed)));
    const { port } = busy.address() as AddressInfo;

    const { code, output } = await runSandboxCli(["--port", String(port)]);
    expect(code).toBe(1);
    expect(output).toBe(`Port ${port} is in use. Pick another with: npm run sandbox -- --port 3001`);
  }, 130_000);

  it("says it is seeding only when it seeds: a restart on kept data (--data) does not", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "sandbox-console-"));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const start = async (): Promise<string[]> => {
      const lines: string[] = [];
      const sandbox = await startSandbox({ port: 0, dataDir, logger: createLogger("silent"), onProgress: (line) => lines.push(line) });
      await sandbox.close();
      return lines;
    };

    const first = await start();
    expect(first.some((line) => line.startsWith("Seeding the AI Study Group"))).toBe(true);
    const again = await start();
    expect(again.some((line) => line.startsWith("Starting the sandbox"))).toBe(true);
    expect(again.some((line) => line.includes("Seeding"))).toBe(false);
  }, 180_000);
});
