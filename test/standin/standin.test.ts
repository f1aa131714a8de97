import { once } from "node:events";
import { constants, createInflate } from "node:zlib";
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type Interaction,
  type TextChannel,
} from "discord.js";
import { WebSocket } from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStandIn, type ChannelModel, type GuildModel, type MemberModel, type StandIn } from "./index.ts";

const roadmapCommand = new SlashCommandBuilder()
  .setName("roadmap")
  .setDescription("Work with the study roadmap")
  .addSubcommand((sub) =>
    sub
      .setName("check")
      .setDescription("Tick off an item")
      .addStringOption((option) => option.setName("item").setDescription("Roadmap item").setRequired(true).setAutocomplete(true)),
  )
  .addSubcommand((sub) => sub.setName("show").setDescription("Show the roadmap"))
  .addSubcommand((sub) => sub.setName("long").setDescription("Replies with too much text"))
  .addSubcommand((sub) => sub.setName("slow").setDescription("Waits before answering"))
  .addSubcommand((sub) => sub.setName("file").setDescription("Replies with a file"))
  .addSubcommand((sub) => sub.setName("followup").setDescription("Replies, then follows up"))
  .addSubcommand((sub) =>
    sub
      .setName("nudge")
      .setDescription("Mention someone")
      .addUserOption((option) => option.setName("who").setDescription("Who").setRequired(true))
      .addIntegerOption((option) => option.setName("times").setDescription("How often")),
  );
const pingCommand = new SlashCommandBuilder().setName("ping").setDescription("Are you there?");

const ITEMS = ["python-basics", "python-testing", "pytorch", "rust-basics"];

/** The bot under test: a handful of handlers exercising each kind of response. Failed API calls land in `errors`. */
function createBotHandlers(releaseSlow: Promise<void>, errors: unknown[]) {
  return async (interaction: Interaction): Promise<void> => {
    try {
      if (interaction.isAutocomplete()) {
        const typed = interaction.options.getFocused();
        const choices = typed === "many" ? Array.from({ length: 26 }, (_, index) => `item-${index}`) : ITEMS.filter((item) => item.startsWith(typed));
        await interaction.respond(choices.map((item) => ({ name: item, value: item })));
        return;
      }
      if (interaction.isButton() && interaction.customId === "roadmap:done") {
        await interaction.update({ content: "Marked as done!", embeds: [], components: [] });
        return;
      }
      if (!interaction.isChatInputCommand()) return;
      if (interaction.commandName === "ping") {
        await interaction.reply("pong");
        return;
      }
      switch (interaction.options.getSubcommand()) {
        case "check": {
          await interaction.deferReply();
          await interaction.editReply(`Checked ${interaction.options.getString("item", true)}`);
          return;
        }
        case "show": {
          const embed = new EmbedBuilder().setTitle("Your roadmap").setDescription("3 of 10 done").addFields({ name: "Next", value: "pytorch" });
          const row = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId("roadmap:done").setLabel("Done").setStyle(ButtonStyle.Success));
          await interaction.reply({ embeds: [embed], components: [row], flags: MessageFlags.Ephemeral });
          return;
        }
        case "long":
          await interaction.reply("x".repeat(2001));
          return;
        case "slow":
          await releaseSlow;
          await interaction.reply("finally");
          return;
        case "file":
          await interaction.reply({ content: "here", files: [new AttachmentBuilder(Buffer.from("a,b\n1,2\n"), { name: "progress.csv" })] });
          return;
        case "followup": {
          const response = await interaction.reply({ content: "first", withResponse: true });
          await interaction.followUp({ content: `replied with ${response.resource?.message?.id ?? "nothing"}`, flags: MessageFlags.Ephemeral });
          return;
        }
        case "nudge": {
          const who = interaction.options.getUser("who", true);
          const member = interaction.options.getMember("who");
          await interaction.reply(`<@${who.id}> x${interaction.options.getInteger("times") ?? 1} (${member ? "member" : "user"})`);
          return;
        }
      }
    } catch (error) {
      errors.push(error);
    }
  };
}

