import { createCanvas, GlobalFonts } from "@napi-rs/canvas";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PALETTE } from "../../src/pictures/drawing.ts";
import { FONT_FAMILIES, pictureFont, registerPictureFonts } from "../../src/pictures/fonts.ts";
import {
  LEADERBOARD_LAYOUT,
  LEADERBOARD_WIDTH,
  leaderboardHeight,
  renderLeaderboardImage,
  type LeaderboardImageInput,
} from "../../src/pictures/leaderboard-image.ts";
import { PROGRESS_CARD_SIZE, PROGRESS_RING, renderProgressCard, type ProgressCardInput } from "../../src/pictures/progress-card.ts";
import { createPictureRenderer, type PictureRenderer } from "../../src/pictures/render-pool.ts";
import { decode, differingFraction, distinctColours, expectMatchesReference, isBackground, pixelAt, pngSize, rgb, type Pixels } from "../support/pictures.ts";

const LONG_NAME = "Ω".repeat(40) + "A very long display name ".repeat(7);

function progressInput(overrides: Partial<ProgressCardInput> = {}): ProgressCardInput {
  return {
    displayName: "Ada Lovelace",
    percent: 53,
    stages: [
      { label: "Stage 1", title: "Foundational Skills", done: 120, total: 120, level: "Foundations", complete: true },
      { label: "Stage 2", title: "Working with AI Tools", done: 61, total: 130, level: "Job-Ready", complete: false },
      { label: "Stage 3", title: "Advanced AI Engineering", done: 4, total: 99, level: "Senior", complete: false },
    ],
    levelLabel: "Job-Ready",
    roadmapTitle: "AI Engineering: Your Realistic Roadmap",
    labels: { percent: "53%", items: "185 / 349 items", pace: "Pace: 6.3 items a week", paceWindow: "last 4 weeks" },
    ...overrides,
  };
}

function leaderboardInput(overrides: Partial<LeaderboardImageInput> = {}): LeaderboardImageInput {
  const names = ["Ada Lovelace", "学习者", "محمد", "Grace 🚀🔥", "Linus", "Zoë Ångström", "Олег", "Ken", "Barbara Liskov", "Alan"];
  const scores = [20, 18, 15, 12, 10, 8, 6, 4, 2, 0];
  return {
    title: "🏆 This week's leaderboard",
    subtitle: "AI Engineering: Your Realistic Roadmap",
    entries: names.map((displayName, index) => ({
      rank: index + 1,
      displayName,
      score: scores[index] ?? 0,
      overallPercent: 90 - index * 9,
    })),
    ...overrides,
  };
}

/** Draws `text` alone in one family and returns its pixels, to compare glyph shapes. */
function drawText(text: string, font: string): Pixels {
  const canvas = createCanvas(160, 80);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#000000";
  ctx.fillRect(0, 0, 160, 80);
  ctx.fillStyle = "#ffffff";
  ctx.font = font;
  ctx.textBaseline = "middle";
  ctx.fillText(text, 8, 40);
  return { width: 160, height: 80, data: ctx.getImageData(0, 0, 160, 80).data };
}

function family(name: string, weight: 400 | 700 = 400): string {
  return `${weight === 700 ? "bold" : "normal"} 40px "${name}"`;
}

/** A character no font has: every renderer draws it as the "missing glyph" box. */
const NO_FONT_HAS_THIS = "\u{10FFFD}";

beforeAll(() => registerPictureFonts());

