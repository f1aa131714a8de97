import { PermissionFlagsBits } from "discord.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { manualClock } from "../../src/clock.ts";
import { decodePager, encodePager } from "../../src/discord/pager.ts";
import {
  type ChannelModel,
  type GuildModel,
  type InteractionHandle,
  type MemberModel,
  type MessageView,
  type OptionValue,
  type RoleModel,
  type StandIn,
  type UserModel,
} from "../standin/index.ts";
import type { TestBot } from "../support/bot.ts";
import { startBotWorld, type BotWorld } from "../support/world.ts";
import { dumpDatabase } from "../support/db-dump.ts";
import { BIDI_CONTROLS, mentionPolicies, tamperNextInteraction } from "../support/interaction-checks.ts";

/*
 * Reliability promise: bad input changes nothing. Every row sends one command, autocomplete-free
 * value or button press with a hostile or broken value and expects a private, polite answer that
 * says what is wrong, while every application table stays byte-for-byte the same.
 *
 * What real Discord would stop before the bot sees it: option max_length (note ≤ 200, dates ≤ 10),
 * integer min_value/max_value, and string choices are enforced by Discord's client. The stand-in
 * passes such values through unchanged, so the rows that exceed them prove the bot's own checks
 * (defence in depth: a forged or stale client, or a command definition out of sync).
 */

let standIn: StandIn;
let bot: TestBot;
let roadmap: Roadmap;
const clock = manualClock(new Date("2026-03-04T10:00:00Z"));

let guild: GuildModel;
let channel: ChannelModel;
let closedChannel: ChannelModel;
let graduates: RoleModel;
let organiser: MemberModel;
let tester: MemberModel;
let other: MemberModel;
let hostileBot: MemberModel;
let outsider: UserModel;
let stageView: MessageView;
let nextButtonId: string;
let anotherGuildId: string;

const HOSTILE_TEXT = () => `@everyone **bold** <@&${graduates.id}> __under__ \`code\` ||spoiler||`;

function roadmapCommand(member: MemberModel, subcommand: string, options: Record<string, OptionValue> = {}) {
  return standIn.command({ member, channel, name: "roadmap", subcommand, options });
}

function adminCommand(member: MemberModel, subcommand: string, options: Record<string, OptionValue> = {}) {
  return standIn.command({ member, channel, name: "roadmap-admin", subcommand, options });
}

let world: BotWorld;

beforeAll(async () => {
  world = await startBotWorld({
    clock,
    logLevel: "warn",
    beforeBot: (s) => {
      standIn = s;
      guild = standIn.addGuild({ name: "Bad Input Lab" });
      channel = guild.addChannel({ name: "progress" });
      closedChannel = guild.addChannel({ name: "staff-only", botCanSend: false });
      graduates = guild.addRole({ name: "Graduates" });
      organiser = guild.addMember({ username: "organiser", permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ManageRoles });
      tester = guild.addMember({ username: "tester" });
      other = guild.addMember({ username: "other" });
      hostileBot = guild.addMember({ username: "@everyone **robot**", bot: true });
      outsider = standIn.addUser({ username: "outsider __who__ @here" });
      anotherGuildId = standIn.addGuild({ name: "Elsewhere" }).id;
    },
  });
  ({ bot, roadmap } = world);

  // A lived-in server, so "unchanged" compares real rows: settings, a reward role, progress and dates.
  const replies = [
    await adminCommand(organiser, "setup", { channel, day: "monday", time: "09:00", timezone: "Europe/Berlin" }),
    await adminCommand(organiser, "milestone-role", { stage: 1, role: graduates }),
    await roadmapCommand(tester, "start", { started: "2026-01-05", target: "2027-01-05" }),
    await roadmapCommand(tester, "check", { item: roadmap.items[0]!.id, note: "my first script" }),
    await roadmapCommand(tester, "check", { item: roadmap.items[1]!.id }),
    await roadmapCommand(other, "check", { item: roadmap.items[0]!.id }),
  ];
  for (const handle of replies) expect((await handle.reply()).content).not.toMatch(/Sorry|Only organisers|must|not a real/);

  stageView = await (await roadmapCommand(tester, "stage", { number: 3 })).reply();
  const row = stageView.components[0] as { components: { custom_id: string; label: string }[] };
  nextButtonId = row.components.find((button) => button.label.includes("Next"))!.custom_id;
});

afterAll(() => world?.stop());

