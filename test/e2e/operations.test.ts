import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStandIn, type StandIn } from "../standin/index.ts";
import { startTestBot, waitForCommands, type TestBot } from "../support/bot.ts";
import { loadRealCatalogue } from "../support/catalogue.ts";
import { createTestDatabase } from "../support/postgres.ts";
import { proxiedUrl, TcpProxy } from "../support/tcp-proxy.ts";

let standIn: StandIn;
let bot: TestBot;
let database: { url: string; drop: () => Promise<void> };
let proxy: TcpProxy;
let base: string;

beforeAll(async () => {
  standIn = await startStandIn();
  database = await createTestDatabase();
  proxy = new TcpProxy("127.0.0.1", 5432);
  await proxy.up();
  bot = await startTestBot({ standIn, databaseUrl: proxiedUrl(database.url, proxy), catalogue: await loadRealCatalogue(), httpPort: 0 });
  await standIn.waitForReady();
  await waitForCommands(standIn);
  base = `http://127.0.0.1:${bot.ops!.port}`;
});

afterAll(async () => {
  await bot?.stop();
  await proxy?.down();
  await standIn?.close();
  await database?.drop();
});

describe("GET /healthz", () => {
  it("is 200 when the database answers and the gateway is connected", async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: "up", gateway: "up" });
  });

  it("is 503 and names the database while Postgres is unreachable, and 200 again after", async () => {
    await proxy.down();
    try {
      const response = await fetch(`${base}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: "down", database: "down", gateway: "up" });
    } finally {
      await proxy.up();
    }
    let status = 0;
    for (let attempt = 0; attempt < 20 && status !== 200; attempt++) {
      status = (await fetch(`${base}/healthz`)).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
  });
});

describe("GET /metrics", () => {
  it("counts interactions by command and outcome, and reports latency, outbox and pool", async () => {
    const guild = standIn.addGuild({ name: "Metrics Group" });
    const member = guild.addMember({ username: "counted" });
    await (await standIn.command({ member, name: "roadmap", subcommand: "check", options: { item: "python-install-and-run" } })).reply();
    await (await standIn.command({ member, name: "roadmap", subcommand: "check", options: { item: "definitely not an item" } })).reply();
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('roadmap_bot_interactions_total{kind="command",command="roadmap check",outcome="ok"} 1');
    expect(text).toContain('roadmap_bot_interactions_total{kind="command",command="roadmap check",outcome="user-error"} 1');
    expect(text).toMatch(/roadmap_bot_handler_duration_seconds_bucket\{le="0.1",kind="command"\} \d+/);
    expect(text).toContain('roadmap_bot_outbox_backlog{status="pending"} 0');
    expect(text).toMatch(/roadmap_bot_db_pool_connections\{state="total"\} \d+/);
    expect(text).toMatch(/roadmap_bot_gateway_ping_ms -?\d+/);
  });

  it("logs every interaction as JSON with guild, command and duration", async () => {
    const entry = bot.logs.entries.find((e) => e.msg === "interaction handled" && e.command === "roadmap check");
    expect(entry).toMatchObject({ kind: "command", guildId: expect.any(String), durationMs: expect.any(Number) });
  });
});
