import { once } from "node:events";
import { Events, OverwriteType, PermissionFlagsBits, type APIOverwrite, type APIRole, type Client, type RoleFlags } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDiscordClient } from "../../src/discord/client.ts";
import {
  channelPermissions,
  checkPostingPermissions,
  guildPermissions,
  missingPostingPermissions,
  fetchStanding,
  permissionFlagMessages,
  permissionFlags,
  roleAssignmentBlocker,
  roleGrantProblem,
  type MemberStanding,
  type RoleAssignmentBlocker,
} from "../../src/discord/permissions.ts";
import { userMessageText, type UserMessage } from "../../src/errors.ts";
import { createI18n } from "../../src/i18n/translator.ts";
import { startStandIn, type StandIn } from "../standin/index.ts";

const english = createI18n({ logger: { warn: () => undefined } }).forLanguage("en");
/** A problem as the English catalogue words it. */
const inEnglish = (message: UserMessage | undefined) => message && userMessageText(english, message);

// A guild as Discord's REST API describes it (GET /guilds/{id}/roles, /members/{bot}, /channels/{id}).
const GUILD = { id: "100", ownerId: "999" };
const BOT = "500";
const NOW = new Date("2026-03-04T10:00:00Z");
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

  it("a channel overwrite denying @everyone View Channel hides the channel, and with it every other permission there", () => {
    const standing = bot(["1"], [everyone(POSTING), role("1", 1, PermissionFlagsBits.ManageRoles)]);
    const overwrites = [overwrite(GUILD.id, OverwriteType.Role, { deny: PermissionFlagsBits.ViewChannel })];
    expect(missingPostingPermissions(channelPermissions(standing, overwrites))).toEqual(["View Channel", "Send Messages", "Embed Links"]);
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

  it("an overwrite allowing Administrator does not make the bot one: what the channel denies is still reported", () => {
    const standing = bot(["1"], [everyone(POSTING), role("1", 1, 0n)]);
    const overwrites = [overwrite("1", OverwriteType.Role, { allow: PermissionFlagsBits.Administrator, deny: PermissionFlagsBits.EmbedLinks })];
    expect(missingPostingPermissions(channelPermissions(standing, overwrites))).toEqual(["Embed Links"]);
  });

  it("an overwrite for a role the bot lacks changes nothing", () => {
    const standing = bot([], [everyone(POSTING), role("1", 1, 0n)]);
    const overwrites = [overwrite("1", OverwriteType.Role, { deny: POSTING })];
    expect(missingPostingPermissions(channelPermissions(standing, overwrites))).toEqual([]);
  });
});

// Discord's documented algorithm (Permissions > Permission Overwrites, Implicit Permissions,
// Permissions for Timed Out Members), one row per rule, for a member who is not the bot.
const MEMBER = "600";
const {
  Administrator,
  AddReactions,
  AttachFiles,
  BanMembers,
  EmbedLinks,
  KickMembers,
  ManageRoles,
  MentionEveryone,
  ReadMessageHistory,
  SendMessages,
  SendTTSMessages,
  ViewChannel,
} = PermissionFlagsBits;

interface PermissionRow {
  readonly rule: string;
  readonly held: string[];
  readonly roles: APIRole[];
  readonly overwrites?: APIOverwrite[];
  readonly owner?: boolean;
  readonly timedOut?: boolean;
  readonly has: bigint[];
  readonly lacks: bigint[];
}

function standingOf(row: Pick<PermissionRow, "held" | "roles" | "owner" | "timedOut">): MemberStanding {
  return { guild: GUILD, memberId: row.owner ? GUILD.ownerId : MEMBER, memberRoleIds: row.held, roles: row.roles, timedOut: row.timedOut ?? false };
}

const roleOverwrite = (id: string, change: { allow?: bigint; deny?: bigint }) => overwrite(id, OverwriteType.Role, change);
const memberOverwrite = (id: string, change: { allow?: bigint; deny?: bigint }) => overwrite(id, OverwriteType.Member, change);
const CHAT = ViewChannel | SendMessages | ReadMessageHistory | AddReactions | EmbedLinks | AttachFiles | MentionEveryone | SendTTSMessages;

