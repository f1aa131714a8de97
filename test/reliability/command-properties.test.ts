import { ApplicationCommandOptionType, ChannelType, PermissionFlagsBits, type APIApplicationCommandBasicOption, type APIEmbed } from "discord.js";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { slashCommands } from "../../commands/index.ts";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { manualClock } from "../../src/clock.ts";
import type { ChannelModel, GuildModel, InteractionHandle, MemberModel, MessageView, OptionValue, RoleModel, StandIn, UserModel } from "../standin/index.ts";
import type { TestBot } from "../support/bot.ts";
import { dumpDatabase } from "../support/db-dump.ts";
import { mentionPolicies, tamperNextInteraction } from "../support/interaction-checks.ts";
import { startBotWorld, type BotWorld } from "../support/world.ts";

/*
 * Reliability promise, as properties: whatever values a member or organiser puts in a command's
 * options (unicode, right-to-left and zero-width characters, mentions, markdown, huge and empty
 * strings, out-of-range numbers, any member, channel or role, forged value types), the bot
 *  - answers before Discord's 3-second deadline,
 *  - stays within Discord's message limits and pings nobody in anything it sends,
 *  - never answers with the generic apology, not even a forged one (wrong value types are refused
 *    with a reason before any handler runs),
 *  - and changes no row when it refuses.
 * Every (sub)command is generated from its own definition, so a new option is fuzzed without a
 * change here. PROPERTY_RUNS sets the runs per command (default 10, about 40 s for the file; a third
of that, at least 3, for forged types); PROPERTY_SEED replays a failing run.
 */

const RUNS = Number(process.env.PROPERTY_RUNS ?? 10);
const SEED = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);
const DEADLINE_MS = 3_000;

let world: BotWorld;
let standIn: StandIn;
let bot: TestBot;
let roadmap: Roadmap;
const clock = manualClock(new Date("2026-03-04T10:00:00Z"));

let guild: GuildModel;
let channel: ChannelModel;
let people: (MemberModel | UserModel)[];
let channels: ChannelModel[];
let roles: RoleModel[];
let members: MemberModel[];
let organiser: MemberModel;

beforeAll(async () => {
  world = await startBotWorld({
    clock,
    logLevel: "info",
    beforeBot: (s) => {
      guild = s.addGuild({ name: "Property Lab" });
      const graduates = guild.addRole({ name: "Graduates" });
      const admins = guild.addRole({ name: "Admins", permissions: PermissionFlagsBits.Administrator });
      organiser = guild.addMember({ username: "organiser", permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ManageRoles });
      const senior = guild.addRole({ name: "Senior" });
      channel = guild.addChannel({ name: "progress" });
      const category = guild.addChannel({ name: "Study", type: ChannelType.GuildCategory });
      channels = [
        channel,
        guild.addChannel({ name: "staff-only", botCanSend: false }),
        guild.addChannel({ name: "hidden-from-organiser", overwrites: [{ id: organiser.id, type: "member", deny: PermissionFlagsBits.ViewChannel }] }),
        guild.addChannel({ name: "voice", type: ChannelType.GuildVoice }),
        category,
      ];
      roles = [graduates, admins, senior, guild.everyoneRole, guild.botRole];
      const tester = guild.addMember({ username: "tester" });
      const other = guild.addMember({ username: "other ‮evil‬ **name** @everyone" });
      const robot = guild.addMember({ username: "@here robot", bot: true });
      const outsider = s.addUser({ username: "outsider __who__" });
      members = [tester, other];
      people = [tester, other, robot, outsider, organiser];
    },
  });
  ({ standIn, bot, roadmap } = world);
  // Lived-in: a schedule, a reward and some progress, so refusals have rows to leave alone.
  await send(organiser, "roadmap-admin", "setup", { channel, day: "monday", time: "09:00", timezone: "Europe/Berlin" });
  await send(organiser, "roadmap-admin", "milestone-role", { stage: 1, role: roles[0]! });
  for (const item of roadmap.items.slice(0, 3)) await send(members[0]!, "roadmap", "check", { item: item.id });
});