async function loggedInClient(standIn: StandIn, options: { shards?: number[]; shardCount?: number } = {}): Promise<Client> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: standIn.restUrl }, ...options });
  const ready = once(client, Events.ClientReady);
  await client.login(standIn.token);
  await ready;
  return client;
}

describe("stand-in Discord driven by a real discord.js client", () => {
  let standIn: StandIn;
  let client: Client;
  let guild: GuildModel;
  let roadmapChannel: ChannelModel;
  let hiddenChannel: ChannelModel;
  let ada: MemberModel;
  const botErrors: unknown[] = [];

  beforeAll(async () => {
    standIn = await startStandIn();
    guild = standIn.addGuild({ name: "Python Study Group" });
    roadmapChannel = guild.addChannel({ name: "roadmap" });
    hiddenChannel = guild.addChannel({ name: "mods-only", botCanSend: false });
    ada = guild.addMember({ username: "ada", globalName: "Ada", permissions: PermissionFlagsBits.ManageGuild });
    client = await loggedInClient(standIn);
    client.on(Events.InteractionCreate, createBotHandlers(Promise.resolve(), botErrors));
  });

  afterAll(async () => {
    await client?.destroy();
    await standIn?.close();
  });

  it("gets the client ready with the guild, its channels and the bot user", () => {
    expect(client.user?.id).toBe(standIn.botUser.id);
    expect(client.user?.bot).toBe(true);
    const seen = client.guilds.cache.get(guild.id);
    expect(seen?.name).toBe("Python Study Group");
    expect(seen?.channels.cache.map((channel) => channel.name).sort()).toEqual(["general", "mods-only", "roadmap"]);
    expect(seen?.members.me?.id).toBe(standIn.botUser.id);
    expect(standIn.readyShards()).toHaveLength(1);
  });

  it("stores commands registered with PUT and answers GET with them", async () => {
    await client.application!.commands.set([roadmapCommand.toJSON(), pingCommand.toJSON()], guild.id);
    expect(standIn.commandPutCount).toBe(1);
    expect(standIn.registeredCommands(guild).map((command) => command.name)).toEqual(["roadmap", "ping"]);
    const fetched = await client.application!.commands.fetch({ guildId: guild.id });
    expect(fetched.size).toBe(2);
    standIn.assertNoViolations();
  });

  it("tells the client when the server's language changes, and later interactions carry it as guild_locale", async () => {
    const seen = () => client.guilds.cache.get(guild.id)?.preferredLocale;
    expect(seen()).toBe("en-US");
    guild.setPreferredLocale("pt-BR");
    await expect.poll(seen, { timeout: 5_000, interval: 20 }).toBe("pt-BR");
    const handle = await standIn.command({ member: ada, name: "ping" });
    expect(handle.payload.guild_locale).toBe("pt-BR");
    await handle.reply();
    guild.setPreferredLocale("en-US");
    await expect.poll(seen, { timeout: 5_000, interval: 20 }).toBe("en-US");
    standIn.assertNoViolations();
  });

  it("captures a deferred reply completed by editReply", async () => {
    const handle = await standIn.command({ member: ada, channel: roadmapChannel, name: "roadmap", subcommand: "check", options: { item: "pytorch" } });
    expect((await handle.response()).type).toBe(5);
    const reply = await handle.reply();
    expect(reply.content).toBe("Checked pytorch");
    expect(reply.ephemeral).toBe(false);
    expect(handle.callbackLatencyMs).toBeGreaterThanOrEqual(0);
    expect(handle.payload.data).toMatchObject({ name: "roadmap", options: [{ type: 1, name: "check", options: [{ name: "item", type: 3, value: "pytorch" }] }] });
    standIn.assertNoViolations();
  });

  it("captures an ephemeral reply with an embed and a button, and the button press that updates it", async () => {
    const handle = await standIn.command({ member: ada, name: "roadmap", subcommand: "show" });
    const reply = await handle.reply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.embeds[0]).toMatchObject({ title: "Your roadmap", description: "3 of 10 done" });
    expect(reply.components[0]).toMatchObject({ type: 1, components: [{ type: 2, custom_id: "roadmap:done", label: "Done" }] });

    const press = await standIn.pressButton({ member: ada, message: reply, customId: "roadmap:done" });
    expect((await press.response()).type).toBe(7);
    const updated = await press.reply();
    expect(updated).toMatchObject({ id: reply.id, content: "Marked as done!", embeds: [], components: [], ephemeral: true });
    standIn.assertNoViolations();
  });

  it("answers autocomplete with the bot's choices", async () => {
    const handle = await standIn.autocomplete({ member: ada, name: "roadmap", subcommand: "check", focused: "item", value: "pyt" });
    expect(await handle.autocompleteChoices()).toEqual([
      { name: "python-basics", value: "python-basics" },
      { name: "python-testing", value: "python-testing" },
      { name: "pytorch", value: "pytorch" },
    ]);
    standIn.assertNoViolations();
  });

  it("resolves user options and integer options from the registered definition", async () => {
    const grace = guild.addMember({ username: "grace" });
    const handle = await standIn.command({ member: ada, name: "roadmap", subcommand: "nudge", options: { who: grace, times: 3 } });
    expect((await handle.reply()).content).toBe(`<@${grace.id}> x3 (member)`);
  });

  it("serves uploads in multipart callbacks as attachments", async () => {
    const handle = await standIn.command({ member: ada, name: "roadmap", subcommand: "file" });
    const reply = await handle.reply();
    expect(reply.attachments[0]).toMatchObject({ filename: "progress.csv" });
    expect(reply.files[0]?.data.toString()).toBe("a,b\n1,2\n");
    standIn.assertNoViolations();
  });

  it("answers with_response callbacks and keeps follow-ups apart from the reply", async () => {
    const handle = await standIn.command({ member: ada, name: "roadmap", subcommand: "followup" });
    const reply = await handle.reply();
    expect(reply.content).toBe("first");
    const [followUp] = await handle.waitForFollowUps(1);
    expect(followUp).toMatchObject({ content: `replied with ${reply.id}`, ephemeral: true });
    expect(standIn.channelMessages(guild.textChannels[0]!)).toEqual([]);
    const everything = standIn.channelMessages(guild.textChannels[0]!, { includeInteractionResponses: true });
    expect(everything.slice(-2).map((message) => message.content)).toEqual(["first", `replied with ${reply.id}`]);
    standIn.assertNoViolations();
  });

  it("delivers the bot's DMs, or refuses them like Discord when the user has DMs closed", async () => {
    await client.users.send(ada.id, "Reminder: study session at 6pm");
    expect(standIn.directMessages(ada).map((message) => message.content)).toEqual(["Reminder: study session at 6pm"]);
    const private_ = guild.addMember({ username: "private", acceptsDirectMessages: false });
    await expect(client.users.send(private_.id, "hello?")).rejects.toMatchObject({ code: 50007 });
  });

  it("handles interactions from DMs", async () => {
    const handle = await standIn.command({ dm: true, user: ada, name: "ping" });
    expect(handle.payload).toMatchObject({ user: { id: ada.id }, context: 1 });
    expect((await handle.reply()).content).toBe("pong");
  });

  it("creates one message for a repeated nonce with enforceNonce", async () => {
    const channel = (await client.channels.fetch(roadmapChannel.id)) as TextChannel;
    const first = await channel.send({ content: "Weekly check-in", nonce: "weekly-2024-05", enforceNonce: true });
    const second = await channel.send({ content: "Weekly check-in", nonce: "weekly-2024-05", enforceNonce: true });
    expect(second.id).toBe(first.id);
    expect(standIn.channelMessages(roadmapChannel).map((message) => message.content)).toEqual(["Weekly check-in"]);
  });

  it("lets discord.js retry an injected 429 and succeed", async () => {
    standIn.failNext({ method: "POST", route: /\/channels\/\d+\/messages$/, status: 429, retryAfterSeconds: 0.1 });
    const channel = (await client.channels.fetch(roadmapChannel.id)) as TextChannel;
    const sent = await channel.send("after the rate limit");
    const posts = standIn.requests.filter((request) => request.method === "POST" && request.path === `/channels/${roadmapChannel.id}/messages`);
    expect(posts.slice(-2).map((request) => request.status)).toEqual([429, 200]);
    expect((await standIn.waitForChannelMessage(roadmapChannel, (message) => message.id === sent.id)).content).toBe("after the rate limit");
  });

  it("answers like Discord for hidden channels and unknown members", async () => {
    const hidden = client.channels.cache.get(hiddenChannel.id) as TextChannel;
    await expect(hidden.send("hi")).rejects.toMatchObject({ code: 50001, status: 403 });
    const outsider = standIn.addUser({ username: "outsider" });
    const seen = client.guilds.cache.get(guild.id)!;
    await expect(seen.members.fetch(outsider.id)).rejects.toBeInstanceOf(DiscordAPIError);
    await expect(seen.members.fetch(outsider.id)).rejects.toMatchObject({ code: 10007 });
    expect((await seen.members.fetch(ada.id)).user.username).toBe("ada");
  });

  it("records role changes made by the bot", async () => {
    const studying = guild.addRole({ name: "Studying Python" });
    const seen = client.guilds.cache.get(guild.id)!;
    const member = await seen.members.fetch(ada.id);
    await member.roles.add(studying.id, "joined the Python track");
    expect(standIn.roleChanges.at(-1)).toEqual({ guildId: guild.id, userId: ada.id, roleId: studying.id, action: "add", reason: "joined the Python track" });
    expect(ada.roles).toContain(studying.id);
    expect(standIn.unknownRoutes).toEqual([]);
  });

  it("lets the client resume after the gateway drops and still answer interactions", async () => {
    const resumed = once(client, Events.ShardResume);
    standIn.dropGatewayConnections();
    // Dispatched while disconnected: delivered by the RESUME replay.
    const handle = await standIn.command({ member: ada, name: "ping" });
    await resumed;
    expect(standIn.gatewayStats.resumes).toBe(1);
    expect(standIn.gatewayStats.identifies).toBe(1);
    expect((await handle.reply()).content).toBe("pong");
    const later = await standIn.command({ member: ada, name: "ping" });
    expect((await later.reply()).content).toBe("pong");
  });

  it("tells a client about a guild added after it is ready", async () => {
    const joined = once(client, Events.GuildCreate);
    const added = standIn.addGuild({ name: "Rustaceans" });
    const [created] = (await joined) as [{ id: string; name: string }];
    expect(created).toMatchObject({ id: added.id, name: "Rustaceans" });
  });

  it("never made the bot's own API calls fail", () => {
    expect(botErrors).toEqual([]);
    standIn.assertNoViolations();
  });
});