const channelRows: PermissionRow[] = [
  { rule: "base: @everyone's permissions plus each held role's", held: ["1"], roles: [everyone(ViewChannel), role("1", 1, SendMessages), role("2", 2, EmbedLinks)], has: [ViewChannel, SendMessages], lacks: [EmbedLinks] },
  { rule: "Administrator on any held role grants everything and ignores overwrites", held: ["1"], roles: [everyone(0n), role("1", 1, Administrator)], overwrites: [memberOverwrite(MEMBER, { deny: CHAT })], has: [CHAT, BanMembers], lacks: [] },
  { rule: "Administrator on @everyone makes every member an Administrator", held: [], roles: [everyone(Administrator)], overwrites: [memberOverwrite(MEMBER, { deny: CHAT })], has: [CHAT, BanMembers], lacks: [] },
  { rule: "Administrator counts from roles only: allowed by an overwrite, the channel's denies still apply", held: [], roles: [everyone(CHAT)], overwrites: [memberOverwrite(MEMBER, { allow: Administrator, deny: SendMessages })], has: [ViewChannel], lacks: [Administrator, SendMessages, EmbedLinks] },
  { rule: "the owner has everything without a role, whatever the overwrites", held: [], owner: true, roles: [everyone(0n)], overwrites: [memberOverwrite(GUILD.ownerId, { deny: ViewChannel })], has: [CHAT, ManageRoles], lacks: [] },
  { rule: "the @everyone overwrite applies first: its deny is undone by a held role's allow", held: ["1"], roles: [everyone(CHAT), role("1", 1, 0n)], overwrites: [roleOverwrite(GUILD.id, { deny: SendMessages }), roleOverwrite("1", { allow: SendMessages })], has: [SendMessages], lacks: [] },
  { rule: "the @everyone overwrite's allow adds to the base", held: [], roles: [everyone(ViewChannel | SendMessages)], overwrites: [roleOverwrite(GUILD.id, { allow: AttachFiles })], has: [AttachFiles], lacks: [] },
  { rule: "held roles' overwrites combine: one role's allow beats another's deny", held: ["1", "2"], roles: [everyone(CHAT), role("1", 1, 0n), role("2", 2, 0n)], overwrites: [roleOverwrite("2", { deny: EmbedLinks }), roleOverwrite("1", { allow: EmbedLinks })], has: [EmbedLinks], lacks: [] },
  { rule: "a held role's deny beats the @everyone overwrite's allow", held: ["1"], roles: [everyone(ViewChannel | SendMessages), role("1", 1, 0n)], overwrites: [roleOverwrite(GUILD.id, { allow: AddReactions }), roleOverwrite("1", { deny: AddReactions })], has: [], lacks: [AddReactions] },
  { rule: "the member's own deny beats its roles' allow", held: ["1"], roles: [everyone(ViewChannel), role("1", 1, 0n)], overwrites: [roleOverwrite("1", { allow: SendMessages }), memberOverwrite(MEMBER, { deny: SendMessages })], has: [ViewChannel], lacks: [SendMessages] },
  { rule: "the member's own allow beats its roles' deny", held: ["1"], roles: [everyone(CHAT), role("1", 1, 0n)], overwrites: [roleOverwrite("1", { deny: SendMessages }), memberOverwrite(MEMBER, { allow: SendMessages })], has: [SendMessages], lacks: [] },
  { rule: "overwrites for another member or for a role not held change nothing", held: [], roles: [everyone(CHAT), role("1", 1, 0n)], overwrites: [roleOverwrite("1", { deny: CHAT }), memberOverwrite("777", { deny: CHAT })], has: [CHAT], lacks: [] },
  { rule: "implicit: without View Channel, no other permission applies in the channel", held: [], roles: [everyone(CHAT)], overwrites: [memberOverwrite(MEMBER, { deny: ViewChannel })], has: [], lacks: [ViewChannel, SendMessages, ReadMessageHistory, AddReactions] },
  { rule: "implicit: without Send Messages, no Embed Links, Attach Files, Mention Everyone or TTS", held: [], roles: [everyone(CHAT)], overwrites: [roleOverwrite(GUILD.id, { deny: SendMessages })], has: [ViewChannel, ReadMessageHistory, AddReactions], lacks: [SendMessages, EmbedLinks, AttachFiles, MentionEveryone, SendTTSMessages] },
  { rule: "timeout: a timed-out member keeps only View Channel and Read Message History", held: ["1"], roles: [everyone(CHAT), role("1", 1, ManageRoles)], timedOut: true, has: [ViewChannel, ReadMessageHistory], lacks: [SendMessages, AddReactions, EmbedLinks, ManageRoles] },
  { rule: "timeout: a channel overwrite allowing Send Messages does not lift it", held: [], roles: [everyone(ViewChannel)], overwrites: [memberOverwrite(MEMBER, { allow: SendMessages | ReadMessageHistory })], timedOut: true, has: [ViewChannel, ReadMessageHistory], lacks: [SendMessages] },
  { rule: "timeout: a timed-out member who cannot see the channel has nothing there", held: [], roles: [everyone(CHAT)], overwrites: [roleOverwrite(GUILD.id, { deny: ViewChannel })], timedOut: true, has: [], lacks: [ViewChannel, ReadMessageHistory] },
  { rule: "timeout: Administrators are exempt", held: ["1"], roles: [everyone(0n), role("1", 1, Administrator)], timedOut: true, has: [CHAT, ManageRoles], lacks: [] },
  { rule: "timeout: the owner is exempt", held: [], owner: true, roles: [everyone(0n)], timedOut: true, has: [CHAT, ManageRoles], lacks: [] },
];

