import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PermissionFlagsBits } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Catalogue, Roadmap } from "../../src/catalogue/catalogue.ts";
import { manualClock } from "../../src/clock.ts";
import { connectDatabase } from "../../src/db/connect.ts";
import { outboxBacklog } from "../../src/db/outbox-repository.ts";
import { startStandIn, type ChannelModel, type GuildModel, type MemberModel, type OptionValue, type StandIn } from "../standin/index.ts";
import { silentLogger } from "../support/backends.ts";
import { startTestBot, waitForCommands, type TestBot } from "../support/bot.ts";
import { loadRealCatalogue } from "../support/catalogue.ts";
import { dumpDatabase } from "../support/db-dump.ts";
import { NodeChild } from "../support/node-child.ts";
import { createTestDatabase, databaseUrl, withAdmin } from "../support/postgres.ts";
import { waitFor } from "../support/wait.ts";

/**
 * A study group's whole history in the embedded database, made through the bot's own commands
 * and scheduler; then what every read command answers, compared after moving it to PostgreSQL
 * and after a backup is restored.
 */

// Sunday 1 March 2026, 06:00 UTC: the day before the Berlin group's weekly post, in the week it reports.
const clock = manualClock(new Date("2026-03-01T06:00:00Z"));
let standIn: StandIn;
let catalogue: Catalogue;
let roadmap: Roadmap;
let bot: TestBot | undefined;
let dataDir: string;
const cleanups: (() => Promise<void>)[] = [];

interface Group {
  readonly guild: GuildModel;
  readonly channel: ChannelModel;
  readonly organiser: MemberModel;
  readonly members: MemberModel[];
}
const groups: Group[] = [];

/** What every read command answered on the embedded database, and its rows. */
let answersBefore: Record<string, unknown>;
let rowsBefore: string;

async function run(member: MemberModel, name: "roadmap" | "roadmap-admin", subcommand: string, options: Record<string, OptionValue> = {}) {
  const handle = await standIn.command({ member, name, subcommand, options });
  return handle.reply(20_000);
}

async function checks(member: MemberModel, from: number, count: number, note?: string): Promise<void> {
  for (let i = from; i < from + count; i++) {
    clock.advance(60_000);
    await run(member, "roadmap", "check", { item: roadmap.items[i]!.id, ...(note && { note }) });
  }
}


async function startBotOn(database: { databaseUrl?: string; dataDir?: string }): Promise<TestBot> {
  const started = await startTestBot({ standIn, catalogue, clock, databaseUrl: database.databaseUrl, dataDir: database.dataDir ?? "" });
  await standIn.waitForReady(1, 30_000);
  await waitForCommands(standIn);
  return started;
}

async function stopBot(): Promise<void> {
  await bot?.stop();
  bot = undefined;
}

function addGroup(name: string, memberNames: string[]): Group {
  const guild = standIn.addGuild({ name });
  const channel = guild.addChannel({ name: "progress" });
  const organiser = guild.addMember({ username: `${name.toLowerCase().replace(/\W+/g, "-")}-organiser`, permissions: PermissionFlagsBits.ManageGuild });
  const members = memberNames.map((username) => guild.addMember({ username, globalName: username.toUpperCase() }));
  const group = { guild, channel, organiser, members };
  groups.push(group);
  return group;
}

