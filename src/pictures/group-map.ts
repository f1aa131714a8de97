import { createCanvas, type SKRSContext2D } from "@napi-rs/canvas";
import { clampFraction, drawCardBackground, fillRoundedRect, fitLabel, fitText, oneLine, PALETTE } from "./drawing.ts";
import { pictureFont, registerPictureFonts } from "./fonts.ts";

export interface GroupMapSpread {
  readonly finished: number;
  readonly overHalf: number;
  readonly started: number;
  readonly notStarted: number;
}

/**
 * Who is where: members by name (only those who may be named; hidden ones as a count), or for a
 * large group how many members are at each level of each section.
 */
export type GroupMapView =
  | { readonly kind: "members"; readonly rows: readonly { readonly displayName: string; readonly done: readonly number[] }[]; readonly hidden: number }
  | { readonly kind: "distribution"; readonly spread: readonly GroupMapSpread[]; readonly hidden: number };

export interface GroupMapImageInput {
  readonly title: string;
  readonly subtitle: string;
  /** The stage's sections, in order; `done` and `spread` entries follow the same order. */
  readonly sections: readonly { readonly number: string; readonly items: number }[];
  readonly view: GroupMapView;
  /** Where members stopped for a while, most stuck first (at most three are drawn). */
  readonly stuck: readonly { readonly section: string; readonly itemTitle: string; readonly members: number }[];
  /** The picture's words, in the reader's language: the worker drawing it has no translator. */
  readonly labels: GroupMapLabels;
}

export interface GroupMapLabels {
  /** For the compact counts in the cells ("1.2K", "1,2 k", "1.2万"). */
  readonly language: string;
  readonly levels: Readonly<Record<keyof GroupMapSpread, string>>;
  readonly legend: { readonly notStarted: string; readonly inProgress: string; readonly overHalf: string; readonly finished: string };
  readonly nobody: string;
  /** The line about hidden members, when there are any. */
  readonly hiddenNote: string | undefined;
  /** One line per `stuck` entry, in the same order. */
  readonly stuckLines: readonly string[];
}

export const GROUP_MAP_WIDTH = 800;
const PADDING = 32;
const MAX_STUCK_LINES = 3;
/** Where things are, exported so tests can find the cells. */
export const GROUP_MAP_LAYOUT = {
  gridTop: 130,
  headerHeight: 36,
  rowHeight: 38,
  cellHeight: 28,
  label: PADDING,
  labelWidth: 190,
  cellsLeft: 236,
  cellsRight: GROUP_MAP_WIDTH - PADDING,
  cellGap: 6,
  lineHeight: 30,
} as const;
const L = GROUP_MAP_LAYOUT;
const STUCK_COLOUR = "#ff9f5a";

const DISTRIBUTION_ROWS: readonly { readonly key: keyof GroupMapSpread; readonly colour: string }[] = [
  { key: "finished", colour: PALETTE.complete },
  { key: "overHalf", colour: PALETTE.accent },
  { key: "started", colour: "#5d68b3" },
  { key: "notStarted", colour: PALETTE.track },
];

/**
 * The boxes the picture's words fit in (`fitLabel` shrinks to `minSize`, then cuts): a level's
 * name in the label column, and each of the legend's four entries in a quarter of the width,
 * less its swatch and gaps. Exported so a test holds every language's words to them.
 */
export const GROUP_MAP_LABEL_BOXES = {
  level: { width: L.labelWidth, size: 20, minSize: 13, weight: 700 },
  legend: { width: (GROUP_MAP_WIDTH - 2 * PADDING) / 4 - 48, size: 16, minSize: 12 },
} as const;
const LEVEL_LABEL = GROUP_MAP_LABEL_BOXES.level;
const LEGEND_LABEL = GROUP_MAP_LABEL_BOXES.legend;
/** The lines under the grid: the hidden note and where members are stuck. */
const LINE_SIZE = { size: 18, minSize: 13 } as const;

function rowCount(view: GroupMapView): number {
  return view.kind === "members" ? view.rows.length : DISTRIBUTION_ROWS.length;
}

/** The picture's height: it grows with its rows and lines, so a small group has no empty space. */
export function groupMapHeight(input: GroupMapImageInput): number {
  const lines = (input.labels.hiddenNote ? 1 : 0) + Math.min(MAX_STUCK_LINES, input.stuck.length) + (input.view.kind === "members" ? 1 : 0);
  return L.gridTop + L.headerHeight + Math.max(1, rowCount(input.view)) * L.rowHeight + lines * L.lineHeight + 24;
}