afterAll(() => world?.stop());

afterEach(() => {
  standIn.assertNoViolations();
});

async function send(member: MemberModel, name: string, subcommand: string, options: Record<string, OptionValue>): Promise<MessageView> {
  return (await standIn.command({ member, channel, name, subcommand, options })).reply();
}

// ---------------------------------------------------------------------------------------------
// Values

/** A stand-in model as a generated value: a counterexample prints its label, not the whole world. */
class Named<T> {
  constructor(
    readonly label: string,
    readonly model: T,
  ) {}
  [fc.toStringMethod](): string {
    return this.label;
  }
}

type Generated = Exclude<OptionValue, MemberModel | UserModel | ChannelModel | RoleModel | { user: unknown }> | Named<OptionValue>;

function named<T extends { id: string }>(kind: string, models: readonly T[], label: (model: T) => string): fc.Arbitrary<Named<T>> {
  return fc.constantFrom(...models.map((model) => new Named(`${kind}:${label(model)}`, model)));
}

const modelName = (model: MemberModel | UserModel | ChannelModel | RoleModel) => ("username" in model ? model.username : model.name);

function resolved(options: Record<string, Generated>): Record<string, OptionValue> {
  return Object.fromEntries(Object.entries(options).map(([name, value]) => [name, value instanceof Named ? value.model : value]));
}

function hostileFragments(): string[] {
  const [role] = roles;
  return [
    "@everyone",
    "@here",
    `<@&${role!.id}>`,
    `<@${members[0]!.id}>`,
    `<#${channel.id}>`,
    "**bold**",
    "__under__",
    "`code`",
    "```js\nblock\n```",
    "||spoiler||",
    "> quote",
    "# heading",
    "[https://docs.python.org/](https://evil.example/login)",
    "https://evil.example",
    "\u200b",
    "\u200d",
    "\u202e",
    "\u2066",
    "\ufeff",
    "\u0000",
    "\n",
    "\r",
    "\t",
    "مرحبا",
    "שלום",
    "🏳️‍🌈",
    "👩🏽‍💻",
    "e\u0301",
    "../../etc/passwd",
    "'; drop table progress; --",
    "%s%n",
    "${process.env}",
    "<script>",
    "\\",
  ];
}

const realWords = () => [...roadmap.items.slice(0, 5).flatMap((item) => [item.id, item.title]), "python", "stage 1", "2026-03-01", "09:00", "Europe/Berlin", "monday"];

function hostileText(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.array(fc.constantFrom(...hostileFragments(), ...realWords()), { maxLength: 12 }).map((parts) => parts.join(" ")) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 60 }) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 60 }) },
    { weight: 1, arbitrary: fc.constantFrom("", " ", "\u200b\u202e\u200b", "x".repeat(6_000), "🏳️‍🌈".repeat(400), "\u200b".repeat(3_000), "@everyone ".repeat(300)) },
    { weight: 2, arbitrary: fc.constantFrom(...realWords()) },
  );
}

const hostileInteger = () =>
  fc.oneof(fc.integer({ min: -5, max: 10 }), fc.constantFrom(0, -1, 2 ** 31, -(2 ** 31), Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER), fc.integer());