describe("fonts", () => {
  test("the fonts shipped in npm packages are registered for Latin, Arabic, Devanagari, CJK and emoji, in both weights used", () => {
    registerPictureFonts(); // twice: registration is idempotent
    const families = new Map(GlobalFonts.families.map((entry) => [entry.family, entry.styles.map((style) => style.weight)]));
    expect(families.get(FONT_FAMILIES.latin)).toEqual(expect.arrayContaining([400, 700]));
    expect(families.get(FONT_FAMILIES.arabic)).toEqual(expect.arrayContaining([400, 700]));
    expect(families.get(FONT_FAMILIES.devanagari)).toEqual(expect.arrayContaining([400, 700]));
    expect(families.get(FONT_FAMILIES.cjk)).toEqual(expect.arrayContaining([400, 700]));
    expect(families.get(FONT_FAMILIES.emoji)).toEqual(expect.arrayContaining([400]));
  });

  // Noto Sans has no CJK, Arabic or emoji glyphs, so drawing a string with it alone gives either
  // missing-glyph boxes or, where the machine has fonts, some system font's glyphs. Drawing it
  // with the shipped family alone must give something else: its own glyphs. This holds on a
  // machine with system fonts and on one without, where the other check (boxes) would be blind.
  test.each([
    ["CJK", "学习者", FONT_FAMILIES.cjk],
    ["Arabic", "محمد", FONT_FAMILIES.arabic],
    ["Devanagari (Hindi)", "चरण प्रगति", FONT_FAMILIES.devanagari],
    ["Japanese kana (in the CJK font)", "ステージ ひらがな", FONT_FAMILIES.cjk],
    ["emoji", "🚀🔥", FONT_FAMILIES.emoji],
  ])("the %s font draws glyphs of its own, not the Latin font's fallback", (_script, text, shipped) => {
    const withShipped = drawText(text, family(shipped));
    const withLatinOnly = drawText(text, family(FONT_FAMILIES.latin));
    expect(differingFraction(withShipped, withLatinOnly)).toBeGreaterThan(0.005);
  });

  // A missing glyph is the same box whatever the character, so distinct characters that draw
  // as distinct shapes, none of them the box, are real glyphs.
  test.each([
    ["CJK", ["学", "习", "者"]],
    ["Arabic", ["م", "ح", "د"]],
    ["Devanagari", ["च", "र", "ण", "प्र"]],
    ["Japanese kana", ["ス", "テ", "ひ", "ら"]],
    ["emoji", ["🚀", "🔥"]],
  ])("%s characters draw as real glyphs with the full fallback list, not as boxes", (_script, characters) => {
    const font = pictureFont(40, 700);
    const box = drawText(NO_FONT_HAS_THIS, font);
    const glyphs = characters.map((character) => drawText(character, font));
    for (const glyph of glyphs) {
      expect(differingFraction(glyph, box)).toBeGreaterThan(0.005);
    }
    for (let i = 0; i < glyphs.length; i++) {
      for (let j = i + 1; j < glyphs.length; j++) {
        expect(differingFraction(glyphs[i]!, glyphs[j]!)).toBeGreaterThan(0.005);
      }
    }
  });

  test("emoji are drawn in colour, even with white text", () => {
    const rocket = drawText("🚀", pictureFont(40));
    let colourful = 0;
    for (let i = 0; i < rocket.data.length; i += 4) {
      const [r, g, b] = [rocket.data[i] ?? 0, rocket.data[i + 1] ?? 0, rocket.data[i + 2] ?? 0];
      if (Math.max(r, g, b) - Math.min(r, g, b) > 60) colourful++;
    }
    expect(colourful).toBeGreaterThan(50);
  });
});

describe("progress card", () => {
  test("is an 800×400 PNG", async () => {
    const png = await renderProgressCard(progressInput());
    expect(pngSize(png)).toEqual(PROGRESS_CARD_SIZE);
    const pixels = await decode(png);
    expect([pixels.width, pixels.height]).toEqual([800, 400]);
  });

  test("is opaque and not blank: many colours, and much of it is not background", async () => {
    const pixels = await decode(await renderProgressCard(progressInput()));
    let opaque = true;
    let drawn = 0;
    for (let i = 0; i < pixels.data.length; i += 4) {
      if (pixels.data[i + 3] !== 255) opaque = false;
      if (!isBackground([pixels.data[i] ?? 0, pixels.data[i + 1] ?? 0, pixels.data[i + 2] ?? 0])) drawn++;
    }
    expect(opaque).toBe(true);
    expect(distinctColours(pixels)).toBeGreaterThan(100);
    expect(drawn / (pixels.width * pixels.height)).toBeGreaterThan(0.1);
  });

  test("a member with more done has more of the ring filled", async () => {
    const little = await decode(await renderProgressCard(progressInput({ percent: 10 })));
    const lots = await decode(await renderProgressCard(progressInput({ percent: 90 })));
    // The ring starts at the top and runs clockwise; the left of it is filled only past 75%.
    const left = { x: PROGRESS_RING.centreX - PROGRESS_RING.radius, y: PROGRESS_RING.centreY };
    expect(pixelAt(lots, left.x, left.y)).not.toEqual(pixelAt(little, left.x, left.y));
  });

  test("matches the reference image", async () => {
    const png = await renderProgressCard(progressInput({ displayName: "Ada 学习者 محمد 🚀🔥" }));
    await expectMatchesReference(png, "progress-card.png");
  });

  test.each([
    ["CJK", "学习者"],
    ["Arabic", "محمد"],
    ["emoji", "🚀🔥"],
    ["200-character", "x".repeat(100) + "学".repeat(50) + "🚀".repeat(25) + "م".repeat(25)],
    ["long", LONG_NAME],
    ["control-character", "Eve\n\u202eevil\u0000"],
    ["empty", ""],
  ])("a %s name renders at the usual size", async (_kind, displayName) => {
    const png = await renderProgressCard(progressInput({ displayName, levelLabel: undefined }));
    expect(pngSize(png)).toEqual(PROGRESS_CARD_SIZE);
  });

  test("a roadmap with many stages or none still renders", async () => {
    const stage = { label: "Stage 1", title: "Stage", done: 1, total: 2, level: "x", complete: false };
    const many = Array.from({ length: 8 }, (_, index) => ({ ...stage, label: `Stage ${index + 1}` }));
    expect(pngSize(await renderProgressCard(progressInput({ stages: many })))).toEqual(PROGRESS_CARD_SIZE);
    expect(pngSize(await renderProgressCard(progressInput({ stages: [], percent: 0 })))).toEqual(PROGRESS_CARD_SIZE);
  });
});