/** The left edge and width of a section's column. */
export function groupMapColumn(index: number, sectionCount: number): { x: number; width: number } {
  const count = Math.max(1, sectionCount);
  const width = (L.cellsRight - L.cellsLeft - L.cellGap * (count - 1)) / count;
  return { x: L.cellsLeft + index * (width + L.cellGap), width };
}

/** The vertical middle of grid row `row` (0 = first member or level). */
export function groupMapRowMiddle(row: number): number {
  return L.gridTop + L.headerHeight + row * L.rowHeight + L.rowHeight / 2;
}

/** A PNG of where the group is on a stage: sections across, members (or levels) down, coloured by completion. */
export async function renderGroupMap(input: GroupMapImageInput): Promise<Buffer> {
  registerPictureFonts();
  const height = groupMapHeight(input);
  const canvas = createCanvas(GROUP_MAP_WIDTH, height);
  const ctx = canvas.getContext("2d");
  drawCardBackground(ctx, GROUP_MAP_WIDTH, height);
  drawHeader(ctx, input);
  drawColumnHeads(ctx, input);
  if (input.view.kind === "members") drawMemberRows(ctx, input, input.view);
  else drawDistributionRows(ctx, input, input.view.spread);

  let y = L.gridTop + L.headerHeight + Math.max(1, rowCount(input.view)) * L.rowHeight + L.lineHeight / 2 + 4;
  const note = input.labels.hiddenNote;
  if (note) {
    drawLine(ctx, note, y, PALETTE.muted);
    y += L.lineHeight;
  }
  for (const line of input.labels.stuckLines.slice(0, Math.min(MAX_STUCK_LINES, input.stuck.length))) {
    drawStuckMarker(ctx, PADDING + 6, y);
    drawLine(ctx, oneLine(line), y, PALETTE.text, PADDING + 22);
    y += L.lineHeight;
  }
  if (input.view.kind === "members") drawLegend(ctx, y, input.labels.legend);
  return canvas.encode("png");
}

function drawHeader(ctx: SKRSContext2D, input: GroupMapImageInput): void {
  const maxWidth = GROUP_MAP_WIDTH - 2 * PADDING;
  ctx.textAlign = "left";
  ctx.textBaseline = "alphabetic";
  ctx.fillStyle = PALETTE.text;
  ctx.font = pictureFont(34, 700);
  ctx.fillText(fitText(ctx, oneLine(input.title), maxWidth), PADDING, 60);
  ctx.fillStyle = PALETTE.muted;
  ctx.font = pictureFont(22);
  ctx.fillText(fitText(ctx, oneLine(input.subtitle), maxWidth), PADDING, 96);
}

function drawColumnHeads(ctx: SKRSContext2D, input: GroupMapImageInput): void {
  const stuckSections = new Set(input.stuck.slice(0, MAX_STUCK_LINES).map((s) => s.section));
  const middle = L.gridTop + L.headerHeight / 2;
  input.sections.forEach((section, index) => {
    const column = groupMapColumn(index, input.sections.length);
    const stuck = stuckSections.has(section.number);
    // A narrow column has no room for the pause sign: its number alone turns the stuck colour.
    const marker = stuck && column.width >= 40;
    const room = column.width - (marker ? 16 : 4);
    ctx.font = pictureFont(column.width < 40 ? 14 : 18, 700);
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillStyle = stuck ? STUCK_COLOUR : PALETTE.muted;
    // Narrow columns drop the stage's part of the number ("3.12" → "12"): the title says the stage.
    const number = ctx.measureText(section.number).width <= room ? section.number : (section.number.split(".").at(-1) ?? section.number);
    const label = fitText(ctx, number, room);
    const centre = column.x + column.width / 2 - (marker ? 8 : 0);
    ctx.fillText(label, centre, middle);
    if (marker) drawStuckMarker(ctx, centre + ctx.measureText(label).width / 2 + 10, middle);
  });
}

/** A member's cell: the track when nothing is done, brighter as more is, green when finished. */
export function completionColour(fraction: number): string {
  const f = clampFraction(fraction);
  if (f >= 1) return PALETTE.complete;
  if (f === 0) return PALETTE.track;
  return mix(PALETTE.track, PALETTE.accent, 0.3 + 0.7 * f);
}

