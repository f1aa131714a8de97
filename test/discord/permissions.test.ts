import { once } from "node:events";
import { Events, OverwriteType, PermissionFlagsBits, type APIOverwrite, type APIRole, type Client, type RoleFlags } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDiscordClient } from "../../src/discord/client.ts";
import {
  channelPermissions,
  checkPostingPermissions,
  guildPermissions,
  missingPostingPermissions,
  roleGrantProblem,
  roleProblem,
  type MemberStanding,
} from "../../src/discord/permissions.ts";
import { startStandIn, type StandIn } from "../standin/index.ts";

// A guild as Discord's REST API describes it (GET /guilds/{id}/roles, /members/{bot}, /channels/{id}).
const GUILD = { id: "100", ownerId: "999" };
const BOT = "500";
const POSTING = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks;

function role(id: string, position: number, permissions: bigint, extra: Partial<APIRole> = {}): APIRole {
  return {
    id,
    name: `role ${id}`,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    position,
    permissions: String(permissions),
    managed: false,
    mentionable: false,
    flags: 0 as RoleFlags,
    ...extra,
  };
}

const everyone = (permissions: bigint) => role(GUILD.id, 0, permissions);

function bot(memberRoleIds: string[], roles: APIRole[]): MemberStanding {
  return { guild: GUILD, memberId: BOT, memberRoleIds, roles };
}

function overwrite(id: string, type: OverwriteType, { allow = 0n, deny = 0n }: { allow?: bigint; deny?: bigint }): APIOverwrite {
  return { id, type, allow: String(allow), deny: String(deny) };
}

describe("the bot's permissions, computed from API data", () => {
  it("adds the bot's roles to @everyone's permissions, and ignores roles it does not have", () => {
    const standing = bot(["1"], [everyone(PermissionFlagsBits.ViewChannel), role("1", 1, PermissionFlagsBits.SendMessages), role("2", 2, PermissionFlagsBits.ManageRoles)]);
    const permissions = guildPermissions(standing);
    expect(permissions.has(PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages)).toBe(true);
    expect(permissions.has(PermissionFlagsBits.ManageRoles)).toBe(false);
  });

  it("an Administrator role grants everything, whatever the channel's overwrites deny", () => {
    const standing = bot(["1"], [everyone(0n), role("1", 1, PermissionFlagsBits.Administrator)]);
    const denyAll = [overwrite(GUILD.id, OverwriteType.Role, { deny: POSTING }), overwrite(BOT, OverwriteType.Member, { deny: POSTING })];
    expect(missingPostingPermissions(channelPermissions(standing, denyAll))).toEqual([]);
  });

  it("the guild owner has every permission without any role", () => {
    const owner: MemberStanding = { guild: GUILD, memberId: GUILD.ownerId, memberRoleIds: [], roles: [everyone(0n)] };
    expect(guildPermissions(owner).has(PermissionFlagsBits.ManageRoles)).toBe(true);
  });

  it("a channel overwrite denying @everyone View Channel hides the channel from a bot with no overwrite of its own", () => {
    const standing = bot(["1"], [everyone(POSTING), role("1", 1, PermissionFlagsBits.ManageRoles)]);
    const overwrites = [overwrite(GUILD.id, OverwriteType.Role, { deny: PermissionFlagsBits.ViewChannel })];
    expect(missingPostingPermissions(channelPermissions(standing, overwrites))).toEqual(["View Channel"]);
  });

  it("a role overwrite allowing View Channel lets the bot back into a channel closed to @everyone", () => {
    const standing = bot(["1"], [everyone(POSTING), role("1", 1, 0n)]);
    const overwrites = [
      overwrite(GUILD.id, OverwriteType.Role, { deny: PermissionFlagsBits.ViewChannel }),
      overwrite("1", OverwriteType.Role, { allow: PermissionFlagsBits.ViewChannel }),
    ];
    expect(missingPostingPermissions(channelPermissions(standing, overwrites))).toEqual([]);
  });

  it("when one of the bot's roles denies and another allows in a channel, the allow wins", () => {
    const standing = bot(["1", "2"], [everyone(POSTING), role("1", 1, 0n), role("2", 2, 0n)]);
    const overwrites = [
      overwrite("1", OverwriteType.Role, { deny: PermissionFlagsBits.EmbedLinks }),
      overwrite("2", OverwriteType.Role, { allow: PermissionFlagsBits.EmbedLinks }),
    ];
    expect(missingPostingPermissions(channelPermissions(standing, overwrites))).toEqual([]);
  });

  it("an overwrite for the bot itself beats its roles' overwrites, and other members' overwrites do not apply", () => {
    const standing = bot(["1"], [everyone(POSTING), role("1", 1, 0n)]);
    const overwrites = [
      overwrite("1", OverwriteType.Role, { allow: PermissionFlagsBits.SendMessages }),
      overwrite(BOT, OverwriteType.Member, { deny: PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks }),
      overwrite("777", OverwriteType.Member, { deny: PermissionFlagsBits.ViewChannel }),
    ];
    expect(missingPostingPermissions(channelPermissions(standing, overwrites))).toEqual(["Send Messages", "Embed Links"]);
  });

  it("an overwrite for a role the bot lacks changes nothing", () => {
    const standing = bot([], [everyone(POSTING), role("1", 1, 0n)]);
    const overwrites = [overwrite("1", OverwriteType.Role, { deny: POSTING })];
    expect(missingPostingPermissions(channelPermissions(standing, overwrites))).toEqual([]);
  });
});

