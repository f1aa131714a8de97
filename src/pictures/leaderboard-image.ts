import { createCanvas, type SKRSContext2D } from "@napi-rs/canvas";
import { drawBar, drawCardBackground, fitText, oneLine, PALETTE } from "./drawing.ts";
import { pictureFont, registerPictureFonts } from "./fonts.ts";

export interface LeaderboardImageEntry {
  readonly rank: number;
  readonly displayName: string;
  readonly score: number;
  /** Whole percent of the roadmap done. */
  readonly overallPercent: number;
}

export interface LeaderboardImageInput {
  readonly title: string;
  /** The top ten; more are cut, since the picture has room for ten rows. */
  readonly entries: readonly LeaderboardImageEntry[];
  readonly subtitle?: string;
}

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
    drawEmptyMessage(ctx);
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
  ctx.font = pictureFont(38, 700);
  ctx.fillText(fitText(ctx, oneLine(input.title), maxWidth), PADDING, 64);
  if (input.subtitle) {
    ctx.fillStyle = PALETTE.muted;
    ctx.font = pictureFont(24);
    ctx.fillText(fitText(ctx, oneLine(input.subtitle), maxWidth), PADDING, 102);
  }
  if (!withColumnLabels) return;
  ctx.fillStyle = PALETTE.muted;
  ctx.font = pictureFont(20, 700);
  ctx.textAlign = "right";
  ctx.fillText("ITEMS", LEADERBOARD_LAYOUT.scoreRight, 138);
  ctx.fillText("OVERALL", LEADERBOARD_LAYOUT.percentRight, 138);
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
  ctx.fillText(`${entry.overallPercent}%`, LEADERBOARD_LAYOUT.percentRight, middle);
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

function drawEmptyMessage(ctx: SKRSContext2D): void {
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  ctx.fillStyle = PALETTE.muted;
  ctx.font = pictureFont(24);
  ctx.fillText("Nobody has checked an item in this period yet.", PADDING, HEADER_HEIGHT + ROW_HEIGHT / 2);
}