function valueFor(option: APIApplicationCommandBasicOption): fc.Arbitrary<Generated> {
  switch (option.type) {
    case ApplicationCommandOptionType.String: {
      const choices = option.choices?.map((choice) => choice.value) ?? [];
      return choices.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...choices) }, { weight: 1, arbitrary: hostileText() }) : hostileText();
    }
    case ApplicationCommandOptionType.Integer:
      return hostileInteger();
    case ApplicationCommandOptionType.Number:
      return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), hostileInteger());
    case ApplicationCommandOptionType.Boolean:
      return fc.boolean();
    case ApplicationCommandOptionType.User:
    case ApplicationCommandOptionType.Mentionable:
      return named("user", people, modelName);
    case ApplicationCommandOptionType.Channel:
      return named("channel", channels, modelName);
    case ApplicationCommandOptionType.Role:
      return named("role", roles, modelName);
    case ApplicationCommandOptionType.Attachment:
      return fc
        .record({
          name: fc.constantFrom("progress.md", "progress.csv", "progress.json", "cat.png", "../../etc/passwd", "‮dm.exe"),
          text: hostileText(),
          contentType: fc.constantFrom("text/markdown", "text/csv", "application/json", "image/png", "text/plain"),
        })
        .map(({ name, text, contentType }) => ({ upload: { name, data: Buffer.from(text), contentType } }));
  }
}

interface Leaf {
  readonly command: string;
  /** The subcommand group, for a grouped subcommand (`/roadmap-admin roadmap upload`). */
  readonly group: string | undefined;
  readonly subcommand: string;
  readonly options: readonly APIApplicationCommandBasicOption[];
  readonly admin: boolean;
}

const LEAVES: Leaf[] = slashCommands.flatMap((command) =>
  [...command.subcommands.entries()].map(([key, sub]) => ({
    command: command.data.name,
    group: key.includes(" ") ? key.split(" ")[0] : undefined,
    subcommand: sub.data.name,
    options: (sub.data.options ?? []) as APIApplicationCommandBasicOption[],
    admin: command.preconditions.length > 0,
  })),
);

function optionsFor(leaf: Leaf): fc.Arbitrary<Record<string, Generated>> {
  const shape = Object.fromEntries(leaf.options.map((option) => [option.name, valueFor(option)]));
  return fc.record(shape, { requiredKeys: leaf.options.filter((option) => option.required).map((option) => option.name) }) as fc.Arbitrary<Record<string, Generated>>;
}

function invokerFor(leaf: Leaf): fc.Arbitrary<Named<MemberModel>> {
  // Mostly the people the command is for; now and then someone it is not for.
  return leaf.admin
    ? fc.oneof({ weight: 4, arbitrary: named("member", [organiser], modelName) }, { weight: 1, arbitrary: named("member", members, modelName) })
    : named("member", [...members, organiser], modelName);
}

// ---------------------------------------------------------------------------------------------
// What every answer must satisfy

function embedLength(embed: APIEmbed): number {
  const fields = (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  return (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0) + fields;
}

function expectWithinLimits(message: { content?: unknown; embeds?: unknown }): void {
  if (typeof message.content === "string") expect(message.content.length).toBeLessThanOrEqual(2_000);
  const embeds = (Array.isArray(message.embeds) ? message.embeds : []) as APIEmbed[];
  expect(embeds.length).toBeLessThanOrEqual(10);
  for (const embed of embeds) expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(25);
  expect(embeds.reduce((sum, embed) => sum + embedLength(embed), 0)).toBeLessThanOrEqual(6_000);
}

/** Every message body the bot sent since `from` (replies, edits, follow-ups, channel posts, DMs). */
function messagesSince(from: number): { content?: unknown; embeds?: unknown; allowed_mentions?: unknown }[] {
  return standIn.requests.slice(from).flatMap((request) => {
    if (request.method !== "POST" && request.method !== "PATCH") return [];
    const body = request.body as { data?: Record<string, unknown> } & Record<string, unknown>;
    const message = body?.data ?? body;
    return message && typeof message === "object" && ("content" in message || "embeds" in message) ? [message] : [];
  });
}

/** The dispatcher's outcome for the interaction just answered: ok, user-error, refused, unknown or error. */
async function outcomeSince(logLines: number): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const handled = bot.logs.lines
      .slice(logLines)
      .map((line) => JSON.parse(line) as { msg?: string; outcome?: string; kind?: string })
      .find((entry) => entry.msg === "interaction handled" && entry.kind === "command");
    if (handled?.outcome) return handled.outcome;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the dispatcher never logged the interaction");
}

