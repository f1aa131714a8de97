import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "../../src/clock.ts";
import type { AppContext } from "../../src/context.ts";
import { connectDatabase, type DatabaseHandle } from "../../src/db/connect.ts";
import { enqueueDueLeaderboards } from "../../src/leaderboard/weekly-post.ts";
import { setupGuild } from "../../src/settings/guild-settings.ts";
import { serviceContext, silentLogger } from "../support/backends.ts";
import { loadRealCatalogue } from "../support/catalogue.ts";
import { createTestDatabase } from "../support/postgres.ts";

// Random batches of guilds due in the same tick, some with stored settings the runtime cannot
// use: every usable guild's week is queued exactly once, whatever the others hold.
const RUNS = Number(process.env.PROPERTY_RUNS ?? 10);

let database: { url: string; drop: () => Promise<void> };
let handle: DatabaseHandle;
let ctx: AppContext;
const clock = manualClock(new Date("2026-03-09T12:00:00Z"));
let nextGuild = 0;

const BROKEN_ZONES = ["Mars/Olympus", "", " ", "Europe/Atlantis", "UTC+99", "../../etc/passwd", "Etc/GMT+99", "America/New York", "Europe/Berlin\u200b"];
const GOOD_ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kathmandu", "Pacific/Chatham", "Australia/Lord_Howe", "America/St_Johns"];

const guildSpec = fc.record({
  // Postgres text holds no NUL, so no stored value can contain one.
  zone: fc.oneof(fc.constantFrom(...GOOD_ZONES), fc.constantFrom(...BROKEN_ZONES), fc.string({ maxLength: 30 }).filter((z) => !z.includes("\u0000"))),
  weekday: fc.integer({ min: 1, max: 7 }),
  // Setup stores HH:MM, but an old row may hold anything: the schedule falls back to 09:00.
  time: fc.oneof(fc.constantFrom("09:00", "00:00", "23:59", "24:00", "99:99", "", "9am"), fc.string({ maxLength: 8 }).filter((t) => !t.includes("\u0000"))),
  // How long ago the slot was due.
  dueAgoMs: fc.integer({ min: 0, max: 3 * 24 * 60 * 60_000 }),
});

/** Whether this runtime's ICU knows the zone (what `Intl` accepts, asked directly). */
function runtimeKnowsZone(zone: string): boolean {
  if (zone.length === 0) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  handle = await connectDatabase({ databaseUrl: database.url, dataDir: "", logger: silentLogger });
  ctx = serviceContext(handle.db, await loadRealCatalogue(), clock);
});

afterAll(async () => {
  await handle?.close();
  await database?.drop();
});

describe("weekly posts for a random batch of guilds (fast-check)", () => {
  it("queue every usable guild's week exactly once, and record each unusable one for a later retry", async () => {
    let guildsTried = 0;
    let unusable = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(guildSpec, { minLength: 1, maxLength: 8 }), async (specs) => {
        const guilds = [];
        for (const spec of specs) {
          const guildId = String(900_000_000_000_000_000n + BigInt(nextGuild++));
          await setupGuild(ctx, guildId, { channelId: "123456789012345678", weekday: "monday", time: "09:00", timezone: "UTC" });
          // Written straight into the row, as an old or corrupted one would hold it.
          await sql`update guild_tracks set timezone = ${spec.zone}, post_weekday = ${spec.weekday}, post_time = ${spec.time},
                    next_post_at = ${new Date(clock.now().getTime() - spec.dueAgoMs)} where guild_id = ${guildId}`.execute(handle.db);
          guilds.push({ guildId, usable: runtimeKnowsZone(spec.zone) });
        }
        const queued = await enqueueDueLeaderboards(ctx);
        const expected = guilds.filter((g) => g.usable);
        expect(queued).toBe(expected.length);
        for (const guild of guilds) {
          const posts = await handle.db.selectFrom("outbox").select("id").where("guild_id", "=", guild.guildId).where("kind", "=", "leaderboard").execute();
          const failure = await handle.db.selectFrom("guild_job_failures").selectAll().where("guild_id", "=", guild.guildId).executeTakeFirst();
          expect(posts).toHaveLength(guild.usable ? 1 : 0);
          expect(failure?.job).toBe(guild.usable ? undefined : "weekly-post");
        }
        // The same tick again: nothing more (the usable ones moved on, the others wait out their backoff).
        expect(await enqueueDueLeaderboards(ctx)).toBe(0);
        guildsTried += guilds.length;
        unusable += guilds.length - expected.length;
      }),
      { numRuns: RUNS },
    );
    console.info(`weekly fan-out property: ${RUNS} batches, ${guildsTried} guilds, ${unusable} with an unusable stored zone`);
  }, 30_000 + RUNS * 2_000);
});
