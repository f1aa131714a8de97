import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "../../src/clock.ts";
import type { GuildJob } from "../../src/db/schema.ts";
import { type MemberModel, type StandIn } from "../standin/index.ts";
import type { TestBot } from "../support/bot.ts";
import { startBotWorld, type BotWorld, type Group } from "../support/world.ts";
import { schedulerTicks as ticks, waitFor } from "../support/wait.ts";

// One guild's broken data or failing write must never stop another guild's scheduled work.
let standIn: StandIn;
let bot: TestBot;
let world: BotWorld;
// Monday 2 March 2026, 07:00 UTC: before both groups' 09:00 (UTC) slot.
const clock = manualClock(new Date("2026-03-02T07:00:00Z"));
const SLOT = new Date("2026-03-02T09:00:00Z");

async function command(group: Group, member: MemberModel, name: "roadmap" | "roadmap-admin", subcommand: string, options: Record<string, unknown> = {}) {
  const handle = await standIn.command({ member, channel: group.channel, name, subcommand, options: options as never });
  return handle.reply();
}

async function groupWithSetup(name: string): Promise<Group> {
  const group = await world.addGroup(name);
  const { channel, organiser } = group;
  const reply = await command(group, organiser, "roadmap-admin", "setup", { channel, day: "monday", time: "09:00", timezone: "UTC" });
  expect(reply.content).toContain("Weekly leaderboard");
  return group;
}

async function settingsText(group: Group): Promise<string> {
  return JSON.stringify((await command(group, group.organiser, "roadmap-admin", "settings")).embeds);
}

async function failureRow(guildId: string, job: GuildJob) {
  return bot.context.db.selectFrom("guild_job_failures").selectAll().where("guild_id", "=", guildId).where("job", "=", job).executeTakeFirst();
}

async function metric(job: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${bot.ops!.port}/metrics`)).text();
  const match = new RegExp(`roadmap_bot_guild_failures_total\\{job="${job}"\\} (\\d+)`).exec(text);
  return match ? Number(match[1]) : 0;
}

function failureLogs(guildId: string, job: string) {
  return bot.logs.entries.filter((e) => e.msg === "scheduled work failed for one guild; the others go on" && e.guildId === guildId && e.job === job);
}



beforeAll(async () => {
  world = await startBotWorld({ clock, httpPort: 0 });
  ({ standIn, bot } = world);
});

afterAll(() => world?.stop());

afterEach(() => {
  standIn.assertNoViolations();
});

describe("a guild whose stored time zone the runtime does not know", () => {
  it("does not stop another guild's weekly post in the same tick; it is logged, counted, retried later and shown in settings", async () => {
    clock.set(new Date("2026-03-02T07:00:00Z"));
    const broken = await groupWithSetup("Broken Zone Group");
    const healthy = await groupWithSetup("Healthy Group");
    // As an old or corrupted row would hold it: setup itself refuses such a zone.
    await sql`update guilds set timezone = 'Mars/Olympus' where guild_id = ${broken.guild.id}`.execute(bot.context.db);
    // The weekly post follows the guild's track.
    await sql`update guild_tracks set timezone = 'Mars/Olympus' where guild_id = ${broken.guild.id}`.execute(bot.context.db);
    const failuresBefore = await metric("weekly-post");

    clock.set(new Date(SLOT.getTime() + 5_000));
    const post = await standIn.waitForChannelMessage(healthy.channel, (m) => m.embeds[0]?.title?.includes("Weekly leaderboard") ?? false);
    expect(post.embeds[0]!.title).toContain("Weekly leaderboard");

    await waitFor(async () => (await failureRow(broken.guild.id, "weekly-post")) !== undefined);
    await ticks(3);
    expect(standIn.channelMessages(broken.channel)).toHaveLength(0);
    // Retried with backoff, not on every tick: the manual clock has not reached the retry time.
    const failure = (await failureRow(broken.guild.id, "weekly-post"))!;
    expect(failure.failures).toBe(1);
    expect(failure.retry_at.getTime() - failure.failed_at.getTime()).toBe(60_000);
    expect(failureLogs(broken.guild.id, "weekly-post")).toHaveLength(1);
    expect(await metric("weekly-post")).toBe(failuresBefore + 1);

    const settings = await settingsText(broken);
    expect(settings).toContain("Last weekly post failed");
    expect(settings).toContain("the time zone `Mars/Olympus` is not one I know");
    expect(settings).toContain(`I'll retry <t:${Math.floor(failure.retry_at.getTime() / 1000)}:F>`);
    expect(settings).toContain("Run `/roadmap-admin setup` again to fix it.");
    expect(await settingsText(healthy)).not.toContain("Scheduled work failing");

    // Past the retry time it is tried once more, and the next wait is twice as long.
    clock.advance(61_000);
    await waitFor(async () => (await failureRow(broken.guild.id, "weekly-post"))?.failures === 2);
    const second = (await failureRow(broken.guild.id, "weekly-post"))!;
    expect(second.retry_at.getTime() - second.failed_at.getTime()).toBe(120_000);

    // Setup with a real zone clears the failure.
    await command(broken, broken.organiser, "roadmap-admin", "setup", { channel: broken.channel, day: "monday", time: "09:00", timezone: "Europe/Berlin" });
    expect(await failureRow(broken.guild.id, "weekly-post")).toBeUndefined();
    expect(await settingsText(broken)).not.toContain("Scheduled work failing");
  });
});

