import { ChannelType, PermissionFlagsBits } from "discord.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { rewardGrantProblem } from "../../src/milestones/reward-roles.ts";
import { checkItem } from "../../src/progress/progress-service.ts";
import type { ChannelModel, GuildModel, MemberModel, MessageView, OptionValue, RoleModel, StandIn } from "../standin/index.ts";
import type { TestBot } from "../support/bot.ts";
import { dumpDatabase } from "../support/db-dump.ts";
import { startBotWorld, type BotWorld } from "../support/world.ts";
import { waitFor } from "../support/wait.ts";

/*
 * Reliability promise: the bot never becomes a way up the role ladder. A reward role is only
 * accepted from an organiser who could give it themself by Discord's rules, it never carries
 * moderation or admin permissions, it is checked again before each grant, and an import earns
 * no role and no celebration.
 */

let world: BotWorld;
let standIn: StandIn;
let bot: TestBot;
let roadmap: Roadmap;

const { ManageGuild, ManageRoles, Administrator, BanMembers, SendTTSMessages } = PermissionFlagsBits;
const ORGANISER = ManageGuild | ManageRoles;

beforeAll(async () => {
  world = await startBotWorld({ logLevel: "info" });
  ({ standIn, bot, roadmap } = world);
});

afterAll(() => world?.stop());

afterEach(() => {
  standIn.assertNoViolations();
});

interface Server {
  readonly guild: GuildModel;
  readonly channel: ChannelModel;
}

let servers = 0;