describe("leaderboard image", () => {
  test("is 800 wide and as tall as its rows need", async () => {
    const ten = await renderLeaderboardImage(leaderboardInput());
    expect(pngSize(ten)).toEqual({ width: LEADERBOARD_WIDTH, height: leaderboardHeight(10) });
    const three = await renderLeaderboardImage(leaderboardInput({ entries: leaderboardInput().entries.slice(0, 3) }));
    expect(pngSize(three)).toEqual({ width: LEADERBOARD_WIDTH, height: leaderboardHeight(3) });
    expect(leaderboardHeight(3)).toBeLessThan(leaderboardHeight(10));
  });

  test("bars are proportional to the score", async () => {
    const entries = [
      { rank: 1, displayName: "A", score: 20, overallPercent: 50 },
      { rank: 2, displayName: "B", score: 10, overallPercent: 40 },
      { rank: 3, displayName: "C", score: 5, overallPercent: 30 },
      { rank: 4, displayName: "D", score: 0, overallPercent: 0 },
    ];
    const pixels = await decode(await renderLeaderboardImage(leaderboardInput({ entries })));
    const filled = entries.map((_, index) => filledBarLength(pixels, index));
    const width = LEADERBOARD_LAYOUT.barWidth;
    expect(filled[0]).toBeGreaterThan(width - 4);
    expect(Math.abs((filled[1] ?? 0) - width / 2)).toBeLessThan(4);
    expect(Math.abs((filled[2] ?? 0) - width / 4)).toBeLessThan(4);
    expect(filled[3]).toBe(0);
  });

  test("matches the reference image", async () => {
    await expectMatchesReference(await renderLeaderboardImage(leaderboardInput()), "leaderboard.png");
  });

  test("names in any script, 200 characters long, or more than ten entries render without throwing", async () => {
    const names = ["学习者", "محمد", "🚀🔥", "x".repeat(200), LONG_NAME, "\u202e\n"];
    const entries = Array.from({ length: 14 }, (_, index) => ({
      rank: index + 1,
      displayName: names[index % names.length] ?? "",
      score: 14 - index,
      overallPercent: 100,
    }));
    const png = await renderLeaderboardImage({ title: "学习者 محمد 🚀 ".repeat(10), subtitle: "x".repeat(200), entries });
    expect(pngSize(png)).toEqual({ width: LEADERBOARD_WIDTH, height: leaderboardHeight(10) });
  });

  test("an empty leaderboard says so instead of showing an empty frame", async () => {
    const png = await renderLeaderboardImage(leaderboardInput({ entries: [] }));
    expect(pngSize(png)).toEqual({ width: LEADERBOARD_WIDTH, height: leaderboardHeight(0) });
  });
});

/** The length of the coloured (non-track) part of a row's bar, scanned along its middle. */
function filledBarLength(pixels: Pixels, index: number): number {
  const { headerHeight, rowHeight, bar, barWidth } = LEADERBOARD_LAYOUT;
  const middle = headerHeight + index * rowHeight + rowHeight / 2;
  const track = rgb(PALETTE.track);
  let length = 0;
  for (let x = bar; x < bar + barWidth; x++) {
    const pixel = pixelAt(pixels, x, middle);
    if (pixel.some((channel, c) => Math.abs(channel - (track[c] ?? 0)) > 24)) length++;
  }
  return length;
}

describe("picture renderer (worker thread)", () => {
  let renderer: PictureRenderer;
  beforeAll(() => {
    renderer = createPictureRenderer();
  });
  afterAll(() => renderer.close());

  test("renders the same pictures as the functions it runs", async () => {
    const [fromWorker, direct] = [await renderer.progressCard(progressInput()), await renderProgressCard(progressInput())];
    expect(differingFraction(await decode(fromWorker), await decode(direct))).toBe(0);
    expect(pngSize(await renderer.leaderboard(leaderboardInput()))).toEqual({ width: LEADERBOARD_WIDTH, height: leaderboardHeight(10) });
  });

  test("a picture that fails to render is rejected, and the next one still renders", async () => {
    const broken = { title: "x" } as unknown as LeaderboardImageInput;
    await expect(renderer.leaderboard(broken)).rejects.toThrow(/Could not render the picture/);
    expect(pngSize(await renderer.leaderboard(leaderboardInput()))).toEqual({ width: LEADERBOARD_WIDTH, height: leaderboardHeight(10) });
  });

  test("renders several pictures at once", async () => {
    const pictures = await Promise.all(Array.from({ length: 6 }, () => renderer.progressCard(progressInput())));
    for (const png of pictures) expect(pngSize(png)).toEqual(PROGRESS_CARD_SIZE);
  });

  test("a closed renderer refuses new pictures", async () => {
    const closing = createPictureRenderer();
    await closing.close();
    await expect(closing.progressCard(progressInput())).rejects.toThrow(/closed/);
  });
});