describe("a guild whose reminder cannot be queued", () => {
  it("does not stop another guild's reminders; it is logged, counted, retried later and shown in settings", async () => {
    clock.set(new Date("2026-03-03T10:00:00Z")); // Tuesday; both reminders are on Wednesday 18:00 UTC
    const broken = await groupWithSetup("Broken Reminder Group");
    const healthy = await groupWithSetup("Healthy Reminder Group");
    const [a, b] = [broken.guild.addMember({ username: "remind-a" }), healthy.guild.addMember({ username: "remind-b" })];
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await command(broken, a, "roadmap", "remind", { weekday: "wednesday", time: "18:00" })).content).toContain("Wednesday");
    expect((await command(healthy, b, "roadmap", "remind", { weekday: "wednesday", time: "18:00" })).content).toContain("Wednesday");
    // A real write failure, for one guild only: Postgres refuses its outbox rows.
    await sql
      .raw(
        `create function refuse_one_guild() returns trigger language plpgsql as $$
         begin raise exception 'injected failure for guild %', new.guild_id; end $$;
         create trigger refuse_one_guild before insert on outbox for each row
         when (new.guild_id = '${broken.guild.id}') execute function refuse_one_guild();`,
      )
      .execute(bot.context.db);
    const failuresBefore = await metric("reminder");
    const dmsBefore = standIn.directMessages(b).length;

    clock.set(new Date("2026-03-04T18:00:05Z"));
    await waitFor(() => standIn.directMessages(b).length > dmsBefore);
    expect(standIn.directMessages(b).at(-1)!.content).toContain("Your weekly roadmap reminder");

    await waitFor(async () => (await failureRow(broken.guild.id, "reminder")) !== undefined);
    await ticks(2);
    const failure = (await failureRow(broken.guild.id, "reminder"))!;
    expect(failure.failures).toBe(1);
    expect(failureLogs(broken.guild.id, "reminder")).toHaveLength(1);
    expect(await metric("reminder")).toBe(failuresBefore + 1);
    // The member's reminder waits for the retry time rather than failing every tick.
    const member = await bot.context.db.selectFrom("members").select("remind_next_at").where("guild_id", "=", broken.guild.id).where("user_id", "=", a.id).executeTakeFirstOrThrow();
    expect(member.remind_next_at).toEqual(failure.retry_at);

    const settings = await settingsText(broken);
    expect(settings).toContain("A member's weekly reminder failed");
    expect(settings).toContain("an unexpected error (the details are in the bot's log)");
    expect(settings).not.toContain("injected failure");

    // Once the database takes the write again, the retry sends it and the failure is gone.
    await sql.raw("drop trigger refuse_one_guild on outbox; drop function refuse_one_guild();").execute(bot.context.db);
    const dmsOfA = standIn.directMessages(a).length;
    clock.advance(61_000);
    await waitFor(() => standIn.directMessages(a).length > dmsOfA);
    await waitFor(async () => (await failureRow(broken.guild.id, "reminder")) === undefined);
  });
});

describe("a guild whose delivery cannot be recorded", () => {
  it("does not stop another guild's posts; the crash is logged with the guild, counted, and the post retried once the database recovers", async () => {
    clock.set(new Date("2026-03-05T12:00:00Z"));
    const broken = await groupWithSetup("Broken Delivery Group");
    const healthy = await groupWithSetup("Healthy Delivery Group");
    // Postgres refuses to record any outcome for this guild's posts (delivered, or a retry).
    await sql
      .raw(
        `create function refuse_outcome() returns trigger language plpgsql as $$
         begin raise exception 'injected failure for guild %', new.guild_id; end $$;
         create trigger refuse_outcome before update on outbox for each row
         when (new.guild_id = '${broken.guild.id}' and (new.status <> 'pending' or new.last_error is not null or new.lease_until is null))
         execute function refuse_outcome();`,
      )
      .execute(bot.context.db);
    const failuresBefore = await metric("delivery");

    expect((await command(broken, broken.organiser, "roadmap-admin", "post-leaderboard")).content).toContain("Posting");
    expect((await command(healthy, healthy.organiser, "roadmap-admin", "post-leaderboard")).content).toContain("Posting");
    await standIn.waitForChannelMessage(healthy.channel);
    await waitFor(() => bot.logs.entries.some((e) => e.msg === "outbox delivery crashed" && e.guildId === broken.guild.id && e.kind === "leaderboard"));
    expect(await metric("delivery")).toBe(failuresBefore + 1);

    await sql.raw("drop trigger refuse_outcome on outbox; drop function refuse_outcome();").execute(bot.context.db);
    clock.advance(61_000); // the lease runs out
    const row = await bot.context.db.selectFrom("outbox").select("id").where("guild_id", "=", broken.guild.id).executeTakeFirstOrThrow();
    await waitFor(async () => (await bot.context.db.selectFrom("outbox").select("status").where("id", "=", row.id).executeTakeFirstOrThrow()).status === "delivered");
    // The retry carries the same nonce, so the channel still has one copy.
    expect(standIn.channelMessages(broken.channel)).toHaveLength(1);
    expect(standIn.channelMessages(healthy.channel)).toHaveLength(1);
  });
});
