import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const REPO = path.resolve(import.meta.dirname, "..");
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "bench-smoke-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function runBench(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "bench/run.ts", ...args], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.once("exit", (code) => resolve({ code, output }));
  });
}

describe("npm run bench", () => {
  it("completes with --quick and writes a result for every section, so the benchmark cannot rot", async () => {
    const out = path.join(dir, "results.json");
    const { code, output } = await runBench(["--quick", "--out", out]);
    expect(code, output).toBe(0);
    const results = JSON.parse(await readFile(out, "utf8")) as Record<string, any>;
    const sections = results.sections;
    expect(Object.keys(sections).sort()).toEqual(["autocomplete", "fanout", "group", "interactions", "leaderboards", "memory", "throughput"]);
    expect(sections.group.buddies.medianMs).toBeGreaterThan(0);
    expect(sections.interactions.check.answered).toBe(sections.interactions.check.sent);
    expect(sections.interactions.checkInPortuguese.answered).toBe(sections.interactions.checkInPortuguese.sent);
    expect(sections.interactions.checkOnSecondTrack.answered).toBe(sections.interactions.checkOnSecondTrack.sent);
    expect(sections.interactions.pong.p50Ms).toBeGreaterThan(0);
    // The floors take turns with the bot: every one of their interactions is answered too.
    expect(sections.interactions.pong.answered).toBe(sections.interactions.pong.sent);
    expect(sections.interactions.durablePong.answered).toBe(sections.interactions.durablePong.sent);
    expect(sections.autocomplete.real.endToEnd.answered).toBe(sections.autocomplete.real.queries);
    expect(sections.autocomplete.synthetic.items).toBe(results.options.syntheticItems);
    expect(sections.leaderboards.points).toHaveLength(results.options.members.length);
    // Two tracks per guild (issue 18): a post for each.
    expect(sections.fanout.enqueue.queued).toBe(results.options.guilds * sections.fanout.tracksPerGuild);
    // Each due guild has members with checks in the reported week: every post ranks them.
    expect(sections.fanout.enqueue.postsWithStandings).toBe(sections.fanout.enqueue.queued);
    expect(sections.fanout.delivery.delivered).toBe(sections.fanout.delivery.sample);
    // Drawn at delivery, as in production: every ranked post carries its leaderboard picture.
    expect(sections.fanout.delivery.withPicture).toBe(sections.fanout.delivery.sample);
    expect(sections.memory.bot.cached.guilds).toBe(results.options.memoryGuilds);
    expect(sections.throughput.pgbench.tps).toBeGreaterThan(0);
    expect(results.table.length).toBeGreaterThan(10);
    expect(results.machine.postgres).toBeTruthy();
  }, 180_000);
});
