import { createCanvas, type SKRSContext2D } from "@napi-rs/canvas";
import { drawBar, drawCardBackground, fitLabel, fitText, oneLine, PALETTE } from "./drawing.ts";
import { pictureFont, registerPictureFonts } from "./fonts.ts";

export interface LeaderboardImageEntry {
  readonly rank: number;
  readonly displayName: string;
  readonly score: number;
  /** Whole percent of the roadmap done. */
  readonly overallPercent: number;
  /** `overallPercent` written in the post's language ("37 %" in French); posts queued before it existed lack it. */
  readonly percentLabel?: string;
}

/** The picture's words, in the post's language: the worker has no translator. */
export interface LeaderboardImageLabels {
  /** Heads the score column. */
  readonly items: string;
  /** Heads the overall-percent column. */
  readonly overall: string;
  /** Shown instead of rows when nobody is ranked. */
  readonly empty: string;
}

export interface LeaderboardImageInput {
  readonly title: string;
  /** The top ten; more are cut, since the picture has room for ten rows. */
  readonly entries: readonly LeaderboardImageEntry[];
  readonly subtitle?: string;
  /** Posts queued before the picture was localised lack them: those are drawn with the English words. */
  readonly labels?: LeaderboardImageLabels;
}

/** The words of posts queued before the labels were sent along (English was all the bot spoke then). */
const QUEUED_BEFORE_LABELS: LeaderboardImageLabels = { items: "ITEMS", overall: "OVERALL", empty: "Nobody has checked an item in this period yet." };

export const LEADERBOARD_WIDTH = 800;
export const LEADERBOARD_MAX_ROWS = 10;

const PADDING = 32;
/** Where things are, exported so tests can find the bars. */
export const LEADERBOARD_LAYOUT = {
  headerHeight: 150,
  rowHeight: 54,
  barHeight: 20,
  rankCentre: 56,
  name: 92,
  nameWidth: 250,
  bar: 362,
  barWidth: 226,
  scoreRight: 656,
  percentRight: 768,
} as const;
const { headerHeight: HEADER_HEIGHT, rowHeight: ROW_HEIGHT } = LEADERBOARD_LAYOUT;

/**
 * The boxes the translated words must fit, exported so tests can hold every language to them.
 * The column heads sit above the rows: the score's may reach left over the bars' column, the
 * overall one only as far as the score column's right edge.
 */
export const LEADERBOARD_LABEL_BOXES = {
  title: { width: LEADERBOARD_WIDTH - 2 * PADDING, size: 38, minSize: 26, weight: 700 },
  items: { width: LEADERBOARD_LAYOUT.scoreRight - LEADERBOARD_LAYOUT.bar, size: 20, minSize: 13, weight: 700 },
  overall: { width: LEADERBOARD_LAYOUT.percentRight - LEADERBOARD_LAYOUT.scoreRight - 12, size: 20, minSize: 13, weight: 700 },
  empty: { width: LEADERBOARD_WIDTH - 2 * PADDING, size: 24, minSize: 16 },
} as const;
const MEDAL_COLOURS: readonly string[] = [PALETTE.gold, PALETTE.silver, PALETTE.bronze];

/** The image's height for a number of entries: it grows with the rows, so a short list has no empty space. */
export function leaderboardHeight(entryCount: number): number {
  const rows = Math.max(1, Math.min(LEADERBOARD_MAX_ROWS, entryCount));
  return HEADER_HEIGHT + rows * ROW_HEIGHT + 24;
}

/** A PNG of a leaderboard: one row per member, with a bar proportional to their score. */
export async function renderLeaderboardImage(input: LeaderboardImageInput): Promise<Buffer> {
  registerPictureFonts();
  const entries = input.entries.slice(0, LEADERBOARD_MAX_ROWS);
  const height = leaderboardHeight(entries.length);
  const canvas = createCanvas(LEADERBOARD_WIDTH, height);
  const ctx = canvas.getContext("2d");
  drawCardBackground(ctx, LEADERBOARD_WIDTH, height);
  drawHeader(ctx, input, entries.length > 0);

  if (entries.length === 0) {
    drawEmptyMessage(ctx, (input.labels ?? QUEUED_BEFORE_LABELS).empty);
    return canvas.encode("png");
  }
  const topScore = Math.max(...entries.map((entry) => entry.score));
  entries.forEach((entry, index) => drawRow(ctx, entry, index, topScore));
  return canvas.encode("png");
}