describe("a member's channel permissions follow Discord's documented algorithm", () => {
  it.each(channelRows.map((row) => [row.rule, row] as const))("%s", (_rule, row) => {
    const permissions = channelPermissions(standingOf(row), row.overwrites ?? []);
    for (const flag of row.has) expect(permissions.has(flag, false), `has ${flag}`).toBe(true);
    for (const flag of row.lacks) expect(permissions.has(flag, false), `lacks ${flag}`).toBe(false);
  });
});

const guildRows: PermissionRow[] = [
  { rule: "base: @everyone's permissions plus each held role's, not other roles'", held: ["1"], roles: [everyone(ViewChannel), role("1", 1, ManageRoles), role("2", 2, BanMembers)], has: [ViewChannel, ManageRoles], lacks: [BanMembers] },
  { rule: "Administrator grants every permission", held: ["1"], roles: [everyone(0n), role("1", 1, Administrator)], has: [ManageRoles, BanMembers, KickMembers], lacks: [] },
  { rule: "the owner has every permission", held: [], owner: true, roles: [everyone(0n)], has: [ManageRoles, BanMembers], lacks: [] },
  { rule: "a timed-out member loses Manage Roles", held: ["1"], roles: [everyone(ViewChannel), role("1", 1, ManageRoles | KickMembers)], timedOut: true, has: [ViewChannel], lacks: [ManageRoles, KickMembers] },
  { rule: "a timed-out owner keeps everything", held: [], owner: true, roles: [everyone(0n)], timedOut: true, has: [ManageRoles], lacks: [] },
];

describe("a member's server-wide permissions follow Discord's documented algorithm", () => {
  it.each(guildRows.map((row) => [row.rule, row] as const))("%s", (_rule, row) => {
    const permissions = guildPermissions(standingOf(row));
    for (const flag of row.has) expect(permissions.has(flag, false), `has ${flag}`).toBe(true);
    for (const flag of row.lacks) expect(permissions.has(flag, false), `lacks ${flag}`).toBe(false);
  });
});

// Discord's role rules: Manage Roles, only roles below your highest (the owner is above all),
// never managed roles or @everyone; and for a reward role, nothing the organiser lacks.
interface AssignmentRow {
  readonly rule: string;
  readonly held: string[];
  readonly roles: APIRole[];
  readonly owner?: boolean;
  readonly timedOut?: boolean;
  readonly roleId: string;
  readonly expected: RoleAssignmentBlocker | undefined;
}