afterEach(() => {
  standIn.assertNoViolations();
  expect(standIn.unknownRoutes).toEqual([]);
});

interface BadInput {
  /** What the member does; the test's name. */
  readonly name: string;
  readonly send: () => Promise<InteractionHandle>;
  /** The phrase that tells the member what is wrong. */
  readonly says: RegExp;
  /** Echoed input must appear escaped: these must (not) be in the answer. */
  readonly echo?: () => { shows?: string[]; hides?: string[] };
  /** Anything else that must not have happened. */
  readonly alsoCheck?: () => void;
}

const ESCAPED_HOSTILE_TEXT = () => ({
  shows: ["\\*\\*bold\\*\\*", "\\_\\_under\\_\\_"],
  hides: ["@everyone", "@here", `<@&${graduates.id}>`],
});
const noDirectMessageSent = () => expect(standIn.directMessages(tester)).toEqual([]);

type SentOption = { name: string; type: number; value?: unknown };

/** Rewrites the subcommand's options of the next interaction, as only a forged or stale client could send them. */
function forgeOptions(rewrite: (options: SentOption[]) => SentOption[]): void {
  tamperNextInteraction(bot, (payload) => {
    const subcommand = (payload.data as { options: { options?: SentOption[] }[] }).options[0]!;
    subcommand.options = rewrite(subcommand.options ?? []);
  });
}

function forgeValue(name: string, value: unknown): void {
  forgeOptions((options) => options.map((option) => (option.name === name ? { ...option, value } : option)));
}
const fakeItem = "definitely-not-a-roadmap-item";
const uncheckedItem = () => roadmap.items[50]!.id;