describe("whether the bot can give a role, from API data", () => {
  const managesRoles = role("10", 5, PermissionFlagsBits.ManageRoles);

  it("can give a role below its highest role when it has Manage Roles", () => {
    expect(roleGrantProblem(bot(["10"], [everyone(0n), managesRoles, role("20", 2, 0n)]), "20")).toBeUndefined();
  });

  it("cannot without Manage Roles", () => {
    expect(roleGrantProblem(bot(["10"], [everyone(0n), role("10", 5, 0n), role("20", 2, 0n)]), "20")).toBe("I lack the Manage Roles permission");
  });

  it("Administrator counts as Manage Roles", () => {
    expect(roleGrantProblem(bot(["10"], [everyone(0n), role("10", 5, PermissionFlagsBits.Administrator), role("20", 2, 0n)]), "20")).toBeUndefined();
  });

  it("cannot give a role at or above its highest role; on equal positions the older role ranks higher", () => {
    const roles = [everyone(0n), managesRoles, role("30", 7, 0n), role("9", 5, 0n), role("11", 5, 0n)];
    expect(roleGrantProblem(bot(["10"], roles), "30")).toBe("the role is not below my highest role");
    expect(roleGrantProblem(bot(["10"], roles), "9")).toBe("the role is not below my highest role");
    expect(roleGrantProblem(bot(["10"], roles), "11")).toBeUndefined();
  });

  it("cannot give a managed role or one that no longer exists", () => {
    const roles = [everyone(0n), managesRoles, role("20", 2, 0n, { managed: true })];
    expect(roleGrantProblem(bot(["10"], roles), "20")).toBe("the role is managed by an integration");
    expect(roleGrantProblem(bot(["10"], roles), "404")).toBe("the role no longer exists");
  });
});

describe("the checks ask the stand-in Discord, with the bot's own client (no channels or roles cached)", () => {
  let standIn: StandIn;
  let client: Client<true>;

  beforeAll(async () => {
    standIn = await startStandIn();
    client = createDiscordClient({ apiUrl: standIn.restUrl }) as Client<true>;
    const ready = once(client, Events.ClientReady);
    await client.login(standIn.token);
    await ready;
  });

  afterAll(async () => {
    await client?.destroy();
    await standIn?.close();
  });

  it("knows the guild but caches none of its channels or roles except @everyone", async () => {
    const guild = standIn.addGuild({ name: "Cacheless" });
    guild.addChannel({ name: "roadmap" });
    guild.addRole({ name: "graduate" });
    const seen = await waitForGuild(client, guild.id);
    expect(seen.channels.cache.size).toBe(0);
    expect([...seen.roles.cache.keys()]).toEqual([guild.id]);
    expect(client.channels.cache.size).toBe(0);
  });

  it("tells a hidden channel from one the bot lacks Embed Links in, and from one it can post in", async () => {
    const guild = standIn.addGuild({ name: "Posting" });
    const open = guild.addChannel({ name: "open" });
    const hidden = guild.addChannel({ name: "hidden", botCanSend: false });
    const noEmbeds = guild.addChannel({ name: "no-embeds", overwrites: [{ id: guild.botRole.id, type: "role", deny: PermissionFlagsBits.EmbedLinks }] });
    const seen = await waitForGuild(client, guild.id);
    expect(await checkPostingPermissions(client, seen, open.id)).toEqual({ visible: true, missing: [] });
    expect(await checkPostingPermissions(client, seen, hidden.id)).toEqual({ visible: false });
    expect(await checkPostingPermissions(client, seen, noEmbeds.id)).toEqual({ visible: true, missing: ["Embed Links"] });
  });

  it("says why it cannot give a role, asking Discord for the bot's roles", async () => {
    const guild = standIn.addGuild({ name: "Roles" });
    const below = guild.addRole({ name: "below" });
    const above = guild.addRole({ name: "above", aboveBot: true });
    await waitForGuild(client, guild.id);
    expect(await roleProblem(client, guild.id, below.id)).toBeUndefined();
    expect(await roleProblem(client, guild.id, above.id)).toBe("the role is not below my highest role");
    expect(await roleProblem(client, "1", below.id)).toBe("I am not in that server any more");
  });
});

async function waitForGuild(client: Client, guildId: string) {
  for (let i = 0; i < 100; i++) {
    const guild = client.guilds.cache.get(guildId);
    if (guild) return guild;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`guild ${guildId} never arrived`);
}
