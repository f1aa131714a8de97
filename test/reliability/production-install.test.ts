import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStandIn, type StandIn } from "../standin/index.ts";
import { imageFiles } from "../support/image.ts";
import { START_NODE_FLAGS } from "../support/node-child.ts";
import { createTestDatabase } from "../support/postgres.ts";

const REPO_DIR = path.resolve(import.meta.dirname, "../..");

let copy: string;
let standIn: StandIn;
let database: { url: string; drop: () => Promise<void> };
let bot: ChildProcess | undefined;

function run(command: string, args: string[], cwd: string): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (status) => resolve({ status, output }));
  });
}

beforeAll(async () => {
  copy = await mkdtemp(path.join(tmpdir(), "roadmap-production-"));
  // Exactly the files the Dockerfile puts in the image.
  for (const file of imageFiles()) await cp(path.join(REPO_DIR, file), path.join(copy, file), { recursive: true });
  // The Dockerfile's install, from the npm cache so the test needs no network.
  const install = await run("npm", ["ci", "--omit=dev", "--offline", "--no-audit", "--no-fund"], copy);
  if (install.status !== 0) throw new Error(`npm ci --omit=dev failed:\n${install.output}`);
  standIn = await startStandIn();
  database = await createTestDatabase();
}, 300_000);

afterAll(async () => {
  if (bot?.pid !== undefined && bot.exitCode === null) process.kill(-bot.pid, "SIGTERM");
  await standIn?.close();
  await database?.drop();
  if (copy) await rm(copy, { recursive: true, force: true });
});

describe("a production install (npm ci --omit=dev)", () => {
  it("starts in a terminal without the pretty printer, connects to Discord and logs JSON", async () => {
    expect(existsSync(path.join(copy, "node_modules", "pino-pretty"))).toBe(false);
    // `script` runs the bot in a pseudo-terminal, so its stdout is a TTY as in an operator's shell.
    bot = spawn("script", ["-qec", ["node", ...START_NODE_FLAGS, "--import tsx src/main.ts"].join(" "), "/dev/null"], {
      cwd: copy,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        DISCORD_TOKEN: standIn.token,
        DISCORD_API_URL: standIn.restUrl,
        DATABASE_URL: database.url,
        LOG_LEVEL: "info",
      },
    });
    let output = "";
    bot.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    bot.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 90_000;
    while (!output.includes('"msg":"connected to Discord"')) {
      if (bot.exitCode !== null || Date.now() > deadline) throw new Error(`the bot did not connect:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // A terminal turns "\n" into "\r\n": proof that stdout was a TTY.
    expect(output).toContain("\r\n");
    const lines = output.split("\r\n").filter((line) => line.trim() !== "");
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(output).not.toContain("unable to determine transport target");
  }, 120_000);
});
