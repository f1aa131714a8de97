import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { manualClock } from "../../src/clock.ts";
import { MESSAGES } from "../../src/discord/dispatcher.ts";
import { startStandIn, type ChannelModel, type GuildModel, type MemberModel, type StandIn } from "../standin/index.ts";
import { startTestBot, waitForCommands, type TestBot } from "../support/bot.ts";
import { loadRealCatalogue } from "../support/catalogue.ts";
import { createTestDatabase } from "../support/postgres.ts";
import { proxiedUrl, TcpProxy } from "../support/tcp-proxy.ts";
import { waitFor } from "../support/wait.ts";
import { createI18n } from "../../src/i18n/translator.ts";

/** What an English-speaking member reads for a message key. */
const english = createI18n({ logger: { warn: () => undefined } }).forLanguage("en");

let standIn: StandIn;
let bot: TestBot;
let database: { url: string; drop: () => Promise<void> };
let proxy: TcpProxy;
let guild: GuildModel;
let channel: ChannelModel;
let roadmap: Roadmap;
const clock = manualClock(new Date("2026-03-02T10:00:00Z"));
let memberCount = 0;

function newMember(name = `member${++memberCount}`): MemberModel {
  return guild.addMember({ username: name, globalName: name.toUpperCase() });
}

async function run(member: MemberModel, subcommand: string, options: Record<string, string | number | boolean | MemberModel> = {}) {
  const handle = await standIn.command({ member, channel, name: "roadmap", subcommand, options });
  return { handle, reply: await handle.reply() };
}

async function doneCount(member: MemberModel): Promise<number> {
  const rows = await bot.context.db.selectFrom("progress").select("item_id").where("user_id", "=", member.id).execute();
  return rows.length;
}

beforeAll(async () => {
  const catalogue = await loadRealCatalogue();
  roadmap = catalogue.defaultRoadmap;
  standIn = await startStandIn();
  guild = standIn.addGuild({ name: "AI Study Group" });
  channel = guild.addChannel({ name: "progress" });
  database = await createTestDatabase();
  proxy = new TcpProxy("127.0.0.1", 5432);
  await proxy.up();
  bot = await startTestBot({ standIn, databaseUrl: proxiedUrl(database.url, proxy), clock, catalogue });
  await standIn.waitForReady();
  await waitForCommands(standIn);
});

afterAll(async () => {
  await bot?.stop();
  await proxy?.down();
  await standIn?.close();
  await database?.drop();
});

afterEach(() => {
  // Every request the bot made must satisfy Discord's schema and limits.
  standIn.assertNoViolations();
  expect(standIn.unknownRoutes).toEqual([]);
});

describe("setting up", () => {
  it("registers /roadmap and /roadmap-admin once, and not again when nothing changed (reported as unchanged)", async () => {
    const names = standIn.registeredCommands().map((command) => command.name).sort();
    expect(names).toEqual(["roadmap", "roadmap-admin"]);
    const admin = standIn.registeredCommands().find((command) => command.name === "roadmap-admin")!;
    expect(admin.default_member_permissions).toBe("32");
    expect(standIn.commandPutCount).toBe(1);

    const second = await startTestBot({ standIn, databaseUrl: database.url, clock, catalogue: bot.context.catalogue });
    try {
      await standIn.waitForReady(2);
      await waitFor(() => second.logs.entries.some((entry) => entry.msg === "slash commands synced"), "the second start's command sync");
      expect(second.logs.entries.find((entry) => entry.msg === "slash commands synced")?.result).toBe("unchanged");
      expect(standIn.commandPutCount).toBe(1);
    } finally {
      await second.stop();
    }
  });
});