function drawMemberRows(ctx: SKRSContext2D, input: GroupMapImageInput, view: Extract<GroupMapView, { kind: "members" }>): void {
  if (view.rows.length === 0) {
    drawLine(ctx, input.labels.nobody, groupMapRowMiddle(0), PALETTE.muted);
    return;
  }
  view.rows.forEach((row, index) => {
    const middle = groupMapRowMiddle(index);
    drawRowLabel(ctx, row.displayName, middle);
    input.sections.forEach((section, column) => {
      const done = row.done[column] ?? 0;
      const fraction = section.items > 0 ? done / section.items : 0;
      const text = done === 0 ? "" : `${Math.floor(clampFraction(fraction) * 100)}%`;
      drawCell(ctx, column, input.sections.length, middle, completionColour(fraction), text, fraction >= 0.5);
    });
  });
}

function drawDistributionRows(ctx: SKRSContext2D, input: GroupMapImageInput, spread: readonly GroupMapSpread[]): void {
  const members = spread[0] ? spread[0].finished + spread[0].overHalf + spread[0].started + spread[0].notStarted : 0;
  const compact = new Intl.NumberFormat(input.labels.language, { notation: "compact", maximumFractionDigits: 1 });
  DISTRIBUTION_ROWS.forEach((level, index) => {
    const middle = groupMapRowMiddle(index);
    drawLevelLabel(ctx, input.labels.levels[level.key], middle);
    input.sections.forEach((_, column) => {
      const count = spread[column]?.[level.key] ?? 0;
      const share = members > 0 ? count / members : 0;
      // The colour says the level, its strength the share of the group at that level.
      const colour = count === 0 ? PALETTE.track : mix(PALETTE.track, level.colour, 0.25 + 0.75 * share);
      drawCell(ctx, column, input.sections.length, middle, colour, compact.format(count), share >= 0.5 && level.key !== "notStarted");
    });
  });
}

function drawRowLabel(ctx: SKRSContext2D, label: string, middle: number): void {
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  ctx.fillStyle = PALETTE.text;
  ctx.font = pictureFont(20, 700);
  ctx.fillText(fitText(ctx, oneLine(label), L.labelWidth), L.label, middle);
}

function drawLevelLabel(ctx: SKRSContext2D, label: string, middle: number): void {
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  ctx.fillStyle = PALETTE.text;
  ctx.fillText(fitLabel(ctx, label, LEVEL_LABEL), L.label, middle);
}

function drawCell(ctx: SKRSContext2D, column: number, columns: number, middle: number, colour: string, text: string, darkText: boolean): void {
  const { x, width } = groupMapColumn(column, columns);
  fillRoundedRect(ctx, { x, y: middle - L.cellHeight / 2, width, height: L.cellHeight, radius: 6 }, colour);
  if (!text || width < 30) return;
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.fillStyle = darkText ? PALETTE.background : PALETTE.text;
  ctx.font = pictureFont(16, 700);
  ctx.fillText(fitText(ctx, text, width - 4), x + width / 2, middle + 1);
}

function drawLine(ctx: SKRSContext2D, text: string, middle: number, colour: string, x = PADDING): void {
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  ctx.fillStyle = colour;
  ctx.fillText(fitLabel(ctx, text, { width: GROUP_MAP_WIDTH - PADDING - x, ...LINE_SIZE }), x, middle);
}

/** A pause sign in the stuck colour: where members stopped. */
function drawStuckMarker(ctx: SKRSContext2D, centreX: number, middle: number): void {
  ctx.fillStyle = STUCK_COLOUR;
  ctx.fillRect(centreX - 5, middle - 7, 4, 14);
  ctx.fillRect(centreX + 1, middle - 7, 4, 14);
}

function drawLegend(ctx: SKRSContext2D, middle: number, legend: GroupMapLabels["legend"]): void {
  let x = PADDING;
  const entries = [[legend.notStarted, 0], [legend.inProgress, 0.4], [legend.overHalf, 0.8], [legend.finished, 1]] as const;
  for (const [text, fraction] of entries) {
    fillRoundedRect(ctx, { x, y: middle - 8, width: 16, height: 16, radius: 4 }, completionColour(fraction));
    x += 24;
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    ctx.fillStyle = PALETTE.muted;
    const label = fitLabel(ctx, text, LEGEND_LABEL);
    ctx.fillText(label, x, middle);
    x += ctx.measureText(label).width + 24;
  }
}

/** `from` moved towards `to` by `amount` (0..1), as a hex colour. */
function mix(from: string, to: string, amount: number): string {
  const channels = (hex: string) => [1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16));
  const a = channels(from);
  const b = channels(to);
  const t = clampFraction(amount);
  return `#${a.map((value, i) => Math.round(value + ((b[i] ?? value) - value) * t).toString(16).padStart(2, "0")).join("")}`;
}