interface Answer {
  readonly handle: InteractionHandle;
  readonly outcome: string;
  readonly changedRows: boolean;
}

async function answerTo(member: MemberModel, leaf: Leaf, options: Record<string, OptionValue>, tamper?: (payload: Record<string, unknown>) => void): Promise<Answer> {
  const before = await dumpDatabase(bot.context.db);
  const requests = standIn.requests.length;
  const logLines = bot.logs.lines.length;
  if (tamper) tamperNextInteraction(bot, tamper);
  const handle = await standIn.command({ member, channel, name: leaf.command, ...(leaf.group && { group: leaf.group }), subcommand: leaf.subcommand, options });
  const reply = await handle.reply();
  const outcome = await outcomeSince(logLines);
  // Anything the handler queued (a post, a DM) gets a moment to go out before it is checked.
  await new Promise((resolve) => setTimeout(resolve, 20));

  expect(handle.rejectedCallbacks).toEqual([]);
  expect(handle.callbackLatencyMs).toBeLessThan(DEADLINE_MS);
  expect(handle.violations()).toEqual([]);
  expectWithinLimits(reply);
  expect(mentionPolicies(standIn, handle).length).toBeGreaterThan(0);
  for (const message of messagesSince(requests)) {
    expectWithinLimits(message);
    expect(message.allowed_mentions).toEqual({ parse: [] });
  }
  const changedRows = (await dumpDatabase(bot.context.db)) !== before;
  const tally = `${tamper ? "forged" : "well-formed"} ${outcome}`;
  outcomes.set(tally, (outcomes.get(tally) ?? 0) + 1);
  if (outcome !== "ok") expect(changedRows, `a refused /${leaf.command} ${leaf.subcommand} (${outcome}) changed rows`).toBe(false);
  return { handle, outcome, changedRows };
}

describe("what the properties found", () => {
  it("a check whose note holds a NUL character is saved, without it (Postgres text cannot store U+0000)", async () => {
    const item = roadmap.items[20]!;
    const reply = await send(members[1]!, "roadmap", "check", { item: item.id, note: "typed\u0000 in the REPL" });
    expect(reply.content).not.toMatch(/Sorry/);
    const saved = await bot.context.db.selectFrom("progress").select("note").where("user_id", "=", members[1]!.id).where("item_id", "=", item.id).executeTakeFirst();
    expect(saved?.note).toBe("typed in the REPL");
  });
});

const tried = new Map<string, number>();
const outcomes = new Map<string, number>();

afterAll(() => {
  // The counts docs/reliability.md records.
  const total = [...tried.values()].reduce((sum, count) => sum + count, 0);
  console.info(`command properties: ${total} interactions; ${[...outcomes.entries()].map(([kind, count]) => `${kind}=${count}`).join(", ")}`);
  console.info(`per command: ${[...tried.entries()].map(([name, count]) => `${name}=${count}`).join(", ")}`);
});

