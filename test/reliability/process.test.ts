import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { startStandIn, type StandIn } from "../standin/index.ts";
import { NodeChild } from "../support/node-child.ts";
import { loadRealCatalogue } from "../support/catalogue.ts";
import { createTestDatabase } from "../support/postgres.ts";
import { proxiedUrl, TcpProxy } from "../support/tcp-proxy.ts";

let standIn: StandIn;
let database: { url: string; drop: () => Promise<void> };
let roadmap: Roadmap;
const processes: NodeChild[] = [];

function startBotProcess(env: Record<string, string> = {}): NodeChild {
  const bot = NodeChild.bot({
    DISCORD_TOKEN: standIn.token,
    DISCORD_API_URL: standIn.restUrl,
    DATABASE_URL: database.url,
    LOG_LEVEL: "debug",
    SCHEDULER_CRON: "* * * * * *",
    ...env,
  });
  processes.push(bot);
  return bot;
}

beforeAll(async () => {
  roadmap = (await loadRealCatalogue()).defaultRoadmap;
  standIn = await startStandIn();
  database = await createTestDatabase();
});

afterAll(async () => {
  await Promise.all(processes.map((bot) => bot.stop()));
  await standIn?.close();
  await database?.drop();
});

// Each test starts real processes; on a busy machine one start alone can take ten seconds.
describe("the bot process", { timeout: 60_000 }, () => {
  it("finishes an interaction in flight on SIGTERM, closes everything and exits 0", async () => {
    const proxy = new TcpProxy("127.0.0.1", 5432);
    await proxy.up();
    const guild = standIn.addGuild({ name: "Shutdown Group" });
    const member = guild.addMember({ username: "last" });
    const bot = startBotProcess({ DATABASE_URL: proxiedUrl(database.url, proxy) });
    try {
      await bot.waitForLine(/slash commands synced/);
      proxy.delayMs = 100; // the check now takes about a second
      const handle = await standIn.command({ member, name: "roadmap", subcommand: "check", options: { item: roadmap.items[0]!.id } });
      await new Promise((resolve) => setTimeout(resolve, 200));
      bot.child.kill("SIGTERM");
      const reply = await handle.reply(10_000);
      expect(reply.content).toContain("Checked");
      expect(await bot.exited).toBe(0);
      expect(bot.text).toMatch(/stopping: finishing work in flight/);
      expect(bot.text).toMatch(/"msg":"stopped"/);
    } finally {
      await bot.stop();
      await proxy.down();
    }
  });

  it("never writes its token to the logs, even at debug level and on errors", async () => {
    const guild = standIn.addGuild({ name: "Secret Group" });
    const member = guild.addMember({ username: "curious" });
    const bot = startBotProcess();
    await bot.waitForLine(/slash commands synced/);
    await (await standIn.command({ member, name: "roadmap", subcommand: "check", options: { item: "no such item" } })).reply();
    standIn.failNext({ route: /.*/, status: 500, times: 1 });
    await (await standIn.command({ member, name: "roadmap", subcommand: "next" })).response().catch(() => undefined);
    expect(await bot.stop()).toBe(0);
    const secret = standIn.token.split(".").at(-1)!;
    expect(bot.text.length).toBeGreaterThan(0);
    expect(bot.text).not.toContain(secret);
    expect(bot.text).not.toContain(standIn.token);
    // The cache limits are on purpose; their warnings must not alarm whoever reads the logs.
    expect(bot.text).not.toContain("UnsupportedCacheOverwriteWarning");
  });

  it("never writes an interaction's token to the logs when answering it fails, even at debug level", async () => {
    const guild = standIn.addGuild({ name: "Leaky Group" });
    const member = guild.addMember({ username: "reader" });
    const bot = startBotProcess();
    await bot.waitForLine(/slash commands synced/);
    standIn.failNext({ route: /^\/interactions\/\d+\/[^/]+\/callback$/, status: 400, code: 50035, message: "Invalid Form Body", times: 2 });
    standIn.failNext({ route: /^\/webhooks\/\d+\/[^/]+/, status: 400, code: 50035, message: "Invalid Form Body", times: 4 });
    const handle = await standIn.command({ member, name: "roadmap", subcommand: "next" });
    await bot.waitForLine(/Invalid Form Body/, 15_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await bot.stop()).toBe(0);
    // The failure was logged with the route it went to, the token cut out of it.
    expect(bot.text).toMatch(/\/interactions\/\d+\/\[redacted\]\/callback/);
    expect(bot.text).not.toContain(handle.token);
    expect(bot.text).not.toContain(standIn.token);
  });

  it("refuses to start without a token, saying how to get one", async () => {
    const bot = NodeChild.bot({ DATABASE_URL: database.url });
    expect(await bot.exited).toBe(1);
    expect(bot.text).toContain("DISCORD_TOKEN is not set");
  });
});

describe("two shards in two processes", { timeout: 90_000 }, () => {
  it("each answers its own guilds, and a milestone is celebrated once", async () => {
    const guilds = [0, 1].map((shard) => standIn.addGuild({ name: `Shard ${shard} Group`, shard: [shard, 2] }));
    const bots = [0, 1].map((id) => startBotProcess({ SHARD_COUNT: "2", SHARD_IDS: String(id) }));
    await Promise.all(bots.map((bot) => bot.waitForLine(/slash commands synced/)));
    for (const [index, guild] of guilds.entries()) {
      const channel = guild.addChannel({ name: "progress" });
      const organiser = guild.addMember({ username: `organiser${index}`, permissions: 32n });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const setup = await (await standIn.command({ member: organiser, channel, name: "roadmap-admin", subcommand: "setup", options: { channel } })).reply();
      expect(setup.content).toContain("Weekly leaderboard");
      const member = guild.addMember({ username: `learner${index}` });
      // 87 items pass 25% of the roadmap: one celebration each.
      for (let i = 0; i < 87; i++) {
        await (await standIn.command({ member, channel, name: "roadmap", subcommand: "check", options: { item: roadmap.items[i]!.id } })).reply();
      }
      await standIn.waitForChannelMessage(channel, (m) => m.content.includes("25%"));
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(standIn.channelMessages(channel).filter((m) => m.content.includes("25%"))).toHaveLength(1);
    }
    const handledBy = bots.map((bot) => (bot.text.match(/"msg":"interaction handled"/g) ?? []).length);
    expect(handledBy.every((count) => count > 0)).toBe(true);
    standIn.assertNoViolations();
  });
});

/** Runs the deploy CLI in its own process: this one serves the stand-in Discord and must not block. */
async function deployCommands(args: string[], env: Record<string, string>): Promise<{ status: number | null; output: string }> {
  const deploy = NodeChild.start("src/discord/deploy-cli.ts", { args, env });
  return { status: await deploy.exited, output: deploy.text };
}

describe("npm run deploy-commands", { timeout: 60_000 }, () => {
  it("registers the commands on demand for one server, and says so", async () => {
    const guild = standIn.addGuild({ name: "Deploy Group" });
    const env = { DISCORD_TOKEN: standIn.token, DISCORD_API_URL: standIn.restUrl };
    const deploy = await deployCommands(["--guild", guild.id], env);
    expect(deploy.output).toContain(`Slash commands updated for server ${guild.id}.`);
    expect(deploy.status).toBe(0);
    expect(standIn.registeredCommands(guild).map((command) => command.name).sort()).toEqual(["roadmap", "roadmap-admin"]);
    expect((await deployCommands(["--guild", guild.id], env)).output).toContain("already up to date");
  });
});
