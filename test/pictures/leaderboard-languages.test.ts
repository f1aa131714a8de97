import { createCanvas } from "@napi-rs/canvas";
import { beforeAll, describe, expect, test } from "vitest";
import { leaderboardPictureLabels } from "../../src/discord/render/pictures.ts";
import { LANGUAGE_CODES, type Language } from "../../src/i18n/languages.ts";
import { createI18n } from "../../src/i18n/translator.ts";
import { pictureFont, registerPictureFonts } from "../../src/pictures/fonts.ts";
import { LEADERBOARD_LABEL_BOXES, LEADERBOARD_LAYOUT, LEADERBOARD_WIDTH, renderLeaderboardImage, type LeaderboardImageInput } from "../../src/pictures/leaderboard-image.ts";
import { decode, expectMatchesReference, isBackground, pixelAt, type Pixels } from "../support/pictures.ts";

const i18n = createI18n({ logger: { warn: () => undefined } });

beforeAll(() => registerPictureFonts());

/** The language whose picture words are widest at full size: the one most likely to overflow. */
function longestLanguage(): Language {
  const ctx = createCanvas(10, 10).getContext("2d");
  const width = (language: Language) => {
    const t = i18n.forLanguage(language);
    const labels = leaderboardPictureLabels(t);
    const measure = (text: string, box: { size: number; weight?: 400 | 700 }) => {
      ctx.font = pictureFont(box.size, box.weight ?? 400);
      return ctx.measureText(text).width;
    };
    return measure(labels.items, LEADERBOARD_LABEL_BOXES.items) + measure(labels.overall, LEADERBOARD_LABEL_BOXES.overall) + measure(t.plain("leaderboard:picture.weekly"), LEADERBOARD_LABEL_BOXES.title);
  };
  return [...LANGUAGE_CODES].sort((a, b) => width(b) - width(a))[0]!;
}

function input(language: Language, entries = 10): LeaderboardImageInput {
  const t = i18n.forLanguage(language);
  const names = ["Ada Lovelace", "学习者", "महेश", "Grace 🚀🔥", "Linus", "Zoë Ångström", "Олег", "健二", "Barbara Liskov", "Alan"];
  return {
    title: t.plain("leaderboard:picture.weekly"),
    subtitle: "AI Engineering: Your Realistic Roadmap",
    entries: names.slice(0, entries).map((displayName, index) => ({
      rank: index + 1,
      displayName,
      score: 20 - index * 2,
      overallPercent: 100 - index * 9,
      percentLabel: t.percent(100 - index * 9),
    })),
    labels: leaderboardPictureLabels(t),
  };
}

/** True when nothing but the background is drawn in the header's column-head band between x0 and x1. */
function blankBand(pixels: Pixels, x0: number, x1: number): boolean {
  for (let x = x0; x < x1; x++) for (let y = 120; y < 146; y++) if (!isBackground(pixelAt(pixels, x, y))) return false;
  return true;
}

describe("the leaderboard picture in its longest language", () => {
  test("matches its reference image", async () => {
    const language = longestLanguage();
    await expectMatchesReference(await renderLeaderboardImage(input(language)), "leaderboard-longest-language.png");
  });

  test.each(LANGUAGE_CODES)("%s: the column heads stay in their boxes, and the empty board's words fit", async (language) => {
    const pixels = await decode(await renderLeaderboardImage(input(language)));
    // Left of the items head's box and between the two heads, the band is untouched.
    expect(blankBand(pixels, 20, LEADERBOARD_LAYOUT.bar - 1)).toBe(true);
    expect(blankBand(pixels, LEADERBOARD_LAYOUT.scoreRight + 2, LEADERBOARD_LAYOUT.percentRight - LEADERBOARD_LABEL_BOXES.overall.width - 1)).toBe(true);
    expect(blankBand(pixels, LEADERBOARD_LAYOUT.percentRight + 2, LEADERBOARD_WIDTH - 2)).toBe(true);
    const empty = await decode(await renderLeaderboardImage(input(language, 0)));
    expect(empty.width).toBe(LEADERBOARD_WIDTH);
  });
});
