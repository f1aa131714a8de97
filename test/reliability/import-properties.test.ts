import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { UserError } from "../../src/errors.ts";
import { MAX_ITEM_LINES, MAX_LINE_CHARS, readImportFile, type ImportKind } from "../../src/portability/read-import-file.ts";
import { CALLBACK_DEADLINE_MS, type GuildModel, type StandIn } from "../standin/index.ts";
import type { TestBot } from "../support/bot.ts";
import { dumpDatabase } from "../support/db-dump.ts";
import { startBotWorld, type BotWorld } from "../support/world.ts";
import { mentionPolicies } from "../support/interaction-checks.ts";

/*
 * Reliability promise: whatever file a member uploads, the bot answers in time with a payload
 * inside Discord's limits that pings nobody, a refused file changes no row, and reading a file
 * takes time linear in its size.
 *
 * PROPERTY_RUNS sets how many random files each property tries (default small, for `npm test`);
 * e.g. PROPERTY_RUNS=200 npx vitest run test/reliability/import-properties.test.ts for a long run.
 */
const asked = Number(process.env.PROPERTY_RUNS);
const RUNS = Number.isInteger(asked) && asked > 0 ? asked : undefined;
const E2E_RUNS = RUNS ?? 15;
const UNIT_RUNS = RUNS ? RUNS * 10 : 200;
const MB = 1024 * 1024;

/** Pieces the worst inputs are made of: the old quadratic patterns, micromark's slow spots, mentions, markup. */
const NASTY = ["\r", "[](", "[", "](", "`", "``", "*a_", "**", "__", "<!--", "-->", "<!-- stage-1-x -->", "\\", "&#", "<a ", "www.", "[^", "@everyone", "<@123456789012345678>", "<@&1>", "||", "\u202E", "\u200B", "👩🏽‍💻", "\uD800", " ", "\t", ",", '"', "\n"];

const nasty = fc.constantFrom(...NASTY);
const junk = fc.string({ unit: fc.oneof(nasty, fc.string({ maxLength: 3 }), fc.string({ unit: "grapheme", maxLength: 2 })), maxLength: 40 });

function markdownLine(roadmap: Roadmap): fc.Arbitrary<string> {
  const item = fc.constantFrom(...roadmap.items);
  return fc.oneof(
    fc.tuple(fc.constantFrom("- [x] ", "- [ ] ", "* [X] ", "  + [x] ", "-\t[x]\t"), item, fc.boolean()).map(([start, it, marker]) => `${start}${it.title}${marker ? ` <!-- ${it.id} -->` : ""}`),
    fc.tuple(fc.constantFrom("- [x] ", "- [ ] ", "    - [x] "), junk).map(([start, text]) => start + text),
    junk,
    fc.tuple(nasty, fc.integer({ min: 1, max: 400 })).map(([piece, times]) => `- [x] ${piece.repeat(times)}`),
  );
}

function csvFile(roadmap: Roadmap): fc.Arbitrary<string> {
  const header = fc.constantFrom("item_id,title,stage,section,done_at,note", "item_id", "title,done_at", "ID;Title", "name,when", "");
  const cell = fc.oneof(fc.constantFrom(...roadmap.items.map((item) => item.id)), junk, fc.constantFrom('"', '"a,b"', "'=1+1", "=cmd|' /C calc'!A0", ""));
  const row = fc.array(cell, { maxLength: 7 }).map((cells) => cells.join(","));
  return fc.tuple(header, fc.array(row, { maxLength: 30 }), fc.constantFrom("\n", "\r\n", "\r")).map(([head, rows, end]) => [head, ...rows].join(end));
}

/** Repeats a small file until it is `size` bytes, so large files of every shape are tried too. */
function grownTo(text: string, size: number): Buffer {
  const unit = Buffer.from(text.length > 0 ? `${text}\n` : "\n");
  const times = Math.max(1, Math.floor(size / unit.length));
  return Buffer.concat(Array.from({ length: Math.min(times, Math.ceil(MB / unit.length)) }, () => unit)).subarray(0, MB);
}

interface UploadCase {
  readonly name: string;
  readonly contentType: string;
  readonly data: Buffer;
}

