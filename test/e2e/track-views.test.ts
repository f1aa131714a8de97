import { PermissionFlagsBits } from "discord.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { manualClock } from "../../src/clock.ts";
import { groupMap, groupMembersOnStage } from "../../src/group/group-service.ts";
import type { ChannelModel, GuildModel, MemberModel, MessageView, StandIn } from "../standin/index.ts";
import type { TestBot } from "../support/bot.ts";
import { dumpDatabase } from "../support/db-dump.ts";
import { pageFiles, press } from "../support/roadmap-upload.ts";
import { startBotWorld, type BotWorld } from "../support/world.ts";

// Issue 18: group views, buddies, next items and stage checklists are per track. A server runs the
// bundled roadmap and an uploaded one; Ada and Cy follow the first, Bob the second, Dee both.

let world: BotWorld;
let standIn: StandIn;
let bot: TestBot;
let guild: GuildModel;
let otherGuild: GuildModel;
let channel: ChannelModel;
let ai: Roadmap;
let web: Roadmap;
let webId: string;
let ada: MemberModel;
let bob: MemberModel;
let cy: MemberModel;
let dee: MemberModel;
const clock = manualClock(new Date("2026-03-02T10:00:00Z"));

async function run(who: MemberModel, subcommand: string, options: Record<string, unknown> = {}, name = "roadmap", group?: string): Promise<MessageView> {
  return (await standIn.command({ member: who, channel, name, ...(group && { group }), subcommand, options: options as never })).reply();
}

async function check(who: MemberModel, item: string, roadmap?: string): Promise<void> {
  clock.advance(1_000);
  const reply = await run(who, "check", { item, ...(roadmap && { roadmap }) });
  expect(reply.content).not.toContain("isn't running");
}

const mentioned = (reply: MessageView) => [...(reply.embeds[0]?.description ?? "").matchAll(/<@(\d+)>/g)].map((match) => match[1]);

afterEach(() => standIn.assertNoViolations());

beforeAll(async () => {
  world = await startBotWorld({
    clock,
    beforeBot: (s) => {
      guild = s.addGuild({ name: "Two cohorts" });
      otherGuild = s.addGuild({ name: "Someone else's server" });
    },
  });
  ({ standIn, bot } = world);
  channel = guild.addChannel({ name: "ai-progress" });
  const webChannel = guild.addChannel({ name: "web-progress" });
  const organiser = guild.addMember({ username: "organiser", permissions: PermissionFlagsBits.ManageGuild });
  [ada, bob, cy, dee] = ["ada", "bob", "cy", "dee"].map((username) => guild.addMember({ username })) as [MemberModel, MemberModel, MemberModel, MemberModel];
  await new Promise((resolve) => setTimeout(resolve, 100));

  await run(organiser, "setup", { channel, day: "monday", time: "09:00", timezone: "UTC" }, "roadmap-admin");
  const preview = await run(organiser, "upload", pageFiles("v1"), "roadmap-admin", "roadmap");
  await press(standIn, organiser, preview, "Confirm");
  webId = (await bot.context.db.selectFrom("roadmaps").select("roadmap_id").where("guild_id", "=", guild.id).executeTakeFirstOrThrow()).roadmap_id;
  await run(organiser, "setup", { channel: webChannel, roadmap: webId, day: "monday", time: "10:00", timezone: "UTC" }, "roadmap-admin");
  ai = bot.context.catalogue.defaultRoadmap;
  web = (await bot.context.guildRoadmaps!.version(bot.context.db, webId, 1))!;

  for (const item of ai.items.slice(0, 3)) await check(ada, item.id);
  for (const item of ai.items.slice(0, 2)) await check(cy, item.id);
  for (const item of web.items.slice(0, 3)) await check(bob, item.id, webId);
  await check(dee, ai.items[0]!.id, ai.id);
  // Dee's web checks come last: the web track is her default.
  for (const item of web.items.slice(0, 2)) await check(dee, item.id, webId);
});

afterAll(() => world?.stop());

describe("/roadmap group per track", () => {
  it("shows the track's roadmap with its own members, the member's last used track by default", async () => {
    const aiGroup = (await run(ada, "group")).embeds[0]!;
    expect(aiGroup.title).toContain(ai.stage(1)!.title);
    expect(aiGroup.footer!.text).toContain("3 members on the roadmap");

    const webGroup = (await run(ada, "group", { roadmap: webId })).embeds[0]!;
    expect(webGroup.title).toContain(web.stage(1)!.title);
    expect(webGroup.footer!.text).toContain("2 members on the roadmap");
    expect(webGroup.description).toContain(`**${web.stage(1)!.sections[0]!.number} ${web.stage(1)!.sections[0]!.title}**: finished by 1/2 members`);

    expect((await run(dee, "group")).embeds[0]!.title).toBe(webGroup.title);
  });

  it("pages through the named track's sections", async () => {
    const overview = await run(ada, "group", { roadmap: webId });
    const row = overview.components[0] as { components: { custom_id: string; label: string }[] };
    const next = row.components.find((button) => button.label.includes("Next"))!;
    const section = (await (await standIn.pressButton({ member: ada, message: overview, customId: next.custom_id })).reply()).embeds[0]!;
    expect(section.description).toContain(`100% ${web.items[0]!.title}`);
    expect(section.description).toContain(`50% ${web.items[2]!.title}`);
    expect(section.description).not.toContain(ai.items[0]!.title);
  });

  it("names on the track's map only the members on that track", async () => {
    const names = async (roadmap: Roadmap) => {
      const map = (await groupMap(bot.context, guild.id, roadmap, 1))!;
      const members = await groupMembersOnStage(bot.context, guild.id, map, async () => []);
      return members.kind === "members" ? members.rows.map((row) => row.displayName) : [];
    };
    expect(await names(web)).toEqual(["bob", "dee"]);
    expect(await names(ai)).toEqual(["ada", "cy", "dee"]);
  });
});