describe("rule enforcement", () => {
  let standIn: StandIn;
  let client: Client;
  let member: MemberModel;
  let releaseSlow: () => void = () => undefined;
  const botErrors: unknown[] = [];

  beforeAll(async () => {
    standIn = await startStandIn();
    const guild = standIn.addGuild({ name: "Rules" });
    member = guild.addMember({ username: "lin" });
    client = await loggedInClient(standIn);
    client.on(Events.InteractionCreate, createBotHandlers(new Promise<void>((resolve) => (releaseSlow = resolve)), botErrors));
    await client.application!.commands.set([roadmapCommand.toJSON(), pingCommand.toJSON()]);
  });

  afterAll(async () => {
    releaseSlow();
    await client?.destroy();
    await standIn?.close();
  });

  it("records a too-long reply and a 26-choice autocomplete as violations and answers 400 Invalid Form Body", async () => {
    const long = await standIn.command({ member, name: "roadmap", subcommand: "long" });
    const tooLong = await standIn.waitForViolation((violation) => violation.path.includes(long.id));
    expect(long.violations()).toEqual([tooLong]);
    expect(tooLong.message).toMatch(/^data\.content: Must be 2000 or fewer in length \(got 2001 characters\)/);
    expect(long.rejectedCallbacks).toEqual([{ status: 400, reason: expect.stringMatching(/data\.content/) }]);
    await expect(long.response(50)).rejects.toThrow(/no interaction callback within 50ms\n  refused \(400\): data\.content/);

    const many = await standIn.autocomplete({ member, name: "roadmap", subcommand: "check", focused: "item", value: "many" });
    const tooMany = await standIn.waitForViolation((violation) => violation.path.includes(many.id));
    expect(tooMany.message).toMatch(/^data\.choices: Must be 25 or fewer in length \(got 26 items\)/);
    expect(() => standIn.assertNoViolations()).toThrow(/broke 2 Discord rule/);
    await expect.poll(() => botErrors.length).toBe(2);
    expect(botErrors).toEqual([expect.objectContaining({ code: 50035, status: 400 }), expect.objectContaining({ code: 50035, status: 400 })]);
  });

  it("refuses a callback that arrives after Discord's 3 second deadline", async () => {
    const handle = await standIn.command({ member, name: "roadmap", subcommand: "slow" });
    standIn.advanceClock(3_500);
    releaseSlow();
    const late = await standIn.waitForViolation((violation) => violation.path.includes(handle.id));
    expect(late.message).toMatch(/callback arrived \d+ms after dispatch; Discord only waits 3000ms/);
    expect(handle.rejectedCallbacks[0]?.status).toBe(404);
    await expect.poll(() => botErrors.at(-1)).toMatchObject({ code: 10062, message: "Unknown interaction" });
  });

  it("refuses a second callback and interaction tokens older than 15 minutes", async () => {
    const handle = await standIn.command({ member, name: "ping" });
    await handle.reply();
    const json = { "content-type": "application/json" };
    const again = await fetch(`${standIn.restUrl}/v10/interactions/${handle.id}/${handle.token}/callback`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ type: 4, data: { content: "again" } }),
    });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ code: 40060, message: "Interaction has already been acknowledged." });

    standIn.advanceClock(16 * 60_000);
    const edit = await fetch(`${standIn.restUrl}/v10/webhooks/${standIn.application.id}/${handle.token}/messages/@original`, {
      method: "PATCH",
      headers: json,
      body: JSON.stringify({ content: "too late" }),
    });
    expect(edit.status).toBe(401);
    expect(await edit.json()).toMatchObject({ code: 50027 });
    expect(handle.violations().map((violation) => violation.message)).toEqual([
      expect.stringMatching(/second callback \(type 4\)/),
      expect.stringMatching(/token used 16 minutes after dispatch/),
    ]);
  });

  it("refuses command registrations Discord would refuse", async () => {
    const bad = [{ name: "Roadmap Admin", description: "", options: [{ type: 3, name: "a", description: "a" }, { type: 3, name: "b", description: "b", required: true }] }];
    await expect(client.application!.commands.set(bad)).rejects.toMatchObject({ code: 50035, status: 400 });
    const found = standIn.violations.filter((violation) => violation.method === "PUT").map((violation) => violation.message);
    expect(found).toEqual([
      expect.stringMatching(/^\[0\]\.name: Invalid chat-input name/),
      expect.stringMatching(/^\[0\]\.description: Must be between 1 and 100/),
      expect.stringMatching(/^\[0\]\.options\[1\]\.required: Required options must be placed before/),
    ]);
    expect(standIn.commandPutCount).toBe(2);
    expect(standIn.registeredCommands().map((command) => command.name)).toEqual(["roadmap", "ping"]);
  });
});