/** Several guilds with members, checks and unchecks, notes, journeys, privacy, reminders, a milestone role and a finished week. */
async function populate(): Promise<void> {
  const berlin = addGroup("Berlin Group", ["ada", "ben", "chen", "dina"]);
  const [ada, ben, chen, dina] = berlin.members as [MemberModel, MemberModel, MemberModel, MemberModel];
  await run(berlin.organiser, "roadmap-admin", "setup", { channel: berlin.channel, day: "monday", time: "09:00", timezone: "Europe/Berlin" });
  const role = berlin.guild.addRole({ name: "Stage 1 done" });
  await run(berlin.organiser, "roadmap-admin", "milestone-role", { stage: 1, role });
  await run(ada, "roadmap", "start", { started: "2026-02-01", target: "2026-12-31" });
  await checks(ada, 0, 12);
  await checks(ben, 0, 5, "with the study group");
  await checks(chen, 0, 3);
  await run(chen, "roadmap", "uncheck", { item: roadmap.items[1]!.id });
  await checks(dina, 0, 4);
  await run(dina, "roadmap", "privacy", { hidden: true });
  await run(ben, "roadmap", "remind", { weekday: "Wednesday", time: "18:00" });

  const lisbon = addGroup("Lisbon Group", ["eve", "finn"]);
  const [eve, finn] = lisbon.members as [MemberModel, MemberModel];
  await run(lisbon.organiser, "roadmap-admin", "setup", { channel: lisbon.channel });
  // 87 items pass a quarter of the roadmap: a celebration is queued and posted.
  await checks(eve, 0, 87);
  await checks(finn, 10, 2);

  // A guild that never ran setup still keeps its members' progress.
  const quiet = addGroup("Quiet Group", ["gus"]);
  await checks(quiet.members[0]!, 0, 2);

  // Past the Berlin group's slot: the scheduler freezes and posts the week's standings.
  clock.set(new Date("2026-03-02T08:00:30Z"));
  await waitFor(async () => (await bot!.context.db.selectFrom("leaderboard_weeks").select("guild_id").execute()).length > 0, "the first weekly post", 30_000);
  await checks(ada, 12, 2);
  await checks(chen, 3, 1);
  // Past Ben's reminder slot (Wednesday 18:00 in Berlin): the scheduler moves it on.
  clock.set(new Date("2026-03-04T17:00:30Z"));
  await waitFor(async () => {
    const ben = await bot!.context.db.selectFrom("members").select("remind_next_at").where("remind_weekday", "is not", null).executeTakeFirst();
    return (ben?.remind_next_at?.getTime() ?? 0) > clock.now().getTime();
  }, "the reminder slot to move on", 30_000);
  for (const group of groups) await waitFor(async () => (await outboxBacklog(bot!.context.db, group.guild.id)).pending === 0, "the outbox to empty", 30_000);
}

/** What members and organisers see from every read command, as plain data. */
async function readEverything(): Promise<Record<string, unknown>> {
  const answers: Record<string, unknown> = {};
  const seen = (reply: { content: string; embeds: unknown[] }) => ({ content: reply.content, embeds: reply.embeds });
  for (const group of groups) {
    const name = group.guild.name;
    const viewer = group.members[0]!;
    for (const period of ["week", "last-week", "month", "all"]) {
      answers[`${name} leaderboard ${period}`] = seen(await run(viewer, "roadmap", "leaderboard", { period }));
    }
    for (const member of group.members) {
      answers[`${name} progress of ${member.username}`] = seen(await run(member, "roadmap", "progress"));
      answers[`${name} next for ${member.username}`] = seen(await run(member, "roadmap", "next"));
    }
    answers[`${name} progress of another`] = seen(await run(group.organiser, "roadmap", "progress", { member: viewer }));
    answers[`${name} group stage 1`] = seen(await run(viewer, "roadmap", "group", { stage: 1 }));
    answers[`${name} group stage 2`] = seen(await run(viewer, "roadmap", "group", { stage: 2 }));
    answers[`${name} item`] = seen(await run(viewer, "roadmap", "item", { item: roadmap.items[0]!.id }));
    answers[`${name} stage 1`] = seen(await run(viewer, "roadmap", "stage", { number: 1 }));
    answers[`${name} settings`] = seen(await run(group.organiser, "roadmap-admin", "settings"));
  }
  return answers;
}

async function runCli(script: string, args: string[]): Promise<{ status: number | null; output: string }> {
  const child = NodeChild.start(script, { args });
  return { status: await child.exited, output: child.text };
}