function drawHeader(ctx: SKRSContext2D, input: LeaderboardImageInput, withColumnLabels: boolean): void {
  const maxWidth = LEADERBOARD_WIDTH - 2 * PADDING;
  ctx.textAlign = "left";
  ctx.textBaseline = "alphabetic";
  ctx.fillStyle = PALETTE.text;
  ctx.fillText(fitLabel(ctx, oneLine(input.title), LEADERBOARD_LABEL_BOXES.title), PADDING, 64);
  if (input.subtitle) {
    ctx.fillStyle = PALETTE.muted;
    ctx.font = pictureFont(24);
    ctx.fillText(fitText(ctx, oneLine(input.subtitle), maxWidth), PADDING, 102);
  }
  if (!withColumnLabels) return;
  const labels = input.labels ?? QUEUED_BEFORE_LABELS;
  ctx.fillStyle = PALETTE.muted;
  ctx.textAlign = "right";
  ctx.fillText(fitLabel(ctx, oneLine(labels.items), LEADERBOARD_LABEL_BOXES.items), LEADERBOARD_LAYOUT.scoreRight, 138);
  ctx.fillText(fitLabel(ctx, oneLine(labels.overall), LEADERBOARD_LABEL_BOXES.overall), LEADERBOARD_LAYOUT.percentRight, 138);
}

function drawRow(ctx: SKRSContext2D, entry: LeaderboardImageEntry, index: number, topScore: number): void {
  const top = HEADER_HEIGHT + index * ROW_HEIGHT;
  const middle = top + ROW_HEIGHT / 2;
  // Striped by position, not rank: tied ranks would otherwise stripe two rows in a row.
  if (index % 2 === 1) {
    ctx.fillStyle = "rgba(255, 255, 255, 0.04)";
    ctx.fillRect(PADDING / 2, top, LEADERBOARD_WIDTH - PADDING, ROW_HEIGHT);
  }
  drawRank(ctx, entry.rank, middle);

  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  ctx.fillStyle = PALETTE.text;
  ctx.font = pictureFont(26, 700);
  ctx.fillText(fitText(ctx, oneLine(entry.displayName), LEADERBOARD_LAYOUT.nameWidth), LEADERBOARD_LAYOUT.name, middle);

  const fraction = topScore > 0 ? entry.score / topScore : 0;
  const colour = MEDAL_COLOURS[entry.rank - 1] ?? PALETTE.accent;
  const { bar: x, barWidth: width, barHeight: height } = LEADERBOARD_LAYOUT;
  drawBar(ctx, { x, y: middle - height / 2, width, height, fraction, colour });

  ctx.textAlign = "right";
  ctx.fillStyle = PALETTE.text;
  ctx.font = pictureFont(26, 700);
  ctx.fillText(String(entry.score), LEADERBOARD_LAYOUT.scoreRight, middle);
  ctx.fillStyle = PALETTE.muted;
  ctx.font = pictureFont(24);
  ctx.fillText(entry.percentLabel ?? `${entry.overallPercent}%`, LEADERBOARD_LAYOUT.percentRight, middle);
}

/** The top three get a medal-coloured disc; the rest a plain number. */
function drawRank(ctx: SKRSContext2D, rank: number, middle: number): void {
  const medal = MEDAL_COLOURS[rank - 1];
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  if (medal) {
    ctx.beginPath();
    ctx.arc(LEADERBOARD_LAYOUT.rankCentre, middle, 19, 0, Math.PI * 2);
    ctx.fillStyle = medal;
    ctx.fill();
    ctx.fillStyle = PALETTE.background;
  } else {
    ctx.fillStyle = PALETTE.muted;
  }
  ctx.font = pictureFont(rank > 99 ? 18 : 24, 700);
  ctx.fillText(String(rank), LEADERBOARD_LAYOUT.rankCentre, middle + 1);
}

function drawEmptyMessage(ctx: SKRSContext2D, message: string): void {
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  ctx.fillStyle = PALETTE.muted;
  ctx.fillText(fitLabel(ctx, oneLine(message), LEADERBOARD_LABEL_BOXES.empty), PADDING, HEADER_HEIGHT + ROW_HEIGHT / 2);
}
