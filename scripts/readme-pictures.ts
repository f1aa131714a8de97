import { createI18n } from "../src/i18n/translator.ts";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { loadCatalogue } from "../src/catalogue/load.ts";
import { parseCommandLine, runCli } from "../src/cli/command-line.ts";
import { manualClock } from "../src/clock.ts";
import type { AppContext } from "../src/context.ts";
import { connectDatabase } from "../src/db/connect.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { displayNames } from "../src/db/progress-repository.ts";
import { groupMapImageInput, leaderboardImageInput, progressCardInput } from "../src/discord/render/pictures.ts";
import { groupMap, groupMembersOnStage } from "../src/group/group-service.ts";
import { leaderboardView } from "../src/leaderboard/leaderboard-service.ts";
import { createLogger } from "../src/logger.ts";
import { noMetrics } from "../src/ops/metrics.ts";
import { renderGroupMap } from "../src/pictures/group-map.ts";
import { renderLeaderboardImage, type LeaderboardImageInput } from "../src/pictures/leaderboard-image.ts";
import { renderProgressCard } from "../src/pictures/progress-card.ts";
import { checkItem, loadSummary } from "../src/progress/progress-service.ts";

const USAGE = `Usage: npm run docs:pictures [-- --out DIR]

Redraws the README's pictures (docs/images/progress-card.png, leaderboard.png, group-map.png)
with the bot's own code: a seeded study group in a throwaway embedded database, its progress
card, weekly leaderboard and group map drawn by the renderers the bot uses.
(The sandbox screenshots come from the browser test: UPDATE_SCREENSHOTS=1.)

Options:
  --out DIR   Write the pictures here instead of docs/images.
  -h, --help  Show this help.`;

const ROADMAP_DIR = path.resolve(import.meta.dirname, "../roadmap");
export const README_IMAGES = path.resolve(import.meta.dirname, "../docs/images");
const GUILD_ID = "100000000000000001";
/** A Wednesday: the week so far holds the seeded checks. */
const NOW = new Date("2026-03-04T12:00:00Z");

/**
 * The seeded group: name, Stage 1 items done this week. Equal counts on purpose, so the picture
 * shows how the bot breaks ties (whoever got there first ranks first).
 */
const MEMBERS: readonly (readonly [string, number])[] = [
  ["Ada Lovelace", 40],
  ["学习者", 36],
  ["محمد", 30],
  ["Grace 🚀", 24],
  ["Linus", 24],
  ["Zoë Ångström", 20],
  ["Олег", 16],
  ["Ken", 12],
  ["Barbara Liskov", 12],
  ["Alan", 8],
  ["Edsger", 4],
];

export interface ReadmePictures {
  readonly files: readonly { readonly name: string; readonly path: string }[];
  /** What the leaderboard picture was drawn from, so a test can check its ranks. */
  readonly leaderboard: LeaderboardImageInput;
}

export async function renderReadmePictures(outDir: string): Promise<ReadmePictures> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "roadmap-readme-pictures-"));
  const logger = createLogger("silent");
  const database = await connectDatabase({ databaseUrl: undefined, dataDir, logger });
  try {
    await migrateToLatest(database.db);
    const catalogue = await loadCatalogue(ROADMAP_DIR);
    const clock = manualClock(new Date(NOW.getTime() - 2 * 86_400_000));
    const i18n = createI18n({ logger });
    const ctx: AppContext = { db: database.db, catalogue, clock, logger, i18n, outbox: { kick() {} }, metrics: noMetrics, pictures: undefined };
    const roadmap = catalogue.defaultRoadmap;
    // Round-robin, a minute apart: every member's checks interleave as a real week's would.
    const longest = Math.max(...MEMBERS.map(([, count]) => count));
    for (let index = 0; index < longest; index++) {
      for (const [memberIndex, [name, count]] of MEMBERS.entries()) {
        if (index >= count) continue;
        clock.advance(60_000);
        await checkItem(ctx, { guildId: GUILD_ID, userId: userIdOf(memberIndex) }, roadmap, roadmap.items[index]!, null, name);
      }
    }
    clock.set(NOW);

    const view = await leaderboardView(ctx, GUILD_ID, "", "week", 0);
    const names = await displayNames(database.db, GUILD_ID, view.entries.map((entry) => entry.userId));
    const leaderboard = leaderboardImageInput(view, ctx.i18n.forLanguage("en").plain("leaderboard:title.week"), names, ctx.i18n.forLanguage("en"));
    const summary = await loadSummary(ctx, { guildId: GUILD_ID, userId: userIdOf(0) }, roadmap);
    const map = (await groupMap(ctx, GUILD_ID, roadmap, 1))!;
    const members = await groupMembersOnStage(ctx, GUILD_ID, map, async () => []);

    const pictures: [string, Buffer][] = [
      ["progress-card.png", await renderProgressCard(progressCardInput(summary, MEMBERS[0]![0], i18n.forLanguage("en")))],
      ["leaderboard.png", await renderLeaderboardImage(leaderboard)],
      ["group-map.png", await renderGroupMap(groupMapImageInput(map, members, i18n.forLanguage("en")))],
    ];
    await mkdir(outDir, { recursive: true });
    const files = [];
    for (const [name, png] of pictures) {
      await writeFile(path.join(outDir, name), png);
      files.push({ name, path: path.join(outDir, name) });
    }
    return { files, leaderboard };
  } finally {
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function userIdOf(index: number): string {
  return String(200000000000000000n + BigInt(index));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runCli(async () => {
    const { values } = parseCommandLine(process.argv.slice(2), { usage: USAGE, options: { out: { type: "string" } } });
    const outDir = path.resolve(values.out ?? README_IMAGES);
    const { files } = await renderReadmePictures(outDir);
    for (const file of files) console.log(`Wrote ${path.relative(process.cwd(), file.path)}`);
  });
}