describe("/roadmap check", () => {
  it("offers up to 25 matching items with their stage and section", async () => {
    const member = newMember();
    const handle = await standIn.autocomplete({ member, channel, name: "roadmap", subcommand: "check", focused: "item", value: "rag" });
    const choices = await handle.autocompleteChoices();
    expect(choices.length).toBeGreaterThan(1);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const choice of choices) {
      expect(choice.name).toMatch(/ · S\d \d\.\d/);
      expect(roadmap.item(String(choice.value))).toBeDefined();
    }
  });

  it("suggests the next unchecked items when nothing is typed, and marks done ones when searching", async () => {
    const member = newMember();
    await run(member, "check", { item: roadmap.items[0]!.id });
    const empty = await standIn.autocomplete({ member, channel, name: "roadmap", subcommand: "check", focused: "item", value: "" });
    expect((await empty.autocompleteChoices())[0]!.value).toBe(roadmap.items[1]!.id);
    const search = await standIn.autocomplete({
      member,
      channel,
      name: "roadmap",
      subcommand: "check",
      focused: "item",
      value: roadmap.items[0]!.title.slice(0, 20),
    });
    const first = (await search.autocompleteChoices()).find((c) => c.value === roadmap.items[0]!.id);
    expect(first?.name).toContain("✓ done");
  });

  it("records a checked item and tells the member where they stand, only to them", async () => {
    const member = newMember();
    const item = roadmap.items[3]!;
    const { reply } = await run(member, "check", { item: item.id, note: "https://github.com/me/cli-tool" });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain(`Checked **${item.title}**`);
    expect(reply.content).toContain("1/345");
    expect(await doneCount(member)).toBe(1);
  });

  it("counts an item checked twice once", async () => {
    const member = newMember();
    const item = roadmap.items[4]!;
    await run(member, "check", { item: item.id });
    const { reply } = await run(member, "check", { item: item.id });
    expect(reply.content).toContain("already checked");
    expect(await doneCount(member)).toBe(1);
  });

  it("resolves a typed title, ignoring case", async () => {
    const member = newMember();
    const item = roadmap.items[10]!;
    const { reply } = await run(member, "check", { item: item.title.toUpperCase() });
    expect(reply.content).toContain(`Checked **${item.title}**`);
  });

  it("answers an unknown item with the closest matches, politely and privately, changing nothing", async () => {
    const member = newMember();
    const { reply } = await run(member, "check", { item: "rag evaluation" });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/Did you mean/);
    expect(await doneCount(member)).toBe(0);
  });

  it("escapes echoed text and never pings", async () => {
    const member = newMember();
    const { reply } = await run(member, "check", { item: "@everyone **bold**" });
    expect(reply.content).not.toContain("@everyone");
    const request = standIn.requests.filter((r) => r.path.includes("/callback")).at(-1)!;
    expect((request.body as { data?: { allowed_mentions?: unknown } }).data?.allowed_mentions).toEqual({ parse: [] });
  });
});

describe("/roadmap uncheck", () => {
  it("takes back a checked item", async () => {
    const member = newMember();
    const item = roadmap.items[2]!;
    await run(member, "check", { item: item.id });
    const { reply } = await run(member, "uncheck", { item: item.id });
    expect(reply.content).toContain(`Unchecked **${item.title}**`);
    expect(await doneCount(member)).toBe(0);
  });

  it("says so when the item was not checked", async () => {
    const member = newMember();
    const { reply } = await run(member, "uncheck", { item: roadmap.items[2]!.id });
    expect(reply.content).toContain("wasn't checked");
  });

  it("offers only the member's done items", async () => {
    const member = newMember();
    await run(member, "check", { item: roadmap.items[7]!.id });
    const handle = await standIn.autocomplete({ member, channel, name: "roadmap", subcommand: "uncheck", focused: "item", value: "" });
    expect((await handle.autocompleteChoices()).map((c) => c.value)).toEqual([roadmap.items[7]!.id]);
  });
});

describe("/roadmap progress", () => {
  it("shows the progress tracker: overall, current stage and each stage with a bar", async () => {
    const member = newMember("ada");
    for (const item of roadmap.items.slice(0, 3)) await run(member, "check", { item: item.id });
    const { reply } = await run(member, "progress");
    expect(reply.ephemeral).toBe(false);
    const embed = reply.embeds[0]!;
    expect(embed.title).toContain("ADA");
    expect(embed.description).toContain("**3/345**");
    expect(embed.description).toContain("Stage 1: Foundational Skills");
    expect(embed.fields?.[0]?.value).toContain("3/100");
    expect(embed.fields?.find((f) => f.name === "Projection")?.value).toContain("Not enough history yet");
  });

  it("shows another member's progress", async () => {
    const viewer = newMember();
    const other = newMember("grace");
    await run(other, "check", { item: roadmap.items[0]!.id });
    const { reply } = await run(viewer, "progress", { member: other });
    expect(reply.embeds[0]!.title).toContain("GRACE");
    expect(reply.embeds[0]!.description).toContain("**1/345**");
  });

  it("refuses a bot as the member, ephemerally", async () => {
    const viewer = newMember();
    const robot = guild.addMember({ username: "helperbot", bot: true });
    const { reply } = await run(viewer, "progress", { member: robot });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain("is a bot");
  });
});

