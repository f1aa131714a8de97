import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CatalogueItem, Roadmap } from "../../src/catalogue/catalogue.ts";
import type { GuildModel, MemberModel, StandIn } from "../standin/index.ts";
import type { TestBot } from "../support/bot.ts";
import { dumpDatabase } from "../support/db-dump.ts";
import { startBotWorld, type BotWorld } from "../support/world.ts";

// A member who kept their ticks in their own copy of the roadmap author's pages brings them in. The
// pages themselves are not in the repository: each fixture is built in the shape of one (headings,
// prose, the author's checkboxes at the lines the catalogue's `source` names, more checkboxes the
// catalogue does not carry, and a fenced example with a box in it), worded here, not copied.

let world: BotWorld;
let standIn: StandIn;
let bot: TestBot;
let guild: GuildModel;
let roadmap: Roadmap;

afterEach(() => standIn.assertNoViolations());

beforeAll(async () => {
  world = await startBotWorld({ beforeBot: (s) => (guild = s.addGuild({ name: "Author's readers" })) });
  ({ standIn, bot, roadmap } = world);
});

afterAll(() => world?.stop());

/** The catalogue's items by the author's page they come from, pages with the most items first. */
function pagesOf(roadmap: Roadmap): [string, CatalogueItem[]][] {
  const pages = new Map<string, CatalogueItem[]>();
  for (const item of roadmap.items) {
    if (!item.source) continue;
    pages.set(item.source.path, [...(pages.get(item.source.path) ?? []), item]);
  }
  return [...pages].sort((a, b) => b[1].length - a[1].length);
}

interface AuthorPageCopy {
  readonly text: string;
  /** Items whose box the member ticked. */
  readonly ticked: readonly CatalogueItem[];
  /** Ticked boxes of the page that are no item of the catalogue. */
  readonly extraTicked: number;
}

/** A copy of an author's page with every `tick(i)`-th item's box ticked, plus boxes of the author's own. */
function authorPageCopy(items: readonly CatalogueItem[], tick: (index: number) => boolean): AuthorPageCopy {
  const sourceLines = new Map(items.map((item) => [item.source!.line, item]));
  const lastLine = Math.max(...sourceLines.keys()) + 12;
  const lines: string[] = [];
  const ticked: CatalogueItem[] = [];
  let extraTicked = 0;
  let fenceOpen = false;
  for (let line = 1; line <= lastLine; line++) {
    const item = sourceLines.get(line);
    if (item) {
      const done = tick(ticked.length + lines.length);
      if (done) ticked.push(item);
      // The author's wording differs from the bot's titles: the line, not the words, tells the item.
      lines.push(`- [${done ? "x" : " "}] Practise topic ${line} the way the page describes it`);
      continue;
    }
    const free = !sourceLines.has(line + 1) && !sourceLines.has(line - 1);
    if (fenceOpen) {
      // An example inside fenced code: never an item, ticked or not.
      lines.push(line % 2 === 0 ? "- [x] an example box inside a code block" : "```");
      fenceOpen = line % 2 === 0;
    } else if (line === 1) lines.push("# Notes on this part of the journey");
    else if (free && line % 17 === 0) {
      lines.push("- [x] A box the author added that the bot's roadmap does not carry");
      extraTicked++;
    } else if (free && line % 23 === 0) {
      lines.push("```markdown");
      fenceOpen = true;
    } else lines.push(line % 5 === 0 ? "## A topic heading" : "Some prose about why this matters.");
  }
  if (fenceOpen) lines.push("```");
  return { text: lines.join("\n"), ticked, extraTicked };
}

async function run(member: MemberModel, options: Record<string, unknown>) {
  return (await standIn.command({ member, name: "roadmap", subcommand: "import", options: options as never })).reply();
}

function upload(name: string, text: string) {
  return { upload: { name, data: Buffer.from(text), contentType: "text/markdown" } };
}

async function doneIds(member: MemberModel): Promise<string[]> {
  const rows = await bot.context.db.selectFrom("progress").select("item_id").where("user_id", "=", member.id).execute();
  return rows.map((row) => row.item_id).sort();
}

describe("/roadmap import of the roadmap author's pages", () => {
  it("checks the items whose boxes a member ticked in their copies of two of the author's pages", async () => {
    const [[firstPage, firstItems], [secondPage, secondItems]] = pagesOf(roadmap) as [[string, CatalogueItem[]], [string, CatalogueItem[]]];
    const first = authorPageCopy(firstItems, (i) => i % 2 === 0);
    const second = authorPageCopy(secondItems, (i) => i % 3 === 0);
    expect(first.ticked.length).toBeGreaterThan(2);
    const member = guild.addMember({ username: "reader" });

    const preview = await run(member, { file: upload("README.md", first.text), file2: upload("README (1).md", second.text) });
    expect(preview.ephemeral).toBe(true);
    expect(preview.content).toContain(`\`${firstPage}\``);
    expect(preview.content).toContain(`\`${secondPage}\``);
    const expected = [...first.ticked, ...second.ticked];
    expect(preview.content).toContain(`✅ ${new Set(expected).size} item(s) would be checked`);
    // Only the author's own ticked boxes are reported as skipped; the fenced examples are not lines at all.
    expect(preview.content).toContain(`❓ ${first.extraTicked + second.extraTicked} ticked line(s) are not items of this roadmap`);
    expect(preview.content).not.toContain("example box");
    expect(preview.content.length).toBeLessThanOrEqual(2_000);
    expect(await doneIds(member)).toEqual([]);

    const row = preview.components[0] as { components: { custom_id: string; label: string }[] };
    const confirm = row.components.find((button) => button.label === "Confirm")!;
    const applied = await (await standIn.pressButton({ member, message: preview, customId: confirm.custom_id })).reply();
    expect(applied.content).toContain(`Imported: ${new Set(expected).size} checked`);
    expect(await doneIds(member)).toEqual([...new Set(expected.map((item) => item.id))].sort());
  });

  it("does not take a file for an author's page when only one or two boxes stand where the page's do", async () => {
    // The page with the fewest items: a file with boxes on its one or two lines could be any notes.
    const [, items] = pagesOf(roadmap).at(-1)!;
    expect(items.length).toBeLessThanOrEqual(2);
    const lines = Array.from({ length: Math.max(...items.map((item) => item.source!.line)) }, () => "text");
    for (const item of items) lines[item.source!.line - 1] = "- [x] something of my own";
    const member = guild.addMember({ username: "notes" });
    const before = await dumpDatabase(bot.context.db);
    const reply = await run(member, { file: upload("notes.md", lines.join("\n")) });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain(`None of the ${items.length} item lines in that file match this roadmap's items.`);
    expect(await dumpDatabase(bot.context.db)).toBe(before);
  });

  it("takes up to five files: one page, or several of the author's pages (and which track)", async () => {
    const command = standIn.registeredCommands().find((c) => c.name === "roadmap");
    const importCommand = command?.options?.find((option) => option.name === "import") as { options?: { name: string }[] } | undefined;
    expect(importCommand?.options?.map((option) => option.name)).toEqual(["file", "replace", "file2", "file3", "file4", "file5", "roadmap"]);
  });
});