const organiserRole = (permissions: bigint) => role("10", 5, permissions);
const assignmentRows: AssignmentRow[] = [
  { rule: "Manage Roles and a lower role without extra permissions: allowed", held: ["10"], roles: [everyone(0n), organiserRole(ManageRoles | KickMembers), role("20", 2, KickMembers)], roleId: "20", expected: undefined },
  { rule: "without Manage Roles: refused", held: ["10"], roles: [everyone(0n), role("10", 5, 0n), role("20", 2, 0n)], roleId: "20", expected: { kind: "no-manage-roles" } },
  { rule: "Administrator counts as Manage Roles and holds every permission", held: ["10"], roles: [everyone(0n), organiserRole(Administrator), role("20", 2, BanMembers)], roleId: "20", expected: undefined },
  { rule: "a timed-out organiser cannot give roles", held: ["10"], roles: [everyone(0n), organiserRole(ManageRoles), role("20", 2, 0n)], timedOut: true, roleId: "20", expected: { kind: "no-manage-roles" } },
  { rule: "a role above the organiser's highest: refused", held: ["10"], roles: [everyone(0n), organiserRole(ManageRoles), role("30", 7, 0n)], roleId: "30", expected: { kind: "not-below" } },
  { rule: "the organiser's own highest role: refused", held: ["10"], roles: [everyone(0n), organiserRole(ManageRoles)], roleId: "10", expected: { kind: "not-below" } },
  { rule: "on equal positions the older role ranks higher", held: ["10"], roles: [everyone(0n), organiserRole(ManageRoles), role("9", 5, 0n), role("11", 5, 0n)], roleId: "9", expected: { kind: "not-below" } },
  { rule: "the owner may give even the top role", held: [], owner: true, roles: [everyone(0n), role("30", 99, BanMembers)], roleId: "30", expected: undefined },
  { rule: "a managed role (a bot's, the booster role): refused", held: ["10"], roles: [everyone(0n), organiserRole(ManageRoles), role("20", 2, 0n, { managed: true })], roleId: "20", expected: { kind: "managed" } },
  { rule: "@everyone: refused", held: ["10"], roles: [everyone(0n), organiserRole(ManageRoles)], roleId: GUILD.id, expected: { kind: "everyone" } },
  { rule: "a role that no longer exists: refused", held: ["10"], roles: [everyone(0n), organiserRole(ManageRoles)], roleId: "404", expected: { kind: "gone" } },
  {
    rule: "a role granting permissions the organiser lacks: refused, naming them",
    held: ["10"],
    roles: [everyone(0n), organiserRole(ManageRoles), role("20", 2, KickMembers | BanMembers | Administrator)],
    roleId: "20",
    expected: { kind: "grants-more", missing: ["KickMembers", "BanMembers", "Administrator"] },
  },
];

describe("whether a member could give a role themself, by Discord's rules", () => {
  it.each(assignmentRows.map((row) => [row.rule, row] as const))("%s", (_rule, row) => {
    expect(roleAssignmentBlocker(standingOf(row), row.roleId, { heldPermissionsOnly: true })).toEqual(row.expected);
  });

  it("Discord lets a member with Manage Roles give a lower role with permissions they lack; only reward roles ask for more", () => {
    const standing = standingOf({ held: ["10"], roles: [everyone(0n), organiserRole(ManageRoles), role("20", 2, BanMembers)] });
    expect(roleAssignmentBlocker(standing, "20", { heldPermissionsOnly: false })).toBeUndefined();
  });
});

describe("permissions by the names organisers see in Discord", () => {
  it("spells flags as Discord's settings do", () => {
    const bits = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ManageRoles | PermissionFlagsBits.SendTTSMessages | PermissionFlagsBits.ViewAuditLog;
    expect(permissionFlagMessages(permissionFlags(bits)).map((message) => userMessageText(english, message))).toEqual([
      "Manage Server",
      "View Audit Log",
      "Send Text-to-Speech Messages",
      "Manage Roles",
    ]);
  });
});

