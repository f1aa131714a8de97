import { once } from "node:events";
import { ApplicationCommandOptionType, ButtonStyle, ComponentType, Events, PermissionFlagsBits, type Client } from "discord.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.ts";
import { createDiscordClient } from "../../src/discord/client.ts";
import { slashCommand, subcommand, type ButtonHandler } from "../../src/discord/command.ts";
import { syncCommands } from "../../src/discord/command-sync.ts";
import { createDispatcher } from "../../src/discord/dispatcher.ts";
import { requireManageServer } from "../../src/discord/preconditions.ts";
import { SETTLED_PLACEHOLDER } from "../../src/discord/responder.ts";
import { startStandIn, type ChannelModel, type MemberModel, type StandIn } from "../standin/index.ts";
import { waitFor } from "../support/wait.ts";
import { startBotWorld, type BotWorld } from "../support/world.ts";
import { createI18n } from "../../src/i18n/translator.ts";

/** What an English-speaking member reads for a message key. */
const english = createI18n({ logger: { warn: () => undefined } }).forLanguage("en");

/*
 * The one reply path (src/discord/dispatcher.ts), on commands made for the test: the real
 * dispatcher with the real bot's context, answering through a real discord.js client on a stand-in
 * Discord of its own. The slow commands wait for a gate the test opens once the stand-in has seen
 * the deferral, so "slow" needs no timing.
 */

let world: BotWorld;
let standIn: StandIn;
let client: Client;
let channel: ChannelModel;
let organiser: MemberModel;
let member: MemberModel;

let openGate: () => void = () => undefined;
const gate = () => new Promise<void>((resolve) => (openGate = resolve));

const PANEL_BUTTON = "lab:press";
const SLOW_BUTTON = "lab:slow";
const PRIVATE_REASON = "That member keeps their progress private.";

const panelButton: ButtonHandler = {
  prefix: "lab",
  async handle(_ctx, interaction) {
    if (interaction.customId === SLOW_BUTTON) {
      await gate();
      throw new UserError(PRIVATE_REASON);
    }
    return { content: `Pressed by <@${interaction.user.id}>.`, components: [] };
  },
};

/** An organisers' command whose public reply carries buttons, as an admin panel would. */
const lab = slashCommand(
  { name: "lab", description: "Commands made for the dispatcher test" },
  {
    subcommands: [
      subcommand({
        data: { type: ApplicationCommandOptionType.Subcommand, name: "panel", description: "A public panel with buttons" },
        ephemeral: false,
        async execute() {
          return {
            content: "Panel",
            components: [
              {
                type: ComponentType.ActionRow,
                components: [
                  { type: ComponentType.Button, style: ButtonStyle.Primary, label: "Press", custom_id: PANEL_BUTTON },
                  { type: ComponentType.Button, style: ButtonStyle.Secondary, label: "Slow", custom_id: SLOW_BUTTON },
                ],
              },
            ],
          };
        },
      }),
      subcommand({
        data: { type: ApplicationCommandOptionType.Subcommand, name: "slow-refusal", description: "A public answer that is slow, then refused" },
        ephemeral: false,
        async execute() {
          await gate();
          throw new UserError(PRIVATE_REASON);
        },
      }),
      subcommand({
        data: { type: ApplicationCommandOptionType.Subcommand, name: "slow-answer", description: "A public answer that is slow" },
        ephemeral: false,
        async execute() {
          await gate();
          return { content: "Here it is, for everyone." };
        },
      }),
    ],
    buttons: [panelButton],
    preconditions: [requireManageServer],
  },
);

beforeAll(async () => {
  world = await startBotWorld({ logLevel: "warn" });
  standIn = await startStandIn();
  const guild = standIn.addGuild({ name: "Dispatcher Lab" });
  channel = guild.addChannel({ name: "lab" });
  organiser = guild.addMember({ username: "organiser", permissions: PermissionFlagsBits.ManageGuild });
  member = guild.addMember({ username: "member" });
  client = createDiscordClient({ apiUrl: standIn.restUrl });
  client.on(Events.InteractionCreate, createDispatcher(world.bot.context, [lab]));
  const ready = once(client, Events.ClientReady);
  await client.login(standIn.token);
  await ready;
  await syncCommands(client.rest, client.application!.id, [lab.data]);
});

