import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { groupMapLabels } from "../../src/discord/render/pictures.ts";
import { createI18n } from "../../src/i18n/translator.ts";
import { PALETTE } from "../../src/pictures/drawing.ts";
import { registerPictureFonts } from "../../src/pictures/fonts.ts";
import {
  completionColour,
  GROUP_MAP_WIDTH,
  groupMapColumn,
  groupMapHeight,
  groupMapRowMiddle,
  renderGroupMap,
  type GroupMapImageInput,
  type GroupMapSpread,
} from "../../src/pictures/group-map.ts";
import { createPictureRenderer, type PictureRenderer } from "../../src/pictures/render-pool.ts";
import { decode, expectMatchesReference, pixelAt, pngSize, rgb } from "../support/pictures.ts";

const SECTIONS = [
  { number: "2.1", items: 15 },
  { number: "2.2", items: 20 },
  { number: "2.3", items: 25 },
  { number: "2.4", items: 12 },
  { number: "2.5", items: 18 },
  { number: "2.6", items: 5 },
];

const en = createI18n({ logger: { warn: () => undefined } }).forLanguage("en");

/** The input with its words in English, for its view and stuck lines. */
function withLabels(input: Omit<GroupMapImageInput, "labels">): GroupMapImageInput {
  return { ...input, labels: groupMapLabels(en, input.view, input.stuck) };
}

function smallGroup(overrides: Partial<Omit<GroupMapImageInput, "labels">> = {}): GroupMapImageInput {
  return withLabels({
    title: "The group on Stage 2",
    subtitle: "Working with AI Tools · 6 members on the roadmap",
    sections: SECTIONS,
    view: {
      kind: "members",
      hidden: 1,
      rows: [
        { displayName: "Ada Lovelace", done: [15, 20, 25, 6, 0, 0] },
        { displayName: "学习者", done: [15, 12, 3, 0, 0, 0] },
        { displayName: "محمد", done: [15, 20, 10, 0, 0, 0] },
        { displayName: "Grace 🚀", done: [8, 0, 0, 0, 0, 0] },
        { displayName: "Linus", done: [0, 0, 0, 0, 0, 0] },
      ],
    },
    stuck: [{ section: "2.3", itemTitle: "Chunking strategies for long documents", members: 2 }],
    ...overrides,
  });
}

/** Ten thousand members, most further along the earlier sections, as a large server would be. */
function tenThousand(): GroupMapImageInput {
  const finished = [6200, 4100, 1500, 700, 300, 90];
  const overHalf = [1800, 2100, 2500, 900, 400, 10];
  const started = [1200, 2200, 3000, 2400, 1300, 400];
  const spread: GroupMapSpread[] = finished.map((f, i) => ({
    finished: f,
    overHalf: overHalf[i]!,
    started: started[i]!,
    notStarted: 10_000 - f - overHalf[i]! - started[i]!,
  }));
  return withLabels({
    title: "The group on Stage 2",
    subtitle: "Working with AI Tools · 10,000 members on the roadmap",
    sections: SECTIONS,
    view: { kind: "distribution", spread, hidden: 1 },
    stuck: [
      { section: "2.3", itemTitle: "Chunking strategies", members: 412 },
      { section: "2.4", itemTitle: "Fine-tuning with LoRA", members: 120 },
    ],
  });
}

function cellCentre(row: number, column: number): { x: number; y: number } {
  const { x } = groupMapColumn(column, SECTIONS.length);
  // Left of centre, clear of the percentage drawn in the middle.
  return { x: x + 6, y: groupMapRowMiddle(row) };
}

function near(actual: readonly number[], hex: string): boolean {
  return rgb(hex).every((channel, i) => Math.abs(channel - (actual[i] ?? 0)) <= 6);
}

beforeAll(() => registerPictureFonts());

describe("the group's map", () => {
  test("is 800 wide and as tall as its rows and lines need", async () => {
    const input = smallGroup();
    expect(pngSize(await renderGroupMap(input))).toEqual({ width: GROUP_MAP_WIDTH, height: groupMapHeight(input) });
    const fewer = smallGroup({ view: { kind: "members", hidden: 0, rows: [{ displayName: "Solo", done: [1, 0, 0, 0, 0, 0] }] }, stuck: [] });
    expect(groupMapHeight(fewer)).toBeLessThan(groupMapHeight(input));
  });

  test("a finished section is green, an untouched one the empty track, a half-done one in between", async () => {
    const pixels = await decode(await renderGroupMap(smallGroup()));
    const ada = 0;
    expect(near(pixelAt(pixels, cellCentre(ada, 0).x, cellCentre(ada, 0).y), PALETTE.complete)).toBe(true);
    expect(near(pixelAt(pixels, cellCentre(ada, 5).x, cellCentre(ada, 5).y), PALETTE.track)).toBe(true);
    const half = pixelAt(pixels, cellCentre(ada, 3).x, cellCentre(ada, 3).y);
    expect(near(half, completionColour(0.5))).toBe(true);
    expect(near(half, PALETTE.track) || near(half, PALETTE.complete)).toBe(false);
  });

  test("a section where members are stuck is marked above its column", async () => {
    const withStuck = await decode(await renderGroupMap(smallGroup()));
    const without = await decode(await renderGroupMap(smallGroup({ stuck: [] })));
    const column = groupMapColumn(2, SECTIONS.length);
    const head = { y: 148 };
    const orange = (pixels: Awaited<ReturnType<typeof decode>>) => {
      let count = 0;
      for (let x = Math.floor(column.x); x < column.x + column.width; x++) if (near(pixelAt(pixels, x, head.y), "#ff9f5a")) count++;
      return count;
    };
    expect(orange(withStuck)).toBeGreaterThan(4);
    expect(orange(without)).toBe(0);
  });

  test("matches the reference image: a small group with a hidden member, counted and not drawn", async () => {
    await expectMatchesReference(await renderGroupMap(smallGroup()), "group-map-members.png");
  });

  test("matches the reference image: 10,000 members drawn as how many are at each level", async () => {
    const input = tenThousand();
    const png = await renderGroupMap(input);
    expect(pngSize(png)).toEqual({ width: GROUP_MAP_WIDTH, height: groupMapHeight(input) });
    await expectMatchesReference(png, "group-map-10000.png");
  });

  test("many sections, long names in any script, and nobody to name still render", async () => {
    const sections = Array.from({ length: 20 }, (_, i) => ({ number: `3.${i + 1}`, items: 10 }));
    const rows = Array.from({ length: 12 }, (_, i) => ({ displayName: `${"Ω".repeat(30)} ${"学".repeat(20)} 🚀 ${i}`, done: sections.map((_, s) => (s + i) % 11) }));
    const many = smallGroup({ sections, view: { kind: "members", hidden: 3, rows } });
    expect(pngSize(await renderGroupMap(many))).toEqual({ width: GROUP_MAP_WIDTH, height: groupMapHeight(many) });
    const nobody = smallGroup({ view: { kind: "members", hidden: 2, rows: [] }, stuck: [] });
    expect(pngSize(await renderGroupMap(nobody))).toEqual({ width: GROUP_MAP_WIDTH, height: groupMapHeight(nobody) });
  });
});

describe("the group's map on the picture worker", () => {
  let renderer: PictureRenderer;
  beforeAll(() => {
    renderer = createPictureRenderer();
  });
  afterAll(() => renderer.close());

  test("draws the same picture as the function it runs", async () => {
    const input = tenThousand();
    expect(pngSize(await renderer.groupMap(input))).toEqual({ width: GROUP_MAP_WIDTH, height: groupMapHeight(input) });
  });
});