describe("any option values: answered in time, within Discord's limits, pinging nobody, refusals change nothing", () => {
  it.each(LEAVES.map((leaf) => [`/${[leaf.command, leaf.group, leaf.subcommand].filter(Boolean).join(" ")}`, leaf] as const))("%s", async (name, leaf) => {
    await fc.assert(
      fc.asyncProperty(invokerFor(leaf), optionsFor(leaf), async (member, options) => {
        tried.set(name, (tried.get(name) ?? 0) + 1);
        const { outcome } = await answerTo(member.model, leaf, resolved(options));
        // Well-formed input is answered or refused with a reason, never with the generic apology.
        expect(["ok", "user-error"]).toContain(outcome);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });
});

/** A value of the wrong JSON type for this option, as only a forged client could send. */
function wrongValueFor(option: APIApplicationCommandBasicOption): fc.Arbitrary<unknown> {
  const anyWrong = fc.constantFrom<unknown>(null, {}, [], "", "0", "not-a-snowflake", "99999999999999999999", 1.5, -0, 1e308, true, "<@&1>");
  switch (option.type) {
    case ApplicationCommandOptionType.String:
      return fc.oneof(fc.constantFrom<unknown>(12345, true, null, {}, []), anyWrong);
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number:
      return fc.oneof(fc.constantFrom<unknown>("1", "NaN", 1.5, 1e308, null, true), anyWrong);
    case ApplicationCommandOptionType.Boolean:
      return fc.oneof(fc.constantFrom<unknown>("true", 1, 0, null), anyWrong);
    default:
      return anyWrong;
  }
}

const LEAVES_WITH_OPTIONS = LEAVES.filter((leaf) => leaf.options.length > 0);

describe("forged option types: answered in time, pinging nobody, never with the generic apology, and a refusal changes nothing", () => {
  it.each(LEAVES_WITH_OPTIONS.map((leaf) => [`/${[leaf.command, leaf.group, leaf.subcommand].filter(Boolean).join(" ")}`, leaf] as const))("%s", async (name, leaf) => {
    const forged = fc
      .constantFrom(...leaf.options)
      .chain((option) => fc.record({ option: fc.constant(option), value: valueFor(option), wrong: wrongValueFor(option) }));
    await fc.assert(
      fc.asyncProperty(invokerFor(leaf), optionsFor(leaf), forged, async (member, options, { option, value, wrong }) => {
        tried.set(`${name} (forged)`, (tried.get(`${name} (forged)`) ?? 0) + 1);
        const { outcome } = await answerTo(member.model, leaf, resolved({ ...options, [option.name]: value }), (payload) => {
          type Sent = { name: string; value?: unknown; options?: Sent[] };
          const data = payload.data as { options?: Sent[] };
          // A grouped subcommand's options sit one level deeper, inside its group.
          const sub = leaf.group ? data.options?.[0]?.options?.[0] : data.options?.[0];
          const target = sub?.options?.find((candidate) => candidate.name === option.name);
          if (target) target.value = wrong;
        });
        // Some "wrong" values are of the right type after all ("" or "0" for text): answered or refused, never the apology.
        expect(["ok", "user-error"]).toContain(outcome);
      }),
      { numRuns: Math.max(3, Math.ceil(RUNS / 3)), seed: SEED, endOnFailure: true },
    );
  });
});

const AUTOCOMPLETED = LEAVES.flatMap((leaf) =>
  leaf.options.filter((option) => "autocomplete" in option && option.autocomplete).map((option) => ({ leaf, option })),
);

describe("anything typed into an autocompleted option: choices in time and within Discord's limits, no row changed", () => {
  it.each(AUTOCOMPLETED.map(({ leaf, option }) => [`/${[leaf.command, leaf.group, leaf.subcommand].filter(Boolean).join(" ")} ${option.name}`, leaf, option] as const))("%s", async (name, leaf, option) => {
    await fc.assert(
      fc.asyncProperty(invokerFor(leaf), hostileText(), async (member, typed) => {
        tried.set(`${name} (autocomplete)`, (tried.get(`${name} (autocomplete)`) ?? 0) + 1);
        const before = await dumpDatabase(bot.context.db);
        const handle = await standIn.autocomplete({ member: member.model, channel, name: leaf.command, ...(leaf.group && { group: leaf.group }), subcommand: leaf.subcommand, focused: option.name, value: typed });
        const choices = await handle.autocompleteChoices();
        expect(handle.rejectedCallbacks).toEqual([]);
        expect(handle.callbackLatencyMs).toBeLessThan(DEADLINE_MS);
        expect(choices.length).toBeLessThanOrEqual(25);
        for (const choice of choices) {
          expect(choice.name.length).toBeGreaterThanOrEqual(1);
          expect(choice.name.length).toBeLessThanOrEqual(100);
          if (typeof choice.value === "string") expect(choice.value.length).toBeLessThanOrEqual(100);
        }
        expect(await dumpDatabase(bot.context.db)).toBe(before);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });
});
