import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStandIn, type StandIn } from "../standin/index.ts";
import { NodeChild } from "../support/node-child.ts";
import { createTestDatabase } from "../support/postgres.ts";

let standIn: StandIn;
let database: { url: string; drop: () => Promise<void> };
const processes: NodeChild[] = [];

/** A token of the right shape that the stand-in does not accept: what a reset token left in .env looks like. */
const STALE_TOKEN = `${Buffer.from("123456789012345678").toString("base64url")}.GxYz12.${"s".repeat(38)}`;
const TOKEN_REFUSED = "Discord refused the token: reset it in the developer portal (Bot -> Reset Token) and update DISCORD_TOKEN";

function startBot(env: Record<string, string>): NodeChild {
  const bot = NodeChild.bot({
    DISCORD_TOKEN: standIn.token,
    DISCORD_API_URL: standIn.restUrl,
    DATABASE_URL: database.url,
    LOG_LEVEL: "info",
    DISCORD_CONNECT_TIMEOUT: "1",
    ...env,
  });
  processes.push(bot);
  return bot;
}

/** A port nothing listens on: Discord unreachable, as with no network or a proxy in the way. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function messages(bot: NodeChild): string[] {
  return bot.output.flatMap((line) => {
    try {
      return [String((JSON.parse(line) as { msg?: unknown }).msg)];
    } catch {
      return [line];
    }
  });
}

function expectNoStackTrace(bot: NodeChild): void {
  expect(bot.text).not.toMatch(/"stack"|\n\s+at /);
}

beforeAll(async () => {
  standIn = await startStandIn();
  database = await createTestDatabase();
});

afterAll(async () => {
  await Promise.all(processes.map((bot) => bot.stop()));
  await standIn?.close();
  await database?.drop();
});

describe("starting the bot when Discord cannot be reached", () => {
  it("says Discord cannot be reached and what to check, retries with backoff, then exits 1", async () => {
    const bot = startBot({ DISCORD_API_URL: `http://127.0.0.1:${await closedPort()}/api` });
    expect(await bot.exited).toBe(1);
    const said = messages(bot);
    const firstConnect = said.indexOf("connecting to Discord");
    const retries = said.filter((line) => line.startsWith("Cannot reach Discord at 127.0.0.1:"));
    expect(firstConnect).toBeGreaterThanOrEqual(0);
    expect(firstConnect).toBeLessThan(said.indexOf(retries[0]!));
    expect(retries).toHaveLength(6);
    expect(retries[0]).toMatch(/\(ECONNREFUSED\): check the network, DNS, and any proxy or firewall .*; retrying in 1 s \(attempt 1 of 6\)$/);
    expect(retries.at(-1)).toMatch(/gave up after 6 attempts$/);
    expect(said.filter((line) => line === "connecting to Discord")).toHaveLength(6);
    expectNoStackTrace(bot);
  }, 30_000);
});

describe("starting the bot when PostgreSQL cannot be reached", () => {
  it("says which server did not answer and what to check, retries until DATABASE_WAIT, then exits 1", async () => {
    const port = await closedPort();
    const bot = startBot({ DATABASE_URL: `postgres://postgres:hunter2@127.0.0.1:${port}/roadmap`, DATABASE_WAIT: "2" });
    expect(await bot.exited).toBe(1);
    const said = messages(bot);
    const retries = said.filter((line) => line.startsWith(`PostgreSQL at 127.0.0.1:${port} is not answering yet (ECONNREFUSED); retrying in`));
    expect(retries.length).toBeGreaterThanOrEqual(1);
    expect(said.at(-1)).toBe(
      `PostgreSQL at 127.0.0.1:${port} did not answer within 2 s (ECONNREFUSED): check DATABASE_URL and that the server is running and reachable (DATABASE_WAIT sets how long to wait)`,
    );
    expect(bot.text).not.toContain("hunter2");
    expectNoStackTrace(bot);
  }, 30_000);
});

describe("starting the bot without its roadmap folder", () => {
  it("names the folder and the setting to fix, and exits 1", async () => {
    const bot = startBot({ ROADMAP_DIR: "/nonexistent/roadmaps" });
    expect(await bot.exited).toBe(1);
    expect(messages(bot).at(-1)).toBe(
      "No roadmap folder at /nonexistent/roadmaps: set ROADMAP_DIR to the folder of roadmap files (npm run roadmap:validate checks one)",
    );
    expectNoStackTrace(bot);
  });
});

describe("starting the bot while Discord has an outage", () => {
  it("says the error is on Discord's side, retries, and connects once Discord answers", async () => {
    // The REST client itself tries four times before giving up on a 5xx.
    standIn.failNext({ route: "/gateway/bot", status: 503, times: 4 });
    const bot = startBot({});
    await bot.waitForLine(/"msg":"connected to Discord"/, 30_000);
    const said = messages(bot);
    expect(said).toContain(`Discord at ${new URL(standIn.restUrl).host} answered 503, an error on Discord's side: see https://discordstatus.com; retrying in 1 s (attempt 1 of 6)`);
    expectNoStackTrace(bot);
    await bot.stop();
  }, 40_000);
});

describe("starting the bot with a token Discord refuses", () => {
  it("says to reset the token in the developer portal and exits 1 without retrying", async () => {
    const bot = startBot({ DISCORD_TOKEN: STALE_TOKEN });
    expect(await bot.exited).toBe(1);
    const said = messages(bot);
    expect(said.at(-1)).toBe(TOKEN_REFUSED);
    expect(said.filter((line) => line === "connecting to Discord")).toHaveLength(1);
    expect(bot.text).not.toContain(STALE_TOKEN);
    expectNoStackTrace(bot);
  });

  it("refuses a malformed token before sending Discord anything, without repeating it", async () => {
    const before = standIn.requests.length;
    const pasted = "my-client-secret-kQ3vN8xZpL2mR7tY";
    const bot = startBot({ DISCORD_TOKEN: pasted });
    expect(await bot.exited).toBe(1);
    expect(bot.text).toContain("DISCORD_TOKEN does not look like a bot token");
    expect(bot.text).not.toContain(pasted);
    expect(standIn.requests.length).toBe(before);
    expectNoStackTrace(bot);
  });
});

describe("starting the bot when Discord's gateway does not answer", () => {
  it("says the gateway did not answer and what to check while it waits, then exits 1", async () => {
    standIn.stallGateway();
    try {
      const bot = startBot({});
      expect(await bot.exited).toBe(1);
      const said = messages(bot);
      const silent = said.filter((line) => line.startsWith("Discord's gateway did not answer within 1 s"));
      expect(silent).toHaveLength(6);
      expect(silent[0]).toMatch(/firewall or proxy blocks WebSocket connections .*; still trying \(1 of 6\)$/);
      expect(silent.at(-1)).toMatch(/gave up after 6 s$/);
      expect(said.indexOf("connecting to Discord")).toBeLessThan(said.indexOf(silent[0]!));
      expectNoStackTrace(bot);
    } finally {
      standIn.stallGateway(false);
    }
  }, 30_000);
});