describe("clientRules: only what Discord's own client sends", () => {
  let standIn: StandIn;
  let client: Client;
  let member: MemberModel;
  const limited = new SlashCommandBuilder()
    .setName("limits")
    .setDescription("Options with limits")
    .addStringOption((option) => option.setName("period").setDescription("Period").addChoices({ name: "All time", value: "all" }, { name: "This week", value: "week" }))
    .addIntegerOption((option) => option.setName("stage").setDescription("Stage").setMinValue(1).setMaxValue(3))
    .addStringOption((option) => option.setName("time").setDescription("HH:MM").setMaxLength(5));

  beforeAll(async () => {
    standIn = await startStandIn({ clientRules: true });
    member = standIn.addGuild({ name: "Limits" }).addMember({ username: "lin" });
    client = await loggedInClient(standIn);
    client.on(Events.InteractionCreate, (interaction) => void (interaction.isChatInputCommand() && interaction.reply("ok")));
    await client.application!.commands.set([limited.toJSON()]);
  });

  afterAll(async () => {
    await client?.destroy();
    await standIn?.close();
  });

  it("refuses a choice's name, a number out of range and text too long, and sends values within the rules", async () => {
    const send = (options: Record<string, string | number>) => standIn.command({ member, name: "limits", options });
    await expect(send({ period: "All time" })).rejects.toThrow(/"period" must be one of All time \("all"\), This week \("week"\)/);
    await expect(send({ stage: 4 })).rejects.toThrow(/"stage" must be from 1 to 3/);
    await expect(send({ time: "10:00:00" })).rejects.toThrow(/"time" must be at most 5 characters long/);
    expect((await (await send({ period: "all", stage: 3, time: "10:00" })).reply()).content).toBe("ok");
  });
});

