import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { manualClock } from "../../src/clock.ts";
import { type GuildModel, type MemberModel, type StandIn } from "../standin/index.ts";
import { dumpDatabase } from "../support/db-dump.ts";
import { startBotWorld, type BotWorld } from "../support/world.ts";

let world: BotWorld;
let standIn: StandIn;
let roadmap: Roadmap;
let guild: GuildModel;
const clock = manualClock(new Date("2026-03-02T10:00:00Z"));

type Options = Record<string, string | number | boolean | MemberModel>;

async function run(member: MemberModel, subcommand: string, options: Options = {}) {
  return (await standIn.command({ member, name: "roadmap", subcommand, options })).reply();
}

async function check(member: MemberModel, indexes: Iterable<number>, note?: string) {
  for (const i of indexes) await run(member, "check", { item: roadmap.items[i]!.id, ...(note ? { note } : {}) });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

beforeAll(async () => {
  world = await startBotWorld({ clock });
  ({ standIn, roadmap } = world);
});

afterAll(() => world?.stop());

beforeEach(async () => {
  clock.set(new Date("2026-03-02T10:00:00Z"));
  guild = standIn.addGuild({ name: "Privacy Group" });
  await settle();
});

afterEach(() => {
  standIn.assertNoViolations();
});

describe("a hidden member", () => {
  it("has their progress and stages shown to nobody else, with one answer whether they have progress or not", async () => {
    const viewer = guild.addMember({ username: "viewer" });
    const busy = guild.addMember({ username: "busy", globalName: "Busy Bee" });
    const idle = guild.addMember({ username: "idle", globalName: "Idle Ida" });
    await check(busy, [0, 1, 2], "my secret repo");
    await run(busy, "privacy", { hidden: true });
    await run(idle, "privacy", { hidden: true });

    const answers = [];
    for (const target of [busy, idle]) {
      for (const [subcommand, options] of [["progress", {}], ["stage", { number: 1 }]] as const) {
        const before = await dumpDatabase(world.bot.context.db);
        const reply = await run(viewer, subcommand, { ...options, member: target });
        expect(reply.ephemeral).toBe(true);
        expect(reply.embeds).toEqual([]);
        expect(reply.attachments ?? []).toEqual([]);
        expect(await dumpDatabase(world.bot.context.db)).toBe(before);
        answers.push(reply.content);
      }
    }
    expect(answers[0]).toContain("keeps their progress private");
    expect(new Set(answers).size).toBe(1);
    for (const leak of ["Busy", "Idle", "3/", busy.id, idle.id]) expect(answers[0]).not.toContain(leak);
  });

  it("still sees all of their own progress", async () => {
    const shy = guild.addMember({ username: "shy", globalName: "Shy" });
    await check(shy, [0, 1]);
    await run(shy, "privacy", { hidden: true });
    expect((await run(shy, "progress")).embeds[0]!.description).toContain("**2/345**");
    expect((await run(shy, "stage", { number: 1, member: shy })).embeds[0]!.description).toContain(`✅ ${roadmap.items[0]!.title}`);
  });

  it("stops showing in a stage view someone opened before they hid", async () => {
    const viewer = guild.addMember({ username: "viewer2" });
    const later = guild.addMember({ username: "later" });
    await check(later, [0]);
    const opened = await run(viewer, "stage", { number: 3, member: later });
    const row = opened.components[0] as { components: { custom_id: string; label: string }[] };
    const next = row.components.find((b) => b.label.includes("Next"))!;
    await run(later, "privacy", { hidden: true });
    const pressed = await (await standIn.pressButton({ member: viewer, message: opened, customId: next.custom_id })).reply();
    expect(pressed.ephemeral).toBe(true);
    expect(pressed.content).toContain("keeps their progress private");
  });

  it("is told exactly what is hidden, what still counts, and the exceptions", async () => {
    const member = guild.addMember({ username: "asks" });
    const reply = await run(member, "privacy", { hidden: true });
    expect(reply.ephemeral).toBe(true);
    const text = reply.content;
    for (const hidden of ["leaderboards", "milestone posts", "item pages", "buddy suggestions", "/roadmap progress member:", "/roadmap stage member:"]) {
      expect(text).toContain(hidden);
    }
    expect(text).toContain("anonymous totals");
    expect(text).toContain("/roadmap-admin export");
    expect(text.length).toBeLessThanOrEqual(2000);
  });
});

describe("notes with links", () => {
  const masked = "[https://docs.python.org/3/](https://evil.example/login)";
  /** Whether Discord would render a masked link, once escaped characters are set aside. */
  const hasMaskedLink = (text: string) => /\[[^\]]*\]\(/.test(text.replace(/\\./g, "_"));

  it("show a masked link literally on the item page, so the link text is where it goes", async () => {
    const author = guild.addMember({ username: "author" });
    const reader = guild.addMember({ username: "reader" });
    await check(author, [0], masked);
    const notes = (await run(reader, "item", { item: roadmap.items[0]!.id })).embeds[0]!.fields!.find((f) => f.name === "Notes and links from peers")!.value;
    expect(hasMaskedLink(notes)).toBe(false);
    expect(notes).toContain("https://evil.example/login");
  });

  it("show a masked link literally in the check reply", async () => {
    const author = guild.addMember({ username: "author2" });
    const reply = await run(author, "check", { item: roadmap.items[1]!.id, note: masked });
    expect(reply.content).toContain("Note:");
    expect(hasMaskedLink(reply.content)).toBe(false);
  });

  it("keep bare links working on the item page", async () => {
    const author = guild.addMember({ username: "author3" });
    const url = "https://github.com/ann/hello_python/blob/main/first_script.py";
    await check(author, [2], `built it: ${url}`);
    const notes = (await run(author, "item", { item: roadmap.items[2]!.id })).embeds[0]!.fields!.find((f) => f.name === "Notes and links from peers")!.value;
    expect(notes).toContain(url);
  });
});

describe("a member who left the server", () => {
  async function leftAt(member: MemberModel) {
    const row = await world.bot.context.db
      .selectFrom("members")
      .select("left_at")
      .where("guild_id", "=", guild.id)
      .where("user_id", "=", member.id)
      .executeTakeFirstOrThrow();
    return row.left_at;
  }

  const doneBy = async (viewer: MemberModel, index: number) => {
    const embed = (await run(viewer, "item", { item: roadmap.items[index]!.id })).embeds[0]!;
    return { embed: JSON.stringify(embed), who: embed.fields!.find((f) => f.name.startsWith("Done by"))!.value };
  };

  it("is no longer named on item pages or leaderboards, and is again once they use a command", async () => {
    const stays = guild.addMember({ username: "stays" });
    const leaves = guild.addMember({ username: "leaves" });
    await check(stays, [0], "my notes");
    await check(leaves, [0, 1], "notes of the leaver");
    guild.removeMember(leaves);

    const page = await doneBy(stays, 0);
    expect(page.who).toContain(`<@${stays.id}>`);
    expect(page.who).toContain("+1 no longer in the server");
    expect(page.embed).not.toContain(leaves.id);
    expect(page.embed).not.toContain("notes of the leaver");
    expect(await leftAt(leaves)).toEqual(clock.now());
    expect(JSON.stringify((await run(stays, "leaderboard")).embeds)).not.toContain(leaves.id);

    const back = guild.addMember({ user: leaves.user });
    await settle();
    await run(back, "next");
    // Marked present right after the answer.
    for (let tries = 0; tries < 100 && (await leftAt(back)) !== null; tries++) await settle();
    expect(await leftAt(back)).toBeNull();
    expect((await doneBy(stays, 0)).who).toContain(`<@${back.id}>`);
  });

  it("gets no more reminder DMs: the reminder is switched off and their progress is kept", async () => {
    const leaver = guild.addMember({ username: "reminded" });
    await check(leaver, [0, 1]);
    clock.set(new Date("2026-03-03T10:00:00Z"));
    await run(leaver, "remind", { weekday: "wednesday", time: "18:00" });
    expect(standIn.directMessages(leaver)).toHaveLength(1); // the confirmation
    // Another server keeps a DM channel open between them, as on real Discord.
    standIn.addGuild({ name: "Elsewhere" }).addMember({ user: leaver.user });
    guild.removeMember(leaver);

    clock.set(new Date("2026-03-11T18:00:01Z")); // a week with no check, past the slot
    const db = world.bot.context.db;
    const reminder = async () =>
      db.selectFrom("outbox").select(["status", "last_error"]).where("kind", "=", "reminder").where("dedupe_key", "like", `reminder:${guild.id}:${leaver.id}:%`).executeTakeFirst();
    const deadline = Date.now() + 10_000;
    while ((await reminder())?.status !== "failed" && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await reminder())?.last_error).toContain("left the server");
    expect(standIn.directMessages(leaver)).toHaveLength(1);
    const row = await db.selectFrom("members").select(["remind_next_at", "left_at"]).where("guild_id", "=", guild.id).where("user_id", "=", leaver.id).executeTakeFirstOrThrow();
    expect(row.remind_next_at).toBeNull();
    expect(row.left_at).not.toBeNull();
    const kept = await db.selectFrom("progress").select("item_id").where("guild_id", "=", guild.id).where("user_id", "=", leaver.id).execute();
    expect(kept).toHaveLength(2);
  });
});
