import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderReadmePictures } from "../scripts/readme-pictures.ts";
import { LEADERBOARD_WIDTH, leaderboardHeight } from "../src/pictures/leaderboard-image.ts";
import { PROGRESS_CARD_SIZE } from "../src/pictures/progress-card.ts";
import { pngSize } from "./support/pictures.ts";

describe("npm run docs:pictures", () => {
  it("draws every README picture from the bot's code, the leaderboard with one member per rank", { timeout: 120_000 }, async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), "readme-pictures-test-"));
    try {
      const { files, leaderboard } = await renderReadmePictures(out);
      expect(files.map((file) => file.name).sort()).toEqual(["group-map.png", "leaderboard.png", "progress-card.png"]);
      const size = async (name: string) => pngSize(await readFile(path.join(out, name)));
      expect(await size("progress-card.png")).toEqual(PROGRESS_CARD_SIZE);
      expect(await size("leaderboard.png")).toEqual({ width: LEADERBOARD_WIDTH, height: leaderboardHeight(leaderboard.entries.length) });
      expect((await size("group-map.png")).width).toBe(800);

      const ranks = leaderboard.entries.map((entry) => entry.rank);
      expect(ranks.length).toBe(10);
      expect(new Set(ranks).size).toBe(ranks.length);
      // The seeded group has equal scores: they still get one rank each.
      const scores = leaderboard.entries.map((entry) => entry.score);
      expect(new Set(scores).size).toBeLessThan(scores.length);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it("the README shows each picture the script draws", async () => {
    const readme = await readFile(path.resolve(import.meta.dirname, "../README.md"), "utf8");
    for (const name of ["progress-card.png", "leaderboard.png", "group-map.png"]) expect(readme).toContain(`docs/images/${name}`);
  });
});
