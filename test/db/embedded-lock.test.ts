import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { connectDatabase } from "../../src/db/connect.ts";
import { DataDirInUseError, HOLDER_NAME, LOCK_NAME, lockDataDir } from "../../src/db/embedded-lock.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { startStandIn, type StandIn } from "../standin/index.ts";
import { silentLogger } from "../support/backends.ts";
import { loadRealCatalogue } from "../support/catalogue.ts";
import { NodeChild } from "../support/node-child.ts";

let standIn: StandIn;
let roadmap: Roadmap;
/** A migrated embedded database, copied for each test: creating one costs seconds of CPU. */
let template: string;
const folders: string[] = [];
const processes: NodeChild[] = [];

async function freshFolder(): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), "roadmap-lock-"));
  folders.push(folder);
  await cp(template, folder, { recursive: true });
  return folder;
}

function startBotProcess(dataDir: string): NodeChild {
  const bot = NodeChild.bot({
    DISCORD_TOKEN: standIn.token,
    DISCORD_API_URL: standIn.restUrl,
    DATA_DIR: dataDir,
    LOG_LEVEL: "info",
    SCHEDULER_CRON: "* * * * *",
  });
  processes.push(bot);
  return bot;
}

beforeAll(async () => {
  roadmap = (await loadRealCatalogue()).defaultRoadmap;
  standIn = await startStandIn();
  template = await mkdtemp(path.join(tmpdir(), "roadmap-lock-template-"));
  folders.push(template);
  const database = await connectDatabase({ databaseUrl: undefined, dataDir: template, logger: silentLogger });
  await migrateToLatest(database.db);
  await database.close();
});

afterAll(async () => {
  await Promise.all(processes.map((child) => child.stop()));
  await standIn?.close();
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

describe("one process per embedded database", { timeout: 120_000 }, () => {
  it("a second bot on the same DATA_DIR refuses at once, naming the folder and the bot that holds it; a clean stop frees it", async () => {
    const dataDir = await freshFolder();
    const first = startBotProcess(dataDir);
    await first.waitForLine(/slash commands synced/);

    const second = startBotProcess(dataDir);
    const gaveUp = new Promise<string>((resolve) => setTimeout(() => resolve("still running after 30 s"), 30_000));
    expect(await Promise.race([second.exited, gaveUp])).toBe(1);
    const refusal = second.output.find((line) => line.includes("is in use by"));
    expect(refusal).toBeDefined();
    expect(refusal).toContain(`The embedded database in ${dataDir} is in use by process ${first.child.pid}`);
    expect(refusal).toContain("src/main.ts");
    expect(refusal).toContain("DATABASE_URL");
    expect(second.text).not.toMatch(/\n\s+at /);

    // The first bot never noticed and still answers.
    const guild = standIn.addGuild({ name: "Locked Group" });
    const member = guild.addMember({ username: "steady" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const reply = await (await standIn.command({ member, name: "roadmap", subcommand: "check", options: { item: roadmap.items[0]!.id } })).reply(20_000);
    expect(reply.content).toContain("Checked");

    // Stopped cleanly, it leaves the folder free for the next bot at once.
    expect(await first.stop()).toBe(0);
    expect(existsSync(path.join(dataDir, LOCK_NAME))).toBe(false);
    const next = startBotProcess(dataDir);
    await next.waitForLine(/slash commands synced/);
    expect(await next.stop()).toBe(0);
  });

  it("after the bot holding the folder is killed (SIGKILL), a new bot takes the folder over by itself and keeps its data", async () => {
    const dataDir = await freshFolder();
    const guild = standIn.addGuild({ name: "Crash Group" });
    const member = guild.addMember({ username: "survivor" });
    const first = startBotProcess(dataDir);
    await first.waitForLine(/slash commands synced/);
    const checked = await (await standIn.command({ member, name: "roadmap", subcommand: "check", options: { item: roadmap.items[0]!.id } })).reply(20_000);
    expect(checked.content).toContain("Checked");
    first.child.kill("SIGKILL");
    await first.exited;
    expect(existsSync(path.join(dataDir, LOCK_NAME))).toBe(true);

    const next = startBotProcess(dataDir);
    await next.waitForLine(/slash commands synced/, 60_000);
    const progress = await (await standIn.command({ member, name: "roadmap", subcommand: "progress" })).reply(20_000);
    expect(JSON.stringify(progress)).toContain("1/345");
    expect(await next.stop()).toBe(0);
  });

  it("the sandbox refuses a --data folder a bot is using, in one line", async () => {
    const dataDir = await freshFolder();
    const bot = startBotProcess(dataDir);
    await bot.waitForLine(/slash commands synced/);
    const sandbox = NodeChild.start("src/sandbox/main.ts", { args: ["--data", dataDir, "--port", "0"] });
    processes.push(sandbox);
    expect(await sandbox.exited).toBe(1);
    expect(sandbox.text).toContain(`The embedded database in ${dataDir} is in use by process ${bot.child.pid}`);
    expect(sandbox.text).not.toMatch(/\n\s+at /);
    expect(await bot.stop()).toBe(0);
  });

  it("the same process cannot open one folder twice, and can again once it is closed", async () => {
    const dataDir = await freshFolder();
    const first = await connectDatabase({ databaseUrl: undefined, dataDir, logger: silentLogger });
    await expect(connectDatabase({ databaseUrl: undefined, dataDir, logger: silentLogger })).rejects.toBeInstanceOf(DataDirInUseError);
    await first.close();
    const again = await connectDatabase({ databaseUrl: undefined, dataDir, logger: silentLogger });
    await again.close();
  });
});

describe("the lock left by a process on another machine", () => {
  async function leftLock(ageMs: number): Promise<string> {
    const folder = await mkdtemp(path.join(tmpdir(), "roadmap-lock-"));
    folders.push(folder);
    await mkdir(path.join(folder, LOCK_NAME));
    const holder = { pid: 4242, host: "other-host", startedAt: "2026-12-01T08:00:00.000Z", command: "node --import tsx src/main.ts" };
    await writeFile(path.join(folder, HOLDER_NAME), JSON.stringify(holder));
    const then = new Date(Date.now() - ageMs);
    await utimes(path.join(folder, LOCK_NAME), then, then);
    return folder;
  }

  it("is respected while it is kept fresh, and the refusal names that machine", async () => {
    const folder = await leftLock(1_000);
    const refusal = await lockDataDir(folder).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(DataDirInUseError);
    expect((refusal as Error).message).toBe(
      `The embedded database in ${folder} is in use by process 4242 on other-host (node --import tsx src/main.ts, started 2026-12-01 08:00:00 UTC). ` +
        "It serves one process at a time: stop that process first, or set DATABASE_URL to a PostgreSQL server to run several.",
    );
  });

  it("is taken over once nobody has refreshed it for the stale period", async () => {
    const folder = await leftLock(60_000);
    const lock = await lockDataDir(folder);
    await lock.release();
    expect(existsSync(path.join(folder, LOCK_NAME))).toBe(false);
  });
});
