import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../src/config.ts";

/** A token of the right shape (Discord's tokens start with the bot's id in base64url); no real one. */
const TOKEN = `${Buffer.from("1234567890123456789").toString("base64url")}.GxYz12.${"a".repeat(38)}`;

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected the configuration to be refused");
}

describe("configuration", () => {
  it("explains how to get a token when DISCORD_TOKEN is missing", () => {
    const [problem] = problemsOf({});
    expect(problem).toContain("DISCORD_TOKEN is not set");
    expect(problem).toContain("discord.com/developers/applications");
  });

  it("uses the embedded database in ./data when DATABASE_URL is unset", () => {
    const config = parseConfig({ DISCORD_TOKEN: TOKEN });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve("data"));
    expect(config.discordApiUrl).toBeUndefined();
    expect(config.logLevel).toBe("info");
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("accepts a Postgres URL and a REST base for local testing", () => {
    const config = parseConfig({
      DISCORD_TOKEN: TOKEN,
      DATABASE_URL: "postgres://bot:pw@db:5432/roadmap",
      DISCORD_API_URL: "http://127.0.0.1:8080/api/",
      DATA_DIR: "/tmp/x",
    });
    expect(config.databaseUrl).toBe("postgres://bot:pw@db:5432/roadmap");
    expect(config.discordApiUrl).toBe("http://127.0.0.1:8080/api");
    expect(config.dataDir).toBe("/tmp/x");
  });

  it("lists every wrong setting at once, in words a user can act on", () => {
    const problems = problemsOf({
      DISCORD_TOKEN: TOKEN,
      DATABASE_URL: "mysql://x",
      DISCORD_API_URL: "not a url",
      LOG_LEVEL: "loud",
      SCHEDULER_CRON: "every minute",
    });
    expect(problems).toHaveLength(4);
    expect(problems.join("\n")).toMatch(/DATABASE_URL must be a Postgres URL/);
    expect(problems.join("\n")).toMatch(/LOG_LEVEL must be one of/);
  });

  it("never repeats the token in its messages", () => {
    const problems = problemsOf({ DISCORD_TOKEN: "secret token with spaces" });
    expect(problems.join("\n")).not.toContain("secret");
  });

  it("refuses a token that is not shaped like a bot token, without repeating it", () => {
    const pasted = ["client-secret-kQ3vN8xZpL2mR7tY", "abc.def.ghi", `${Buffer.from("not an id").toString("base64url")}.GxYz12.${"a".repeat(38)}`];
    for (const token of pasted) {
      const problems = problemsOf({ DISCORD_TOKEN: token }).join("\n");
      expect(problems).toContain("DISCORD_TOKEN does not look like a bot token");
      expect(problems).toContain("Reset Token");
      expect(problems).not.toContain(token);
    }
  });

  it("accepts a token shaped like Discord's", () => {
    expect(parseConfig({ DISCORD_TOKEN: TOKEN }).discordToken).toBe(TOKEN);
  });

  it("waits 30 seconds per attempt to connect unless DISCORD_CONNECT_TIMEOUT says otherwise", () => {
    expect(parseConfig({ DISCORD_TOKEN: TOKEN }).discordConnectTimeoutMs).toBe(30_000);
    expect(parseConfig({ DISCORD_TOKEN: TOKEN, DISCORD_CONNECT_TIMEOUT: "5" }).discordConnectTimeoutMs).toBe(5_000);
    expect(problemsOf({ DISCORD_TOKEN: TOKEN, DISCORD_CONNECT_TIMEOUT: "soon" }).join("\n")).toMatch(/DISCORD_CONNECT_TIMEOUT must be a number of seconds/);
  });
});

const POSTGRES = "postgres://bot:pw@db:5432/roadmap";

describe("sharding settings", () => {
  it("runs every shard Discord recommends by default", () => {
    expect(parseConfig({ DISCORD_TOKEN: TOKEN }).shards).toEqual({ count: "auto" });
  });

  it("runs some shards of a fixed count in this process", () => {
    const postgres = { DISCORD_TOKEN: TOKEN, DATABASE_URL: POSTGRES };
    expect(parseConfig({ ...postgres, SHARD_COUNT: "4", SHARD_IDS: "1, 3" }).shards).toEqual({ count: 4, ids: [1, 3] });
    expect(parseConfig({ ...postgres, SHARD_COUNT: "2" }).shards).toEqual({ count: 2, ids: [0, 1] });
  });

  it("refuses shard ids outside the count, or without a count", () => {
    const postgres = { DISCORD_TOKEN: TOKEN, DATABASE_URL: POSTGRES };
    expect(() => parseConfig({ ...postgres, SHARD_COUNT: "2", SHARD_IDS: "2" })).toThrow(/below SHARD_COUNT/);
    expect(() => parseConfig({ ...postgres, SHARD_IDS: "0" })).toThrow(/numeric SHARD_COUNT/);
    expect(() => parseConfig({ ...postgres, SHARD_COUNT: "many" })).toThrow(/SHARD_COUNT must be/);
  });

  it("refuses shards in several processes on the embedded database, saying to use PostgreSQL", () => {
    for (const shards of [{ SHARD_COUNT: "2", SHARD_IDS: "" }, { SHARD_COUNT: "4", SHARD_IDS: "0,1" }, { SHARD_COUNT: "1", SHARD_IDS: "0" }]) {
      const problems = problemsOf({ DISCORD_TOKEN: TOKEN, ...shards }).join("\n");
      expect(problems).toContain("use PostgreSQL");
      expect(problems).toContain("DATABASE_URL");
    }
  });

  it("runs every shard in one process on the embedded database", () => {
    expect(parseConfig({ DISCORD_TOKEN: TOKEN }).shards).toEqual({ count: "auto" });
    expect(parseConfig({ DISCORD_TOKEN: TOKEN, SHARD_COUNT: "1" }).shards).toEqual({ count: 1, ids: [0] });
  });
});

describe("migrations behind a connection pooler", () => {
  const TOKEN = `${Buffer.from("123456789012345678").toString("base64url")}.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB`;

  it("migrates through DATABASE_MIGRATION_URL when it is set, and through DATABASE_URL otherwise", () => {
    const pooled = parseConfig({ DISCORD_TOKEN: TOKEN, DATABASE_URL: "postgres://bot@pooler:6432/roadmap", DATABASE_MIGRATION_URL: "postgres://bot@db:5432/roadmap" });
    expect(pooled.databaseMigrationUrl).toBe("postgres://bot@db:5432/roadmap");
    expect(parseConfig({ DISCORD_TOKEN: TOKEN, DATABASE_URL: "postgres://bot@db:5432/roadmap" }).databaseMigrationUrl).toBeUndefined();
  });

  it("refuses DATABASE_MIGRATION_URL without DATABASE_URL, or one that is not a Postgres URL", () => {
    expect(() => parseConfig({ DISCORD_TOKEN: TOKEN, DATABASE_MIGRATION_URL: "postgres://bot@db:5432/roadmap" })).toThrow(/needs DATABASE_URL/);
    expect(() => parseConfig({ DISCORD_TOKEN: TOKEN, DATABASE_URL: "postgres://a@b/c", DATABASE_MIGRATION_URL: "mysql://x" })).toThrow(/DATABASE_MIGRATION_URL must be a Postgres URL/);
  });
});

describe("waiting for PostgreSQL at start", () => {
  const TOKEN = `${Buffer.from("123456789012345678").toString("base64url")}.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB`;

  it("waits a minute by default, or as long as DATABASE_WAIT says, and refuses nonsense", () => {
    expect(parseConfig({ DISCORD_TOKEN: TOKEN }).databaseWaitMs).toBe(60_000);
    expect(parseConfig({ DISCORD_TOKEN: TOKEN, DATABASE_WAIT: "5" }).databaseWaitMs).toBe(5_000);
    expect(() => parseConfig({ DISCORD_TOKEN: TOKEN, DATABASE_WAIT: "soon" })).toThrow(/DATABASE_WAIT must be a number of seconds/);
    expect(() => parseConfig({ DISCORD_TOKEN: TOKEN, DATABASE_WAIT: "0" })).toThrow(/at least 1 second/);
  });
});