describe("/roadmap buddies per track", () => {
  it("suggests members of the same track only", async () => {
    expect(mentioned(await run(dee, "buddies"))).toEqual([bob.id]);
    expect(mentioned(await run(dee, "buddies", { roadmap: ai.id }))).toEqual([cy.id, ada.id]);
    expect(mentioned(await run(bob, "buddies"))).toEqual([dee.id]);
    expect(mentioned(await run(ada, "buddies"))).toEqual([cy.id, dee.id]);
  });
});

describe("/roadmap next per track", () => {
  it("lists the track's next items, in roadmap order", async () => {
    const onWeb = (await run(dee, "next")).embeds[0]!;
    expect(onWeb.description!.split("\n")[0]).toContain(web.items[2]!.title);
    expect(onWeb.description).not.toContain(ai.items[1]!.title);
    expect(onWeb.footer!.text).toContain(`2/${web.items.length} done`);

    const onAi = (await run(dee, "next", { roadmap: ai.id })).embeds[0]!;
    expect([...onAi.description!.matchAll(/`([a-z0-9-]+)`$/gm)].map((match) => match[1])).toEqual(ai.items.slice(1, 6).map((item) => item.id));
  });
});

describe("/roadmap stage per track", () => {
  it("shows the named track's stage, and its pages stay on that track", async () => {
    const onWeb = (await run(dee, "stage", { number: 1 })).embeds[0]!;
    expect(onWeb.title).toContain(web.stage(1)!.title);
    expect(onWeb.description).toContain(`✅ ${web.items[1]!.title}`);
    expect(onWeb.description).toContain(`⬜ ${web.items[2]!.title}`);

    const onAi = await run(dee, "stage", { number: 1, roadmap: ai.id });
    expect(onAi.embeds[0]!.title).toContain(ai.stage(1)!.title);
    expect(onAi.embeds[0]!.description).toContain(`✅ ${ai.items[0]!.title}`);
    const row = onAi.components[0] as { components: { custom_id: string; label: string }[] };
    const next = row.components.find((button) => button.label.includes("Next"))!;
    const second = (await (await standIn.pressButton({ member: dee, message: onAi, customId: next.custom_id })).reply()).embeds[0]!;
    expect(second.title).toContain(ai.stage(1)!.title);
    expect(second.footer!.text).toContain(`1/${ai.stage(1)!.items.length}`);
  });

  it("refuses a stage the track's roadmap does not have, and changes nothing", async () => {
    const before = await dumpDatabase(bot.context.db);
    const reply = await run(dee, "stage", { number: 3, roadmap: webId });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain("This roadmap has stages 1 to 2; there is no stage 3.");
    expect(await dumpDatabase(bot.context.db)).toBe(before);
  });
});

describe("a roadmap the server does not run", () => {
  it.each([
    ["group", {}],
    ["buddies", {}],
    ["next", {}],
    ["stage", { number: 1 }],
  ] as const)("/roadmap %s refuses an unknown, forged or other server's roadmap politely, and changes nothing", async (subcommand, options) => {
    const visitor = otherGuild.addMember({ username: `visitor-${subcommand}` });
    const elsewhere = otherGuild.addChannel({ name: `general-${subcommand}` });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = await dumpDatabase(bot.context.db);
    const asked = [
      { who: ada, where: channel, roadmap: "no-such-roadmap" },
      { who: ada, where: channel, roadmap: "Robert'); drop table progress;--" },
      { who: visitor, where: elsewhere, roadmap: webId },
    ];
    for (const { who, where, roadmap } of asked) {
      const reply = await (await standIn.command({ member: who, channel: where, name: "roadmap", subcommand, options: { ...options, roadmap } as never })).reply();
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toContain("That roadmap isn't running on this server, so nothing changed");
    }
    expect(await dumpDatabase(bot.context.db)).toBe(before);
  });
});

describe("a check on one track", () => {
  it("leaves the other track's group view as it was, and moves its own", async () => {
    const aiBefore = (await run(ada, "group")).embeds;
    const aiPlacesBefore = await bot.context.db.selectFrom("member_places").selectAll().where("guild_id", "=", guild.id).where("roadmap_id", "=", ai.id).orderBy("user_id").execute();
    await check(dee, web.items[2]!.id, webId);
    expect((await run(ada, "group")).embeds).toEqual(aiBefore);
    const aiPlacesAfter = await bot.context.db.selectFrom("member_places").selectAll().where("guild_id", "=", guild.id).where("roadmap_id", "=", ai.id).orderBy("user_id").execute();
    expect(aiPlacesAfter).toEqual(aiPlacesBefore);
    const webGroup = (await run(ada, "group", { roadmap: webId })).embeds[0]!;
    expect(webGroup.description).toContain(`**${web.stage(1)!.sections[0]!.number} ${web.stage(1)!.sections[0]!.title}**: finished by 2/2 members`);
  });
});
