import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { MESSAGES } from "../../src/discord/dispatcher.ts";
import { startStandIn, type GuildModel, type MemberModel, type StandIn } from "../standin/index.ts";
import { startTestBot, waitForCommands, type TestBot } from "../support/bot.ts";
import { loadRealCatalogue } from "../support/catalogue.ts";
import { ThrowawayPostgres } from "../support/throwaway-postgres.ts";
import { createI18n } from "../../src/i18n/translator.ts";

/** What an English-speaking member reads for a message key. */
const english = createI18n({ logger: { warn: () => undefined } }).forLanguage("en");

let cluster: ThrowawayPostgres;
let standIn: StandIn;
let bot: TestBot;
let guild: GuildModel;
let roadmap: Roadmap;

async function check(member: MemberModel, index: number): Promise<string> {
  const handle = await standIn.command({ member, name: "roadmap", subcommand: "check", options: { item: roadmap.items[index]!.id } });
  const reply = await handle.reply();
  expect(handle.callbackLatencyMs).toBeLessThan(3_000);
  return reply.content;
}

async function storedItems(member: MemberModel): Promise<string[]> {
  const rows = await bot.context.db.selectFrom("progress").select("item_id").where("user_id", "=", member.id).execute();
  return rows.map((row) => row.item_id).sort();
}

beforeAll(async () => {
  // A private cluster: stopping it must never touch the server other tests share.
  cluster = await ThrowawayPostgres.create();
  const catalogue = await loadRealCatalogue();
  roadmap = catalogue.defaultRoadmap;
  standIn = await startStandIn();
  guild = standIn.addGuild({ name: "Fault Lab" });
  bot = await startTestBot({ standIn, databaseUrl: cluster.url, catalogue });
  await standIn.waitForReady();
  await waitForCommands(standIn);
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await standIn?.close();
  await cluster?.destroy();
});

afterEach(() => {
  standIn.assertNoViolations();
});

describe("Postgres stopped mid-run", () => {
  it("answers 'try again shortly', stays up, recovers without a restart and keeps every acknowledged check", async () => {
    const member = guild.addMember({ username: "steady" });
    const acknowledged: string[] = [];
    for (let i = 0; i < 10; i++) {
      expect(await check(member, i)).toContain("Checked");
      acknowledged.push(roadmap.items[i]!.id);
    }

    await cluster.stop("immediate");
    for (let i = 10; i < 13; i++) expect(await check(member, i)).toBe(english.t(MESSAGES.databaseDown));
    const autocomplete = await standIn.autocomplete({ member, name: "roadmap", subcommand: "check", focused: "item", value: "py" });
    expect(await autocomplete.autocompleteChoices()).toEqual([]);
    const progress = await (await standIn.command({ member, name: "roadmap", subcommand: "progress" })).reply();
    expect(progress.content).toBe(english.t(MESSAGES.databaseDown));
    expect(progress.ephemeral).toBe(true);

    await cluster.start();
    // The pool replaces its dead connections on the next use; allow it a moment.
    let answer = "";
    for (let attempt = 0; attempt < 20 && !answer.includes("Checked"); attempt++) {
      answer = await check(member, 10);
      if (!answer.includes("Checked")) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(answer).toContain("Checked");
    expect(await storedItems(member)).toEqual([...acknowledged, roadmap.items[10]!.id].sort());
  });
});

describe("gateway connection dropped", () => {
  it("resumes and keeps answering", async () => {
    const member = guild.addMember({ username: "resumer" });
    standIn.dropGatewayConnections();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await standIn.waitForReady(1, 15_000);
    expect(await check(member, 0)).toContain("Checked");
    expect(standIn.gatewayStats.resumes).toBeGreaterThanOrEqual(1);
  });
});