describe("sharding", () => {
  it("gives each shard only the guilds it owns", async () => {
    const standIn = await startStandIn();
    const clients: Client[] = [];
    try {
      const onZero = standIn.addGuild({ name: "Shard Zero Guild", shard: [0, 2] });
      const onOne = standIn.addGuild({ name: "Shard One Guild", shard: [1, 2] });
      clients.push(...(await Promise.all([loggedInClient(standIn, { shards: [0], shardCount: 2 }), loggedInClient(standIn, { shards: [1], shardCount: 2 })])));
      const [zero, one] = clients;
      expect([...zero!.guilds.cache.keys()]).toEqual([onZero.id]);
      expect([...one!.guilds.cache.keys()]).toEqual([onOne.id]);
      expect(standIn.readyShards().map((session) => session.shard).sort()).toEqual([
        [0, 2],
        [1, 2],
      ]);
    } finally {
      await Promise.all(clients.map((client) => client.destroy()));
      await standIn.close();
    }
  });
});

describe("gateway transport", () => {
  it("speaks zlib-stream when a client asks for it", async () => {
    const standIn = await startStandIn({ heartbeatIntervalMs: 5_000 });
    const socket = new WebSocket(`${standIn.gatewayUrl}?v=10&encoding=json&compress=zlib-stream`);
    try {
      const inflate = createInflate({ finishFlush: constants.Z_SYNC_FLUSH });
      const payloads: { op: number; t?: string; d: Record<string, unknown> }[] = [];
      let text = "";
      inflate.on("data", (chunk: Buffer) => (text += chunk.toString()));
      socket.on("message", (frame: Buffer) => {
        inflate.write(frame);
        inflate.flush(constants.Z_SYNC_FLUSH, () => {
          if (text !== "") payloads.push(JSON.parse(text) as (typeof payloads)[number]);
          text = "";
        });
      });
      const received = (count: number) => expect.poll(() => payloads.length, { timeout: 2_000 }).toBeGreaterThanOrEqual(count);
      await received(1);
      expect(payloads[0]).toMatchObject({ op: 10, d: { heartbeat_interval: 5_000 } });
      socket.send(JSON.stringify({ op: 1, d: null }));
      await received(2);
      expect(payloads[1]?.op).toBe(11);
      socket.send(JSON.stringify({ op: 2, d: { token: standIn.token, intents: 1, properties: {} } }));
      await received(3);
      expect(payloads[2]).toMatchObject({ op: 0, t: "READY", d: { user: { id: standIn.botUser.id, bot: true } } });
    } finally {
      socket.close();
      await standIn.close();
    }
  });

  it("rejects REST requests without the bot token", async () => {
    const standIn = await startStandIn();
    try {
      const response = await fetch(`${standIn.restUrl}/v10/users/@me`);
      expect(response.status).toBe(401);
      const unknown = await fetch(`${standIn.restUrl}/v10/nope`, { headers: { authorization: `Bot ${standIn.token}` } });
      expect(await unknown.json()).toEqual({ message: "404: Not Found", code: 0 });
      expect(standIn.unknownRoutes).toEqual([{ method: "GET", path: "/nope" }]);
    } finally {
      await standIn.close();
    }
  });
});