function uploads(roadmap: Roadmap): fc.Arbitrary<UploadCase> {
  // Most files are small; one in four is grown to somewhere up to the 1 MB limit.
  const size = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: MB }) });
  const markdown = fc.array(markdownLine(roadmap), { maxLength: 30 }).chain((lines) => fc.constantFrom("\n", "\r\n", "\r").map((end) => lines.join(end)));
  return fc.oneof(
    fc.tuple(markdown, size).map(([text, grow]) => ({ name: "progress.md", contentType: "text/markdown", data: grow ? grownTo(text, grow) : Buffer.from(text) })),
    fc.tuple(csvFile(roadmap), size).map(([text, grow]) => ({ name: "progress.csv", contentType: "text/csv", data: grow ? grownTo(text, grow) : Buffer.from(text) })),
    fc.tuple(fc.string({ unit: "binary", maxLength: 2_000 }), fc.constantFrom("notes.txt", "progress.csv")).map(([text, name]) => ({ name, contentType: "text/plain", data: Buffer.from(text) })),
    fc.tuple(fc.uint8Array({ maxLength: 4_000 }), fc.constantFrom("progress.md", "progress.csv")).map(([bytes, name]) => ({ name, contentType: "application/octet-stream", data: Buffer.from(bytes) })),
  );
}

describe("reading any file", () => {
  let roadmap: Roadmap;
  beforeAll(async () => {
    const { loadRealCatalogue } = await import("../support/catalogue.ts");
    roadmap = (await loadRealCatalogue()).defaultRoadmap;
  });

  it("quotes a header that is not ours by its first columns, short, with no bidi control to reorder the answer", () => {
    const columns = ["\u202Eevil column", "a`b", ...Array.from({ length: 8 }, (_, i) => `${"very long column name ".repeat(6)}${i}`)];
    const result = readImportFile("csv", Buffer.from(`${columns.join(",")}\n${columns.map(() => "x").join(",")}\n`));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const problem = new UserError(result.problem).message;
    expect(problem).toContain("I found: `evil_column`, `a'b`, `very_long_column_name_very_lo…`.");
    expect(problem).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(problem.length).toBeLessThan(400);
  });

  it("never throws, and gives bounded entries or a refusal a member can read", () => {
    fc.assert(
      fc.property(uploads(roadmap).filter((file) => file.data.length <= 64 * 1024), fc.constantFrom<ImportKind>("markdown", "csv"), (file, kind) => {
        const result = readImportFile(kind, file.data);
        if (!result.ok) {
          const problem = new UserError(result.problem).message;
          expect(problem.length).toBeGreaterThan(10);
          expect(problem.length).toBeLessThan(400);
          return;
        }
        expect(result.entries.length).toBeLessThanOrEqual(MAX_ITEM_LINES);
        for (const entry of result.entries) expect(entry.text.length).toBeLessThanOrEqual(MAX_LINE_CHARS);
      }),
      { numRuns: UNIT_RUNS },
    );
  });

  /**
   * CPU time, the least of a few runs: the machine is shared by many processes, and wall-clock
   * time would count the time others had the cores.
   */
  function timeToRead(kind: ImportKind, data: Buffer): number {
    let best = Infinity;
    for (let run = 0; run < 5; run++) {
      const started = process.cpuUsage();
      readImportFile(kind, data);
      const used = process.cpuUsage(started);
      best = Math.min(best, (used.user + used.system) / 1000);
    }
    return best;
  }

  const lines = (unit: string, size: number) => {
    const line = `- [x] ${unit.repeat(300)}`.slice(0, MAX_LINE_CHARS - 10);
    return Buffer.from(`${line}\n`.repeat(Math.ceil(size / (line.length + 1)))).subarray(0, size);
  };
  const oneLine = (unit: string, size: number) => Buffer.from(`- [x] ${unit.repeat(size)}`.slice(0, size));
  const SHAPES: [string, ImportKind, (size: number) => Buffer, number][] = [
    ["item lines of emphasis runs", "markdown", (size) => lines("*a_", size), 8 * 1024],
    ["item lines full of [](", "markdown", (size) => lines("[](", size), 8 * 1024],
    ["item lines of backticks and comments", "markdown", (size) => lines("`a``<!--", size), 8 * 1024],
    ["one line full of [](", "markdown", (size) => oneLine("[](", size), 256 * 1024],
    ["one line with lone carriage returns", "markdown", (size) => oneLine("a\r", size), 256 * 1024],
    ["a list item with lazy continuation lines", "markdown", (size) => Buffer.from(`- [x] a\n${"a\n".repeat(size / 2)}`).subarray(0, size), 256 * 1024],
    ["CSV rows", "csv", (size) => Buffer.from(`item_id,done_at\n${"stage-1-x,2026-01-01\n".repeat(size / 20)}`).subarray(0, size), 128 * 1024],
    ["CSV quotes", "csv", (size) => Buffer.from(`item_id,note\nx,"${'a"",'.repeat(size / 4)}"\n`), 128 * 1024],
  ];

  it.each(SHAPES)("reading %s takes time linear in its size", (_shape, kind, make, small) => {
    const large = small * 4;
    timeToRead(kind, make(small)); // warm the parser up
    const ratio = timeToRead(kind, make(large)) / Math.max(timeToRead(kind, make(small)), 1);
    // Four times the size: linear is ~4, quadratic ~16. The slack is for a shared, busy machine.
    expect(ratio).toBeLessThan(9);
  }, 60_000);
});