async function emptyPostgresDatabase(): Promise<string> {
  const name = `roadmap_move_${randomBytes(6).toString("hex")}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  cleanups.push(() => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined));
  return databaseUrl(name);
}

async function newFolder(): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), "roadmap-move-"));
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

async function rowsOf(database: { databaseUrl?: string; dataDir?: string }): Promise<string> {
  const handle = await connectDatabase({ databaseUrl: database.databaseUrl, dataDir: database.dataDir ?? "", logger: silentLogger });
  try {
    return await dumpDatabase(handle.db);
  } finally {
    await handle.close();
  }
}

beforeAll(async () => {
  catalogue = await loadRealCatalogue();
  roadmap = catalogue.defaultRoadmap;
  standIn = await startStandIn();
  dataDir = await newFolder();
  bot = await startBotOn({ dataDir });
  await populate();
  answersBefore = await readEverything();
  // The answers compared below carry the group's data, not refusals.
  expect(Object.keys(answersBefore)).toHaveLength(44);
  const text = (key: string) => JSON.stringify(answersBefore[key]);
  const [ada, , , dina] = groups[0]!.members;
  expect(text("Berlin Group leaderboard last-week")).toContain(`<@${ada!.id}> · **12 items**`);
  expect(text("Berlin Group leaderboard last-week")).not.toContain(dina!.id);
  expect(text("Lisbon Group progress of eve")).toContain("87/345");
  expect(text("Berlin Group settings")).toContain("Europe/Berlin");
}, 600_000);

afterAll(async () => {
  await stopBot();
  await standIn?.close();
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe("moving the embedded database to PostgreSQL", { timeout: 240_000 }, () => {
  it("refuses while the bot runs on the embedded database, naming the process", async () => {
    const target = await emptyPostgresDatabase();
    const move = await runCli("src/db/move-cli.ts", ["--to", target, "--data", dataDir]);
    expect(move.status).toBe(1);
    expect(move.output).toContain(`The embedded database in ${dataDir} is in use by process ${process.pid}`);
    await stopBot();
    rowsBefore = await rowsOf({ dataDir });
  });

  it("a group moved to an empty PostgreSQL database answers every read command exactly as before", async () => {
    const target = await emptyPostgresDatabase();
    const move = await runCli("src/db/move-cli.ts", ["--to", target, "--data", dataDir]);
    expect(move.output).toMatch(/^Moved \d+ rows in \d+ tables from .* verified: row counts match and \d+ leaderboard pages of 3 server\(s\) read the same/m);
    expect(move.status).toBe(0);
    expect(move.output).not.toContain(":@"); // no password in the summary

    expect(await rowsOf({ databaseUrl: target })).toBe(rowsBefore);
    bot = await startBotOn({ databaseUrl: target });
    expect(await readEverything()).toEqual(answersBefore);

    // Identity values continue after the copied ones: new history rows do not collide.
    const member = groups[0]!.members[1]!;
    expect((await run(member, "roadmap", "check", { item: roadmap.items[40]!.id })).content).toContain("Checked");
    await stopBot();
  });

  it("refuses a target that already holds data, and writes nothing to it", async () => {
    const target = await createTestDatabase();
    cleanups.push(target.drop);
    const handle = await connectDatabase({ databaseUrl: target.url, dataDir: "", logger: silentLogger });
    await handle.db.insertInto("guilds").values({ guild_id: "1234567890123456789" }).execute();
    const before = await dumpDatabase(handle.db);
    await handle.close();

    const move = await runCli("src/db/move-cli.ts", ["--to", target.url, "--data", dataDir]);
    expect(move.status).toBe(1);
    expect(move.output).toContain("The target database already holds data (rows in guilds); nothing was written.");
    expect(move.output).not.toMatch(/\n\s+at /);
    expect(await rowsOf({ databaseUrl: target.url })).toBe(before);
  });

  it("each command answers --help with its usage, and a wrong or missing option with one line and exit 2", async () => {
    for (const [script, name, required] of [
      ["src/db/move-cli.ts", "db:move-to-postgres", "--to"],
      ["src/db/backup-cli.ts", "db:backup", "--out"],
      ["src/db/restore-cli.ts", "db:restore", "--from"],
    ] as const) {
      const help = await runCli(script, ["--help"]);
      expect(help.status).toBe(0);
      expect(help.output).toMatch(new RegExp(`^Usage: npm run ${name} -- `));
      const wrong = await runCli(script, ["--bogus"]);
      expect(wrong.status).toBe(2);
      expect(wrong.output).toMatch(/^Unknown option '--bogus'/);
      expect(wrong.output.split("\n")).toHaveLength(1);
      const missing = await runCli(script, ["--data", dataDir]);
      expect(missing.status).toBe(2);
      expect(missing.output).toContain(required);
      expect(missing.output.split("\n")).toHaveLength(1);
    }
  });
});

describe("backing up and restoring the embedded database", { timeout: 240_000 }, () => {
  it("a backup restored into a new folder answers every read command exactly as before", async () => {
    const file = path.join(await newFolder(), "roadmap-backup.tar.gz");
    const backup = await runCli("src/db/backup-cli.ts", ["--out", file, "--data", dataDir]);
    expect(backup.output).toContain(`Backed up the embedded database in ${dataDir} to ${file}`);
    expect(backup.status).toBe(0);

    const restored = path.join(await newFolder(), "restored");
    const restore = await runCli("src/db/restore-cli.ts", ["--from", file, "--data", restored]);
    expect(restore.output).toContain(`Restored ${file} into ${restored}`);
    expect(restore.status).toBe(0);

    expect(await rowsOf({ dataDir: restored })).toBe(rowsBefore);
    bot = await startBotOn({ dataDir: restored });
    expect(await readEverything()).toEqual(answersBefore);
    await stopBot();
  });

  it("restore refuses a folder that holds a database unless --force, and a file that is not a backup, changing nothing", async () => {
    const file = path.join(await newFolder(), "backup.tar.gz");
    expect((await runCli("src/db/backup-cli.ts", ["--out", file, "--data", dataDir])).status).toBe(0);
    const other = await newFolder();
    const bogus = path.join(other, "not-a-backup.tar.gz");
    await writeFile(bogus, "hello");

    const refusedFile = await runCli("src/db/restore-cli.ts", ["--from", bogus, "--data", path.join(other, "new")]);
    expect(refusedFile.status).toBe(1);
    expect(refusedFile.output).toContain("is not a backup of the embedded database");

    const refusedFolder = await runCli("src/db/restore-cli.ts", ["--from", file, "--data", dataDir]);
    expect(refusedFolder.status).toBe(1);
    expect(refusedFolder.output).toContain(`${dataDir} is not empty`);
    expect(await rowsOf({ dataDir })).toBe(rowsBefore);

    const exists = await runCli("src/db/backup-cli.ts", ["--out", file, "--data", dataDir]);
    expect(exists.status).toBe(1);
    expect(exists.output).toContain("already exists");

    // With --force the folder's database is replaced by the backup's.
    const forced = await runCli("src/db/restore-cli.ts", ["--from", file, "--data", dataDir, "--force"]);
    expect(forced.status).toBe(0);
    expect(await rowsOf({ dataDir })).toBe(rowsBefore);
  });

  it("backup and restore refuse while the bot runs on the folder", async () => {
    bot = await startBotOn({ dataDir });
    try {
      const file = path.join(await newFolder(), "live.tar.gz");
      const backup = await runCli("src/db/backup-cli.ts", ["--out", file, "--data", dataDir]);
      expect(backup.status).toBe(1);
      expect(backup.output).toContain(`is in use by process ${process.pid}`);
    } finally {
      await stopBot();
    }
  });
});