describe("whether the bot can give a role, from API data", () => {
  const managesRoles = role("10", 5, PermissionFlagsBits.ManageRoles);

  it("can give a role below its highest role when it has Manage Roles", () => {
    expect(roleGrantProblem(bot(["10"], [everyone(0n), managesRoles, role("20", 2, 0n)]), "20")).toBeUndefined();
  });

  it("cannot without Manage Roles", () => {
    expect(inEnglish(roleGrantProblem(bot(["10"], [everyone(0n), role("10", 5, 0n), role("20", 2, 0n)]), "20"))).toBe("I lack the Manage Roles permission");
  });

  it("Administrator counts as Manage Roles", () => {
    expect(roleGrantProblem(bot(["10"], [everyone(0n), role("10", 5, PermissionFlagsBits.Administrator), role("20", 2, 0n)]), "20")).toBeUndefined();
  });

  it("cannot give a role at or above its highest role; on equal positions the older role ranks higher", () => {
    const roles = [everyone(0n), managesRoles, role("30", 7, 0n), role("9", 5, 0n), role("11", 5, 0n)];
    expect(inEnglish(roleGrantProblem(bot(["10"], roles), "30"))).toBe("the role is not below my highest role");
    expect(inEnglish(roleGrantProblem(bot(["10"], roles), "9"))).toBe("the role is not below my highest role");
    expect(roleGrantProblem(bot(["10"], roles), "11")).toBeUndefined();
  });

  it("cannot give a managed role or one that no longer exists", () => {
    const roles = [everyone(0n), managesRoles, role("20", 2, 0n, { managed: true })];
    expect(inEnglish(roleGrantProblem(bot(["10"], roles), "20"))).toBe("the role is managed by an integration");
    expect(inEnglish(roleGrantProblem(bot(["10"], roles), "404"))).toBe("the role no longer exists");
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
    expect(await checkPostingPermissions(client, seen, open.id, NOW)).toEqual({ visible: true, missing: [] });
    expect(await checkPostingPermissions(client, seen, hidden.id, NOW)).toEqual({ visible: false });
    expect(await checkPostingPermissions(client, seen, noEmbeds.id, NOW)).toEqual({ visible: true, missing: ["Embed Links"] });
  });

  it("says why it cannot give a role, asking Discord for the bot's roles", async () => {
    const guild = standIn.addGuild({ name: "Roles" });
    const below = guild.addRole({ name: "below" });
    const above = guild.addRole({ name: "above", aboveBot: true });
    const seen = await waitForGuild(client, guild.id);
    const standing = await fetchStanding(client.rest, seen, client.user.id, NOW);
    expect(roleGrantProblem(standing, below.id)).toBeUndefined();
    expect(inEnglish(roleGrantProblem(standing, above.id))).toBe("the role is not below my highest role");
  });

  it("a timeout on the bot, as Discord sends it, takes away giving roles and posting until it ends", async () => {
    const guild = standIn.addGuild({ name: "Timeout" });
    const below = guild.addRole({ name: "below" });
    const channel = guild.addChannel({ name: "roadmap" });
    const seen = await waitForGuild(client, guild.id);
    guild.botMember.communicationDisabledUntil = new Date(NOW.getTime() + 60 * 60_000).toISOString();
    expect(inEnglish(roleGrantProblem(await fetchStanding(client.rest, seen, client.user.id, NOW), below.id))).toBe("I lack the Manage Roles permission");
    expect(await checkPostingPermissions(client, seen, channel.id, NOW)).toEqual({ visible: true, missing: ["Send Messages", "Embed Links"] });
    // The same timeout, an hour after it ended.
    const later = new Date(NOW.getTime() + 2 * 60 * 60_000);
    expect(roleGrantProblem(await fetchStanding(client.rest, seen, client.user.id, later), below.id)).toBeUndefined();
    expect(await checkPostingPermissions(client, seen, channel.id, later)).toEqual({ visible: true, missing: [] });
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