describe("importing any file", () => {
  let world: BotWorld;
  let standIn: StandIn;
  let bot: TestBot;
  let guild: GuildModel;
  let tried = 0;
  const outcomes = { previews: 0, refused: 0 };

  beforeAll(async () => {
    world = await startBotWorld({ beforeBot: (s) => (guild = s.addGuild({ name: "Random Files" })) });
    ({ standIn, bot } = world);
    // The first command of a fresh process pays for cold caches (and the stand-in for compiling
    // its schema checks); the properties are about a bot that is already running.
    const warm = guild.addMember({ username: "warm" });
    await (await standIn.command({ member: warm, name: "roadmap", subcommand: "check", options: { item: world.roadmap.items[0]!.id } })).reply(30_000);
    const file = { upload: { name: "warm.md", data: Buffer.from(`- [x] ${world.roadmap.items[1]!.title}`), contentType: "text/markdown" } };
    await (await standIn.command({ member: warm, name: "roadmap", subcommand: "import", options: { file } })).reply(30_000);
  });

  afterAll(async () => {
    console.log(`import properties: ${tried} random files imported (${outcomes.previews} previews, ${outcomes.refused} refused)`);
    await world?.stop();
  });

  afterEach(() => standIn.assertNoViolations());


  /** Everything but the previews: a preview is the one row a readable file may add before Confirm. */
  async function dumpWithoutPreviews(): Promise<string> {
    const dump = JSON.parse(await dumpDatabase(bot.context.db)) as Record<string, unknown>;
    delete dump.import_previews;
    return JSON.stringify(dump);
  }

  it("answers in time, within Discord's limits, pings nobody, and changes nothing until Confirm", async () => {
    await fc.assert(
      fc.asyncProperty(uploads(world.roadmap), async (file) => {
        tried++;
        const member = guild.addMember({ username: `random${tried}` });
        const before = await dumpDatabase(bot.context.db);
        const beforeProgress = await dumpWithoutPreviews();
        const handle = await standIn.command({ member, name: "roadmap", subcommand: "import", options: { file: { upload: file } } });
        await handle.response(CALLBACK_DEADLINE_MS + 1_000);
        expect(handle.callbackLatencyMs).toBeLessThan(CALLBACK_DEADLINE_MS);
        const reply = await handle.reply(30_000);
        expect(reply.ephemeral).toBe(true);
        expect(reply.content.length).toBeGreaterThan(0);
        expect(reply.content.length).toBeLessThanOrEqual(2_000);
        expect(reply.content).not.toContain("Sorry, something went wrong");
        for (const policy of mentionPolicies(standIn, handle)) expect(policy).toEqual({ parse: [] });
        if (reply.components.length === 0) {
          outcomes.refused++;
          expect(await dumpDatabase(bot.context.db)).toBe(before);
        } else {
          outcomes.previews++;
          expect(await dumpWithoutPreviews()).toBe(beforeProgress);
        }
      }),
      { numRuns: E2E_RUNS },
    );
  }, 600_000);
});
