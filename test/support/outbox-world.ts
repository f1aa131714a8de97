import { REST } from "discord.js";
import { afterAll, afterEach, beforeAll } from "vitest";
import { connectDatabase, type DatabaseHandle } from "../../src/db/connect.ts";
import { startStandIn, type ChannelModel, type GuildModel, type StandIn } from "../standin/index.ts";
import { silentLogger } from "./backends.ts";
import { createTestDatabase } from "./postgres.ts";

/** What a test of the outbox's delivery needs without a bot: Discord, one server with #progress, and a database. */
export interface OutboxWorld {
  readonly standIn: StandIn;
  readonly db: DatabaseHandle["db"];
  readonly guild: GuildModel;
  readonly channel: ChannelModel;
  /** A REST client of its own (its own rate-limit state), as each bot process has. */
  rest(): REST;
}

/**
 * A stand-in Discord with the server `guildName` and its #progress channel, and a database of its
 * own (migrated): made before the file's tests, checked after each (nothing Discord would refuse
 * was sent), dropped after all of them.
 */
export function useOutboxWorld(guildName: string): OutboxWorld {
  let standIn: StandIn | undefined;
  let database: { url: string; drop: () => Promise<void> } | undefined;
  let handle: DatabaseHandle | undefined;
  let guild: GuildModel | undefined;
  let channel: ChannelModel | undefined;
  beforeAll(async () => {
    standIn = await startStandIn();
    database = await createTestDatabase();
    handle = await connectDatabase({ databaseUrl: database.url, dataDir: "", logger: silentLogger });
    guild = standIn.addGuild({ name: guildName });
    channel = guild.addChannel({ name: "progress" });
  });
  afterAll(async () => {
    await handle?.close();
    await standIn?.close();
    await database?.drop();
  });
  afterEach(() => {
    standIn?.assertNoViolations();
  });
  const made = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the outbox world is made in beforeAll");
    return value;
  };
  return {
    get standIn() {
      return made(standIn);
    },
    get db() {
      return made(handle).db;
    },
    get guild() {
      return made(guild);
    },
    get channel() {
      return made(channel);
    },
    rest() {
      const discord = made(standIn);
      return new REST({ api: discord.restUrl }).setToken(discord.token);
    },
  };
}