afterAll(async () => {
  await client?.destroy();
  await standIn?.close();
  await world?.stop();
});

afterEach(() => {
  openGate();
  standIn.assertNoViolations();
  expect(standIn.unknownRoutes).toEqual([]);
});

function runLab(who: MemberModel, name: string) {
  return standIn.command({ member: who, channel, name: "lab", subcommand: name });
}

async function openPanel() {
  const panel = await (await runLab(organiser, "panel")).reply();
  expect(panel.ephemeral).toBe(false);
  return panel;
}

describe("privacy is decided before deferring", () => {
  it("a slow public command that is refused shows the refusal only to the member, and leaves nothing in the channel", async () => {
    const handle = await runLab(organiser, "slow-refusal");
    const deferral = await handle.response();
    expect(deferral.type).toBe(5); // the public "thinking…" placeholder
    openGate();

    const [refusal] = await handle.waitForFollowUps(1);
    expect(refusal!.content).toBe(PRIVATE_REASON);
    expect(refusal!.ephemeral).toBe(true);
    await waitFor(() => handle.original() === undefined, "the public placeholder to be deleted");
    // The placeholder only ever said the neutral line, never the reason.
    expect((await handle.reply()).content).toBe(english.t(SETTLED_PLACEHOLDER));
    expect(standIn.channelMessages(channel, { includeInteractionResponses: true }).filter((message) => !message.ephemeral)).toEqual([]);
  });

  it("a slow public command that succeeds stays public", async () => {
    const handle = await runLab(organiser, "slow-answer");
    expect((await handle.response()).type).toBe(5);
    openGate();
    const reply = await handle.reply();
    expect(reply.content).toBe("Here it is, for everyone.");
    expect(reply.ephemeral).toBe(false);
  });
});

describe("commands and buttons share one reply path", () => {
  it("a button on an organisers' command refuses a member without Manage Server, privately, and leaves the panel as it was", async () => {
    const panel = await openPanel();
    const press = await standIn.pressButton({ member, message: panel, customId: PANEL_BUTTON });
    const refusal = await press.reply();
    expect(refusal.ephemeral).toBe(true);
    expect(refusal.content).toMatch(/Only organisers/);
    expect(standIn.message(panel.id)?.content).toBe("Panel");
  });

  it("the same button works for an organiser", async () => {
    const panel = await openPanel();
    const press = await standIn.pressButton({ member: organiser, message: panel, customId: PANEL_BUTTON });
    expect((await press.reply()).content).toBe(`Pressed by <@${organiser.id}>.`);
  });

  it("the member gets the same refusal from the command itself", async () => {
    const reply = await (await runLab(member, "panel")).reply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/Only organisers/);
  });

  it("a slow button press that is refused tells only the presser, and leaves the panel as it was", async () => {
    const panel = await openPanel();
    const press = await standIn.pressButton({ member: organiser, message: panel, customId: SLOW_BUTTON });
    expect((await press.response()).type).toBe(6); // deferred update
    openGate();
    const [refusal] = await press.waitForFollowUps(1);
    expect(refusal!.content).toBe(PRIVATE_REASON);
    expect(refusal!.ephemeral).toBe(true);
    expect(standIn.message(panel.id)?.content).toBe("Panel");
  });
});

describe("buttons belong to one command", () => {
  it("two commands claiming the same button prefix are refused when the dispatcher is made", () => {
    const twin = slashCommand({ name: "twin", description: "Claims the lab buttons too" }, { subcommands: [], buttons: [panelButton] });
    expect(() => createDispatcher(world.bot.context, [lab, twin])).toThrow(/button prefix "lab" is used by both \/lab and \/twin/);
  });
});