describe("/roadmap stage", () => {
  it("pages a long stage with buttons only its opener can press, for 15 minutes", async () => {
    const member = newMember();
    await run(member, "check", { item: roadmap.items[0]!.id });
    const { reply } = await run(member, "stage", { number: 3 });
    expect(reply.embeds[0]!.description).toContain("3.1");
    expect(reply.embeds[0]!.footer?.text).toMatch(/page 1\/\d/);
    const row = reply.components[0] as { components: { custom_id: string; label: string }[] };
    const next = row.components.find((b) => b.label.includes("Next"))!;

    const pressed = await standIn.pressButton({ member, message: reply, customId: next.custom_id });
    const page2 = await pressed.reply();
    expect(page2.embeds[0]!.footer?.text).toMatch(/page 2\//);

    const row2 = page2.components[0] as { components: { custom_id: string; label: string }[] };
    const back = row2.components.find((b) => b.label.includes("Previous"))!;
    const stranger = newMember();
    const refused = await (await standIn.pressButton({ member: stranger, message: reply, customId: back.custom_id })).reply();
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toContain("Only the member who opened this view");

    clock.advance(16 * 60_000);
    const expired = await (await standIn.pressButton({ member, message: reply, customId: back.custom_id })).reply();
    expect(expired.content).toContain("expired");
  });

  it("marks done items in Stage 1", async () => {
    const member = newMember();
    await run(member, "check", { item: roadmap.items[0]!.id });
    const { reply } = await run(member, "stage", { number: 1 });
    expect(reply.embeds[0]!.description).toContain(`✅ ${roadmap.items[0]!.title}`);
    expect(reply.embeds[0]!.description).toContain(`⬜ ${roadmap.items[1]!.title}`);
  });
});

describe("/roadmap next and start", () => {
  it("lists the next unchecked items in roadmap order", async () => {
    const member = newMember();
    await run(member, "check", { item: roadmap.items[0]!.id });
    const { reply } = await run(member, "next");
    const description = reply.embeds[0]!.description!;
    expect(description).toContain(roadmap.items[1]!.title);
    expect(description).not.toContain(roadmap.items[0]!.title);
    expect(description).toContain("1.1 Python fundamentals");
  });

  it("stores journey dates and refuses impossible ones", async () => {
    const member = newMember();
    const ok = await run(member, "start", { started: "2026-01-05", target: "2028-01-05" });
    expect(ok.reply.content).toContain("Your journey");
    const impossible = await run(member, "start", { target: "2026-02-30" });
    expect(impossible.reply.content).toContain("not a real calendar date");
    const malformed = await run(member, "start", { started: "next week" });
    expect(malformed.reply.content).toContain("must look like");
    const backwards = await run(member, "start", { target: "2025-01-01" });
    expect(backwards.reply.content).toContain("before your start date");
    const row = await bot.context.db.selectFrom("members").selectAll().where("user_id", "=", member.id).executeTakeFirstOrThrow();
    expect([row.started_on, row.target_on]).toEqual(["2026-01-05", "2028-01-05"]);
  });
});

describe("trouble", () => {
  it("tells a direct message that the bot works in servers", async () => {
    const user = standIn.addUser({ username: "dmuser" });
    const handle = await standIn.command({ dm: true, user, name: "roadmap", subcommand: "next" });
    const reply = await handle.reply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toBe(english.t(MESSAGES.notInGuild));
  });

  it("says 'try again shortly' while Postgres is unreachable, then recovers by itself, losing nothing", async () => {
    const member = newMember();
    await run(member, "check", { item: roadmap.items[0]!.id });
    await proxy.down();
    try {
      const { reply, handle } = await run(member, "check", { item: roadmap.items[1]!.id });
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toBe(english.t(MESSAGES.databaseDown));
      expect(handle.callbackLatencyMs).toBeLessThan(3_000);
    } finally {
      await proxy.up();
    }
    const { reply } = await run(member, "check", { item: roadmap.items[1]!.id });
    expect(reply.content).toContain("2/345");
  });

  it("defers and then answers when the database is slow, within Discord's deadline", async () => {
    const member = newMember();
    proxy.delayMs = 1_000; // every chunk waits 1 s, so a single round trip (2 s) passes the 1.8 s defer point
    try {
      const handle = await standIn.command({ member, channel, name: "roadmap", subcommand: "check", options: { item: roadmap.items[5]!.id } });
      const reply = await handle.reply(20_000);
      expect((await handle.response()).type).toBe(5); // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
      expect(reply.content).toContain("Checked");
      expect(reply.ephemeral).toBe(true);
    } finally {
      proxy.delayMs = 0;
    }
  });
});