const matrix: BadInput[] = [
  // /roadmap check
  { name: "/roadmap check with an unknown item", send: () => roadmapCommand(tester, "check", { item: fakeItem }), says: /couldn't find a roadmap item/ },
  { name: "/roadmap check with an empty item", send: () => roadmapCommand(tester, "check", { item: "" }), says: /Please name a roadmap item/ },
  { name: "/roadmap check with a whitespace-only item", send: () => roadmapCommand(tester, "check", { item: "  \t  " }), says: /Please name a roadmap item/ },
  {
    name: "/roadmap check with an item of only invisible characters (U+200B, U+202E)",
    send: () => roadmapCommand(tester, "check", { item: "\u200b\u202e\u200b" }),
    says: /Please name a roadmap item/,
  },
  {
    name: "/roadmap check with an unknown item wrapped in U+200B and U+202E",
    send: () => roadmapCommand(tester, "check", { item: `\u200b\u202e${fakeItem}\u202e` }),
    says: /couldn't find a roadmap item matching ".*definitely-not-a-roadmap-item"/,
  },
  { name: "/roadmap check with a 6,000-character item", send: () => roadmapCommand(tester, "check", { item: "x".repeat(6_000) }), says: /couldn't find a roadmap item/ },
  {
    name: "/roadmap check with a real item and a 6,000-character note (past Discord's max_length 200)",
    send: () => roadmapCommand(tester, "check", { item: uncheckedItem(), note: "n".repeat(6_000) }),
    says: /Your note is 6,000 characters long; please keep it to 200/,
  },
  {
    name: "/roadmap check with a real item and a 201-character note",
    send: () => roadmapCommand(tester, "check", { item: uncheckedItem(), note: "n".repeat(201) }),
    says: /Your note is 201 characters long; please keep it to 200/,
  },
  {
    name: "/roadmap check with markdown, @everyone and a role mention as the item",
    send: () => roadmapCommand(tester, "check", { item: HOSTILE_TEXT() }),
    says: /couldn't find a roadmap item/,
    echo: ESCAPED_HOSTILE_TEXT,
  },
  // /roadmap uncheck and /roadmap item
  { name: "/roadmap uncheck with an unknown item", send: () => roadmapCommand(tester, "uncheck", { item: fakeItem }), says: /couldn't find a roadmap item/ },
  { name: "/roadmap uncheck with an empty item", send: () => roadmapCommand(tester, "uncheck", { item: "" }), says: /Please name a roadmap item/ },
  { name: "/roadmap uncheck of an item never checked", send: () => roadmapCommand(tester, "uncheck", { item: uncheckedItem() }), says: /wasn't checked, so there was nothing to uncheck/ },
  {
    name: "/roadmap item with markdown, @everyone and a role mention",
    send: () => roadmapCommand(tester, "item", { item: HOSTILE_TEXT() }),
    says: /couldn't find a roadmap item/,
    echo: ESCAPED_HOSTILE_TEXT,
  },
  // /roadmap start
  { name: "/roadmap start started: 2026-02-30", send: () => roadmapCommand(tester, "start", { started: "2026-02-30" }), says: /2026-02-30 is not a real calendar date/ },
  { name: "/roadmap start target: 9999-99-99", send: () => roadmapCommand(tester, "start", { target: "9999-99-99" }), says: /9999-99-99 is not a real calendar date/ },
  { name: "/roadmap start started: 2026-2-3", send: () => roadmapCommand(tester, "start", { started: "2026-2-3" }), says: /must look like 2026-03-01/ },
  { name: "/roadmap start target: tomorrow", send: () => roadmapCommand(tester, "start", { target: "tomorrow" }), says: /must look like 2026-03-01/ },
  { name: "/roadmap start target with a zero-width space (2026\\u200b03-01)", send: () => roadmapCommand(tester, "start", { target: "2026\u200b03-01" }), says: /must look like 2026-03-01/ },
  { name: "/roadmap start started with a right-to-left override (\\u202e1-30-6202)", send: () => roadmapCommand(tester, "start", { started: "\u202e1-30-6202" }), says: /must look like 2026-03-01/ },
  { name: "/roadmap start with a target before the stored start", send: () => roadmapCommand(tester, "start", { target: "2025-01-01" }), says: /before your start date/ },
  {
    name: "/roadmap start with a target before the start given with it",
    send: () => roadmapCommand(tester, "start", { started: "2027-01-01", target: "2026-06-01" }),
    says: /target date \(2026-06-01\) is before your start date \(2027-01-01\)/,
  },
  // /roadmap stage, progress and group
  { name: "/roadmap stage number: 0 (past Discord's min_value 1)", send: () => roadmapCommand(tester, "stage", { number: 0 }), says: /stages 1 to 3; there is no stage 0/ },
  { name: "/roadmap stage number: 4 (past Discord's max_value 3)", send: () => roadmapCommand(tester, "stage", { number: 4 }), says: /stages 1 to 3; there is no stage 4/ },
  { name: "/roadmap stage number: -1", send: () => roadmapCommand(tester, "stage", { number: -1 }), says: /stages 1 to 3; there is no stage -1/ },
  {
    name: "/roadmap stage member: a bot named with markdown and @everyone",
    send: () => roadmapCommand(tester, "stage", { number: 1, member: hostileBot }),
    says: /is a bot, and bots don't follow the roadmap/,
    echo: () => ({ shows: ["\\*\\*robot\\*\\*"], hides: ["@everyone"] }),
  },
  {
    name: "/roadmap stage member: a user who is not in the server",
    send: () => roadmapCommand(tester, "stage", { number: 1, member: outsider }),
    says: /isn't a member of this server/,
    echo: () => ({ shows: ["\\_\\_who\\_\\_"], hides: ["@here"] }),
  },
  { name: "/roadmap progress member: a bot", send: () => roadmapCommand(tester, "progress", { member: hostileBot }), says: /is a bot/ },
  { name: "/roadmap progress member: a user who is not in the server", send: () => roadmapCommand(tester, "progress", { member: outsider }), says: /isn't a member of this server/ },
  { name: "/roadmap group stage: 0", send: () => roadmapCommand(tester, "group", { stage: 0 }), says: /There is no stage 0/ },
  // /roadmap remind: refused before the test DM is sent
  { name: "/roadmap remind time: 24:00", send: () => roadmapCommand(tester, "remind", { weekday: "friday", time: "24:00" }), says: /HH:MM on a 24-hour clock/, alsoCheck: noDirectMessageSent },
  { name: "/roadmap remind time: 9am", send: () => roadmapCommand(tester, "remind", { weekday: "friday", time: "9am" }), says: /HH:MM on a 24-hour clock/, alsoCheck: noDirectMessageSent },
  { name: "/roadmap remind weekday: someday (not one of Discord's choices)", send: () => roadmapCommand(tester, "remind", { weekday: "someday" }), says: /is not one of the choices for `weekday`/, alsoCheck: noDirectMessageSent },
  // Forged options: what only a forged or stale client sends (Discord's own sends declared options of the declared types)
  {
    name: "/roadmap stage number: \"2\" (text where a whole number is declared)",
    send: () => {
      forgeValue("number", "2");
      return roadmapCommand(tester, "stage", { number: 2 });
    },
    says: /The `number` option of `\/roadmap stage` should be a whole number/,
  },
  {
    name: "/roadmap stage number: 1.5 (a fraction where a whole number is declared)",
    send: () => {
      forgeValue("number", 1.5);
      return roadmapCommand(tester, "stage", { number: 1 });
    },
    says: /should be a whole number/,
  },
  {
    name: "/roadmap check item: 12345 (a number where text is declared)",
    send: () => {
      forgeValue("item", 12345);
      return roadmapCommand(tester, "check", { item: uncheckedItem() });
    },
    says: /The `item` option of `\/roadmap check` should be text/,
  },
  {
    name: "/roadmap privacy hidden: \"true\" (text where True or False is declared)",
    send: () => {
      forgeValue("hidden", "true");
      return roadmapCommand(tester, "privacy", { hidden: true });
    },
    says: /should be True or False/,
  },
  {
    name: "/roadmap stage member: an id the interaction does not resolve",
    send: () => {
      forgeValue("member", "900000000000000001");
      return roadmapCommand(tester, "stage", { number: 1, member: other });
    },
    says: /The `member` option of `\/roadmap stage` should be a member/,
  },
  {
    name: "/roadmap-admin setup channel: not-a-snowflake, from an organiser",
    send: () => {
      forgeValue("channel", "not-a-snowflake");
      return adminCommand(organiser, "setup", { channel, day: "friday" });
    },
    says: /should be a channel/,
  },
  {
    name: "/roadmap check with an option it doesn't have, named with markdown and @everyone",
    send: () => {
      forgeOptions((options) => [...options, { name: "@everyone **bonus**", type: 3, value: "x" }]);
      return roadmapCommand(tester, "check", { item: uncheckedItem() });
    },
    says: /`\/roadmap check` has no option called/,
    echo: () => ({ shows: ["\\*\\*bonus\\*\\*"], hides: ["@everyone"] }),
  },
  {
    name: "/roadmap check without its required item",
    send: () => {
      forgeOptions(() => []);
      return roadmapCommand(tester, "check", { item: uncheckedItem() });
    },
    says: /`\/roadmap check` needs its `item` option/,
  },
  // Where the interaction comes from
  { name: "/roadmap check from a direct message", send: () => standIn.command({ dm: true, user: tester, name: "roadmap", subcommand: "check", options: { item: uncheckedItem() } }), says: /works inside a study group's server/ },
  { name: "/roadmap start from a direct message", send: () => standIn.command({ dm: true, user: tester, name: "roadmap", subcommand: "start", options: { started: "2026-01-01" } }), says: /works inside a study group's server/ },
  {
    name: "/roadmap check from a server the bot has never seen (no GUILD_CREATE)",
    send: () => {
      tamperNextInteraction(bot, (payload) => {
        payload.guild_id = "900000000000000009";
        payload.guild = { ...(payload.guild as object), id: "900000000000000009" };
      });
      return roadmapCommand(tester, "check", { item: uncheckedItem() });
    },
    says: /not fully set up in this server yet/,
  },
  // Buttons
  {
    name: "a button whose custom id is garbage",
    send: () => {
      tamperNextInteraction(bot, (payload) => Object.assign(payload.data as object, { custom_id: "💥:../../etc/passwd:'; drop table progress; --" }));
      return standIn.pressButton({ member: tester, message: stageView, customId: nextButtonId });
    },
    says: /This button no longer works/,
  },
  {
    name: "a paging button whose custom id is mangled",
    send: () => {
      tamperNextInteraction(bot, (payload) => Object.assign(payload.data as object, { custom_id: "stage:NaN:not-a-guild:0:zz:3" }));
      return standIn.pressButton({ member: tester, message: stageView, customId: nextButtonId });
    },
    says: /This button doesn't belong here/,
  },
  {
    name: "a paging button from another server",
    send: () => {
      const foreign = encodePager({ ...decodePager(nextButtonId, "stage")!, guildId: anotherGuildId });
      tamperNextInteraction(bot, (payload) => Object.assign(payload.data as object, { custom_id: foreign }));
      return standIn.pressButton({ member: tester, message: stageView, customId: nextButtonId });
    },
    says: /This button doesn't belong here/,
  },
  { name: "a paging button pressed by another member", send: () => standIn.pressButton({ member: other, message: stageView, customId: nextButtonId }), says: /Only the member who opened this view/ },
  // /roadmap-admin from a member without Manage Server
  { name: "/roadmap-admin setup from a member without Manage Server", send: () => adminCommand(tester, "setup", { channel, day: "friday" }), says: /Only organisers/ },
  { name: "/roadmap-admin post-leaderboard from a member without Manage Server", send: () => adminCommand(tester, "post-leaderboard"), says: /Only organisers/ },
  { name: "/roadmap-admin milestone-role from a member without Manage Server", send: () => adminCommand(tester, "milestone-role", { stage: 2, role: graduates }), says: /Only organisers/ },
  // /roadmap-admin from an organiser, with broken values
  { name: "/roadmap-admin setup time: 24:00", send: () => adminCommand(organiser, "setup", { channel, time: "24:00" }), says: /HH:MM on a 24-hour clock/ },
  { name: "/roadmap-admin setup time: 9am", send: () => adminCommand(organiser, "setup", { channel, time: "9am" }), says: /HH:MM on a 24-hour clock/ },
  { name: "/roadmap-admin setup time: 09:60", send: () => adminCommand(organiser, "setup", { channel, time: "09:60" }), says: /HH:MM on a 24-hour clock/ },
  { name: "/roadmap-admin setup timezone: Mars/Olympus", send: () => adminCommand(organiser, "setup", { channel, timezone: "Mars/Olympus" }), says: /not a time zone I know/ },
  { name: "/roadmap-admin setup timezone: ../../etc/passwd", send: () => adminCommand(organiser, "setup", { channel, timezone: "../../etc/passwd" }), says: /not a time zone I know/ },
  { name: "/roadmap-admin setup day: someday (not one of Discord's choices)", send: () => adminCommand(organiser, "setup", { channel, day: "someday" }), says: /is not one of the choices for `day`/ },
  { name: "/roadmap-admin setup in a channel the bot can't post in", send: () => adminCommand(organiser, "setup", { channel: closedChannel }), says: /I can't (see|post in) <#\d+>/ },
  { name: "/roadmap-admin milestone-role role: @everyone", send: () => adminCommand(organiser, "milestone-role", { stage: 2, role: guild.everyoneRole }), says: /@everyone can't be a reward/ },
  { name: "/roadmap-admin milestone-role stage: 0 (past Discord's min_value 1)", send: () => adminCommand(organiser, "milestone-role", { stage: 0, role: graduates }), says: /stages 1 to 3; there is no stage 0/ },
  { name: "/roadmap-admin milestone-role stage: 4 (past Discord's max_value 3)", send: () => adminCommand(organiser, "milestone-role", { stage: 4, role: graduates }), says: /stages 1 to 3; there is no stage 4/ },
];

describe("bad input is refused privately, says what is wrong, and changes nothing", () => {
  it.each(matrix.map((row) => [row.name, row] as const))("%s", async (_name, row) => {
    const before = await dumpDatabase(bot.context.db);
    const handle = await row.send();
    const reply = await handle.reply();

    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(row.says);
    expect(reply.content).not.toMatch(/Error:|\n\s+at\s|Sorry, something went wrong/);
    expect(reply.content).not.toMatch(BIDI_CONTROLS);
    const echo = row.echo?.() ?? {};
    for (const text of echo.shows ?? []) expect(reply.content).toContain(text);
    for (const text of echo.hides ?? []) expect(reply.content).not.toContain(text);
    row.alsoCheck?.();

    // The request log is written once the response is out, and anything the handler started in
    // the background gets a moment to land.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(mentionPolicies(standIn, handle)).toEqual([{ parse: [] }]);
    expect(await dumpDatabase(bot.context.db)).toBe(before);
  });

  it("posts nothing in the server's channels", () => {
    expect(standIn.channelMessages(channel)).toEqual([]);
    expect(standIn.channelMessages(closedChannel)).toEqual([]);
  });

  it("had real data to protect: the server's settings, a reward role, progress and journey dates", async () => {
    const dump = JSON.parse(await dumpDatabase(bot.context.db)) as Record<string, unknown[]>;
    expect(dump.guilds).toHaveLength(1);
    expect(dump.milestone_roles).toHaveLength(1);
    expect(dump.progress).toHaveLength(3);
    expect(dump.members!.length).toBeGreaterThanOrEqual(2);
  });
});