/** A fresh server the bot is in; `before` shapes it (roles made there sit below members' roles made later). */
async function server(before: (guild: GuildModel) => void = () => {}): Promise<Server> {
  const guild = standIn.addGuild({ name: `Role Lab ${++servers}` });
  const channel = guild.addChannel({ name: "progress" });
  before(guild);
  for (let i = 0; i < 200 && !bot.client.guilds.cache.has(guild.id); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  return { guild, channel };
}

async function admin(member: MemberModel, channel: ChannelModel, subcommand: string, options: Record<string, OptionValue> = {}): Promise<MessageView> {
  return (await standIn.command({ member, channel, name: "roadmap-admin", subcommand, options })).reply();
}

/** A refused choice: private, says why, and leaves every row as it was. */
async function expectRefused(member: MemberModel, channel: ChannelModel, role: RoleModel, says: RegExp): Promise<void> {
  const before = await dumpDatabase(bot.context.db);
  const reply = await admin(member, channel, "milestone-role", { stage: 1, role });
  expect(reply.ephemeral).toBe(true);
  expect(reply.content).toMatch(says);
  expect(reply.content).not.toMatch(/Sorry, something went wrong/);
  expect(await dumpDatabase(bot.context.db)).toBe(before);
}

/** Ticks all of Stage 1 but its last item through the service, and the last one with /roadmap check, as a member would. */
async function finishStage1ByChecks(member: MemberModel, { guild, channel }: Server): Promise<void> {
  const items = roadmap.stage(1)!.items;
  const key = { guildId: guild.id, userId: member.id };
  for (const item of items.slice(0, -1)) await checkItem(bot.context, key, roadmap, item, null);
  const reply = await (await standIn.command({ member, channel, name: "roadmap", subcommand: "check", options: { item: items.at(-1)!.id } })).reply();
  expect(reply.content).not.toMatch(/Sorry/);
}


function rolesGivenTo(member: MemberModel): string[] {
  return standIn.roleChanges.filter((change) => change.userId === member.id && change.action === "add").map((change) => change.roleId);
}

function skipLogFor(roleId: string): Record<string, unknown> | undefined {
  return bot.logs.entries.find((entry) => entry.msg === "skipping milestone role reward" && entry.roleId === roleId);
}

async function importFile(member: MemberModel, channel: ChannelModel, text: string): Promise<MessageView> {
  const preview = await (
    await standIn.command({ member, channel, name: "roadmap", subcommand: "import", options: { file: { upload: { name: "stage1.md", data: Buffer.from(text), contentType: "text/markdown" } } } as never })
  ).reply();
  const row = preview.components[0] as { components: { custom_id: string; label: string }[] };
  const confirm = row.components.find((button) => button.label === "Confirm")!;
  return (await standIn.pressButton({ member, message: preview, customId: confirm.custom_id })).reply();
}

/** All of Stage 1 ticked, each line marked with its item's id as the bot's own export marks it. */
const STAGE_1_FILE = () => roadmap.stage(1)!.items.map((item) => `- [x] ${item.title} <!-- ${item.id} -->`).join("\n");

describe("who may make a role a stage reward", () => {
  it("an organiser without Manage Roles can't make an Administrator role a reward, and importing Stage 1 gives them nothing", async () => {
    let admins!: RoleModel;
    const place = await server((guild) => (admins = guild.addRole({ name: "Admins", permissions: Administrator })));
    const organiser = place.guild.addMember({ username: "climber", permissions: ManageGuild });
    await admin(organiser, place.channel, "setup", { channel: place.channel });
    await expectRefused(organiser, place.channel, admins, /need the Manage Roles permission yourself/);

    const imported = await importFile(organiser, place.channel, STAGE_1_FILE());
    expect(imported.content).toContain("Imported: 100 checked");
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(rolesGivenTo(organiser)).toEqual([]);
  });

  it("an organiser can't choose a role above their own highest role", async () => {
    const place = await server();
    const organiser = place.guild.addMember({ username: "middle", permissions: ORGANISER });
    const higher = place.guild.addRole({ name: "Senior" });
    await expectRefused(organiser, place.channel, higher, new RegExp(`<@&${higher.id}> is not below your highest role`));
  });

  it("an organiser can't choose a role granting a permission they lack, and is told which", async () => {
    let loud!: RoleModel;
    const place = await server((guild) => (loud = guild.addRole({ name: "Loud", permissions: SendTTSMessages })));
    const organiser = place.guild.addMember({ username: "quiet", permissions: ORGANISER });
    await expectRefused(organiser, place.channel, loud, /grants permissions you don't have \(Send Text-to-Speech Messages\)/);
  });

  it("not even the owner can make a role with moderation permissions a reward", async () => {
    let moderators!: RoleModel;
    const place = await server((guild) => (moderators = guild.addRole({ name: "Moderators", permissions: BanMembers })));
    await expectRefused(place.guild.owner, place.channel, moderators, /grants Ban Members\. I give reward roles to everyone who completes a stage/);
  });

  it("a role managed by an integration (the bot's own) can't be a reward", async () => {
    const place = await server();
    await expectRefused(place.guild.owner, place.channel, place.guild.botRole, /is managed by an integration/);
  });

  it("a safe role chosen by an organiser who could give it is given to a member who completes the stage", async () => {
    let graduates!: RoleModel;
    const place = await server((guild) => (graduates = guild.addRole({ name: "Graduates" })));
    const organiser = place.guild.addMember({ username: "organiser", permissions: ORGANISER });
    await admin(organiser, place.channel, "setup", { channel: place.channel });
    const chosen = await admin(organiser, place.channel, "milestone-role", { stage: 1, role: graduates });
    expect(chosen.content).toBe(`🏅 Members who complete Stage 1 will get <@&${graduates.id}>.`);
    const stored = await bot.context.db.selectFrom("milestone_roles").selectAll().where("guild_id", "=", place.guild.id).execute();
    expect(stored).toEqual([{ guild_id: place.guild.id, stage: 1, role_id: graduates.id, set_by: organiser.id, vetted_permissions: "0" }]);

    const member = place.guild.addMember({ username: "graduate" });
    await finishStage1ByChecks(member, place);
    await waitFor(() => rolesGivenTo(member).includes(graduates.id), "the reward role");
  });
});

describe("each grant checks the role again", () => {
  async function rewardedServer() {
    let graduates!: RoleModel;
    const place = await server((guild) => (graduates = guild.addRole({ name: "Graduates" })));
    const organiser = place.guild.addMember({ username: "organiser", permissions: ORGANISER });
    await admin(organiser, place.channel, "setup", { channel: place.channel });
    expect((await admin(organiser, place.channel, "milestone-role", { stage: 1, role: graduates })).content).toContain("will get");
    return { place, graduates };
  }

  it("a reward role that gains Administrator after it was chosen is not given; the skip is logged", async () => {
    const { place, graduates } = await rewardedServer();
    graduates.permissions = Administrator;
    const member = place.guild.addMember({ username: "lucky" });
    await finishStage1ByChecks(member, place);
    await waitFor(() => skipLogFor(graduates.id) !== undefined, "the skip to be logged");
    expect(skipLogFor(graduates.id)?.problem).toBe("the role now grants Administrator, which a reward role may not carry");
    expect(rolesGivenTo(member)).toEqual([]);
    await standIn.waitForChannelMessage(place.channel, (message) => message.content.includes(member.id) || JSON.stringify(message.embeds).includes("Stage 1"));
  });

  it("a reward role that gained any permission since it was chosen waits until an organiser chooses it again", async () => {
    const { place, graduates } = await rewardedServer();
    graduates.permissions = SendTTSMessages;
    const member = place.guild.addMember({ username: "patient" });
    await finishStage1ByChecks(member, place);
    await waitFor(() => skipLogFor(graduates.id) !== undefined, "the skip to be logged");
    expect(skipLogFor(graduates.id)?.problem).toMatch(/^the role gained Send Text-to-Speech Messages since it was chosen; an organiser must choose it again/);
    expect(rolesGivenTo(member)).toEqual([]);
    const roleEntries = () => bot.context.db.selectFrom("outbox").select(["status", "last_error"]).where("guild_id", "=", place.guild.id).where("kind", "=", "role").execute();
    await waitFor(async () => (await roleEntries())[0]?.status === "failed", "the reward to be marked failed");
    expect(await roleEntries()).toEqual([{ status: "failed", last_error: expect.stringMatching(/^role skipped: the role gained/) }]);
  });
});

describe("a reward replaced before it is given", () => {
  it("a role that is no longer any stage's reward is not given, though it was queued", async () => {
    let first!: RoleModel;
    let second!: RoleModel;
    const place = await server((guild) => {
      first = guild.addRole({ name: "Old reward" });
      second = guild.addRole({ name: "New reward" });
    });
    const organiser = place.guild.addMember({ username: "organiser", permissions: ORGANISER });
    await admin(organiser, place.channel, "milestone-role", { stage: 1, role: first });
    expect(await rewardGrantProblem(bot.context, bot.client, place.guild.id, first.id)).toBeUndefined();
    await admin(organiser, place.channel, "milestone-role", { stage: 1, role: second });
    expect(await rewardGrantProblem(bot.context, bot.client, place.guild.id, first.id)).toEqual({ key: "milestones:grantProblems.notReward" });
    expect(await rewardGrantProblem(bot.context, bot.client, place.guild.id, second.id)).toBeUndefined();
  });
});

describe("what an import may earn", () => {
  it("completing a stage by import posts no celebration and gives no role, and a later check does not either", async () => {
    let graduates!: RoleModel;
    const place = await server((guild) => (graduates = guild.addRole({ name: "Graduates" })));
    const organiser = place.guild.addMember({ username: "organiser", permissions: ORGANISER });
    await admin(organiser, place.channel, "setup", { channel: place.channel });
    await admin(organiser, place.channel, "milestone-role", { stage: 1, role: graduates });

    const member = place.guild.addMember({ username: "uploader" });
    expect((await importFile(member, place.channel, STAGE_1_FILE())).content).toContain("Imported: 100 checked");
    const recorded = await bot.context.db.selectFrom("milestones").select("milestone").where("guild_id", "=", place.guild.id).where("user_id", "=", member.id).execute();
    expect(recorded.map((row) => row.milestone)).toContain("stage-1");

    const next = roadmap.stage(2)!.items[0]!;
    await standIn.command({ member, channel: place.channel, name: "roadmap", subcommand: "check", options: { item: next.id } }).then((handle) => handle.reply());
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(rolesGivenTo(member)).toEqual([]);
    expect(standIn.channelMessages(place.channel)).toEqual([]);
    const queued = await bot.context.db.selectFrom("outbox").select("kind").where("guild_id", "=", place.guild.id).execute();
    expect(queued).toEqual([]);
  });
});

describe("where an organiser may point the bot's posts", () => {
  async function expectSetupRefused(organiser: MemberModel, from: ChannelModel, target: ChannelModel, says: RegExp): Promise<void> {
    const before = await dumpDatabase(bot.context.db);
    const reply = await admin(organiser, from, "setup", { channel: target, day: "friday" });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(says);
    expect(await dumpDatabase(bot.context.db)).toBe(before);
    expect(standIn.channelMessages(target)).toEqual([]);
  }

  it("an organiser can't send the leaderboard to a channel they can't see, though the bot can post there", async () => {
    const place = await server();
    const organiser = place.guild.addMember({ username: "outside", permissions: ORGANISER });
    const staff = place.guild.addChannel({ name: "staff-only", overwrites: [{ id: organiser.id, type: "member", deny: PermissionFlagsBits.ViewChannel }] });
    await expectSetupRefused(organiser, place.channel, staff, new RegExp(`You can't post in <#${staff.id}> yourself \\(you're missing View Channel, Send Messages there\\)`));
  });

  it("an organiser can't send the leaderboard to a channel they can read but not post in", async () => {
    const place = await server();
    const organiser = place.guild.addMember({ username: "reader", permissions: ORGANISER });
    const announcements = place.guild.addChannel({ name: "announcements", overwrites: [{ id: place.guild.id, type: "role", deny: PermissionFlagsBits.SendMessages }, { id: place.guild.botRole.id, type: "role", allow: PermissionFlagsBits.SendMessages }] });
    await expectSetupRefused(organiser, place.channel, announcements, /you're missing Send Messages there/);
  });

  it("an organiser who can post in the channel sets it up", async () => {
    const place = await server();
    const organiser = place.guild.addMember({ username: "insider", permissions: ORGANISER });
    const reply = await admin(organiser, place.channel, "setup", { channel: place.channel, day: "friday" });
    expect(reply.content).toContain(`every **Friday** at **09:00** (UTC) in <#${place.channel.id}>`);
  });
});

describe("what kind of channel posts may go to", () => {
  it("setup refuses a category or voice channel sent by a forged client, and changes nothing", async () => {
    const place = await server();
    const organiser = place.guild.addMember({ username: "forger", permissions: ORGANISER });
    for (const type of [ChannelType.GuildCategory, ChannelType.GuildVoice] as const) {
      const target = place.guild.addChannel({ name: `not-text-${type}`, type });
      const before = await dumpDatabase(bot.context.db);
      const reply = await admin(organiser, place.channel, "setup", { channel: target });
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toBe(`I can only post in text and announcement channels, and <#${target.id}> is neither. Pick another channel.`);
      expect(await dumpDatabase(bot.context.db)).toBe(before);
    }
  });
});
