import { randomBytes } from "node:crypto";
import { PermissionFlagsBits } from "discord.js";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { manualClock } from "../../src/clock.ts";
import { startStandIn, type ChannelModel, type GuildModel, type MemberModel, type StandIn } from "../standin/index.ts";
import { startTestBot, waitForCommands, type TestBot } from "../support/bot.ts";
import { loadRealCatalogue } from "../support/catalogue.ts";
import { hasPgBouncer, startPgBouncer, type RunningPgBouncer } from "../support/pgbouncer.ts";
import { databaseUrl, withAdmin } from "../support/postgres.ts";

// docs/operations.md promises the bot runs behind a transaction-pooling PgBouncer: nothing it does
// may rely on session state (session advisory locks, SET without LOCAL, LISTEN, named statements).
const canRun = hasPgBouncer || process.env.CI === "true";

let pooler: RunningPgBouncer;
let standIn: StandIn;
let bot: TestBot;
let database: { url: string; drop: () => Promise<void> };
let roadmap: Roadmap;
let guild: GuildModel;
let channel: ChannelModel;
let organiser: MemberModel;
// Monday 2 March 2026, 10:00 UTC: this week's 09:00 UTC slot has passed, the next is 9 March.
const clock = manualClock(new Date("2026-03-02T10:00:00Z"));

async function run(member: MemberModel, name: "roadmap" | "roadmap-admin", subcommand: string, options: Record<string, unknown> = {}) {
  const handle = await standIn.command({ member, channel: guild.textChannels[0], name, subcommand, options: options as never });
  return handle.reply();
}

describe.skipIf(!canRun)("the bot behind PgBouncer in transaction pooling mode", () => {
  beforeAll(async () => {
    pooler = await startPgBouncer({ serverConnections: 2 });
    // An empty database, so the bot's own start-up migrates it, through the direct URL.
    const name = `roadmap_pooled_${randomBytes(6).toString("hex")}`;
    await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
    database = {
      url: databaseUrl(name),
      drop: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
    };
    const catalogue = await loadRealCatalogue();
    roadmap = catalogue.defaultRoadmap;
    standIn = await startStandIn();
    guild = standIn.addGuild({ name: "Pooled study group" });
    channel = guild.addChannel({ name: "progress" });
    organiser = guild.addMember({ username: "organiser", permissions: PermissionFlagsBits.ManageGuild });
    const databaseName = new URL(database.url).pathname.slice(1);
    bot = await startTestBot({ standIn, databaseUrl: pooler.url(databaseName), databaseMigrationUrl: database.url, clock, catalogue });
    await standIn.waitForReady();
    await waitForCommands(standIn);
  });

  afterAll(async () => {
    await bot?.stop();
    await standIn?.close();
    await pooler?.stop();
    await database?.drop();
  });

  it("migrates through DATABASE_MIGRATION_URL and leaves no session lock behind", async () => {
    const direct = new pg.Client({ connectionString: database.url });
    await direct.connect();
    try {
      const applied = await direct.query("select count(*)::int as n from kysely_migration");
      expect(applied.rows[0].n).toBeGreaterThan(0);
      const locks = await direct.query("select count(*)::int as n from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())");
      expect(locks.rows[0].n).toBe(0);
    } finally {
      await direct.end();
    }
  });

  it("answers checks from many members at once, each counted once", async () => {
    const setup = await run(organiser, "roadmap-admin", "setup", { channel, day: "monday", time: "09:00", timezone: "UTC" });
    expect(setup.content).toContain("every **Monday**");
    const members = Array.from({ length: 12 }, (_, i) => guild.addMember({ username: `member${i}` }));
    // Twelve members check three items each at the same moment: more transactions than the two server connections.
    const replies = await Promise.all(
      members.flatMap((member, m) => [0, 1, 2].map((i) => run(member, "roadmap", "check", { item: roadmap.items[(m + i) % 20]!.id }))),
    );
    expect(replies.every((reply) => reply.content.includes("✅"))).toBe(true);
    const progress = await run(members[0]!, "roadmap", "progress");
    expect(JSON.stringify(progress.embeds)).toContain(`3/${roadmap.items.length}`);
    const pools = await pooler.admin("SHOW POOLS");
    const pool = pools.find((row) => row.user === "postgres" && row.database === new URL(database.url).pathname.slice(1));
    expect(pool?.pool_mode).toBe("transaction");
    standIn.assertNoViolations();
  });

  it("celebrates a finished stage once and posts the weekly leaderboard once", async () => {
    const finisher = guild.addMember({ username: "finisher" });
    const stage1 = roadmap.stages[0]!.items;
    for (const item of stage1) await run(finisher, "roadmap", "check", { item: item.id });
    const celebration = await standIn.waitForChannelMessage(channel, (m) => m.content.includes("Stage 1"));
    expect(celebration.content).toContain(`<@${finisher.id}>`);

    clock.set(new Date("2026-03-09T09:00:01Z"));
    const post = await standIn.waitForChannelMessage(channel, (m) => m.embeds[0]?.title?.includes("Weekly leaderboard") ?? false);
    const ranked = post.embeds[0]!.description!.split("\n").filter((line) => line.includes("<@"));
    expect(ranked[0]).toContain(`<@${finisher.id}>`);

    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const posts = standIn.channelMessages(channel);
    expect(posts.filter((m) => m.content.includes("Stage 1") && m.content.includes(finisher.id))).toHaveLength(1);
    expect(posts.filter((m) => m.embeds[0]?.title?.includes("Weekly leaderboard"))).toHaveLength(1);
    standIn.assertNoViolations();
  });
});
