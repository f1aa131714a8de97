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
