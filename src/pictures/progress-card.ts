import { createCanvas, type SKRSContext2D } from "@napi-rs/canvas";
import { clampFraction, drawBar, drawCardBackground, fillRoundedRect, fitLabel, fitText, oneLine, PALETTE } from "./drawing.ts";
import { pictureFont, registerPictureFonts } from "./fonts.ts";

export interface ProgressCardStage {
  /** "Stage 1", in the reader's language. */
  readonly label: string;
  readonly title: string;
  readonly done: number;
  readonly total: number;
  readonly level: string;
  readonly complete: boolean;
}

export interface ProgressCardInput {
  readonly displayName: string;
  /** Whole percent of the roadmap done. */
  readonly percent: number;
  readonly stages: readonly ProgressCardStage[];
  /** "Job-Ready" when stage 2 is done, "Senior" when stage 3 is done. */
  readonly levelLabel: string | undefined;
  readonly roadmapTitle: string;
  /** The card's words, already in the reader's language (the worker has no translator). */
  readonly labels: ProgressCardLabels;
}

export interface ProgressCardLabels {
  /** The whole percentage in the ring ("37%", "37 %" in French). */
  readonly percent: string;
  /** "12 / 340 items" under the ring. */
  readonly items: string;
  /** "Pace: 2.5 items a week". */
  readonly pace: string;
  /** "last 4 weeks", after the pace. */
  readonly paceWindow: string;
}

export const PROGRESS_CARD_SIZE = { width: 800, height: 400 } as const;

const PADDING = 32;
/** The overall ring, exported so tests can find it. */
export const PROGRESS_RING = { centreX: 142, centreY: 238, radius: 84, lineWidth: 24 } as const;
const STAGES_AREA = { x: 278, top: 140, bottom: 322 } as const;

/** The boxes the translated labels must fit in (exported so tests can check each language's longest). */
export const PROGRESS_CARD_LABEL_BOXES = {
  /** Inside the ring. */
  percent: { width: 2 * (PROGRESS_RING.radius - PROGRESS_RING.lineWidth / 2) - 12, size: 48, minSize: 30, weight: 700 },
  /** Under the ring, within the card's left column. */
  items: { width: 2 * (PROGRESS_RING.centreX - PADDING), size: 24, minSize: 16 },
  /** The pace line under the stages. */
  pace: { width: PROGRESS_CARD_SIZE.width - PADDING - STAGES_AREA.x, size: 24, minSize: 16, weight: 700 },
} as const;

/** A PNG of a member's progress: the overall ring, one bar per stage, their level and pace. */
export async function renderProgressCard(input: ProgressCardInput): Promise<Buffer> {
  registerPictureFonts();
  const { width, height } = PROGRESS_CARD_SIZE;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext("2d");
  drawCardBackground(ctx, width, height);
  const badgeWidth = drawLevelBadge(ctx, input.levelLabel);
  drawHeader(ctx, input, badgeWidth);
  drawOverallRing(ctx, input);
  drawStages(ctx, input.stages);
  drawPace(ctx, input.labels);
  return canvas.encode("png");
}

function drawHeader(ctx: SKRSContext2D, input: ProgressCardInput, badgeWidth: number): void {
  const nameWidth = PROGRESS_CARD_SIZE.width - 2 * PADDING - (badgeWidth > 0 ? badgeWidth + 20 : 0);
  ctx.textAlign = "left";
  ctx.textBaseline = "alphabetic";
  ctx.fillStyle = PALETTE.text;
  ctx.font = pictureFont(40, 700);
  ctx.fillText(fitText(ctx, oneLine(input.displayName), nameWidth), PADDING, 66);

  ctx.fillStyle = PALETTE.muted;
  ctx.font = pictureFont(24);
  const titleWidth = PROGRESS_CARD_SIZE.width - 2 * PADDING;
  ctx.fillText(fitText(ctx, oneLine(input.roadmapTitle), titleWidth), PADDING, 104);
}

/** Draws the level pill at the top right; returns its width (0 when there is no level yet). */
function drawLevelBadge(ctx: SKRSContext2D, levelLabel: string | undefined): number {
  if (!levelLabel) return 0;
  ctx.font = pictureFont(24, 700);
  const label = fitText(ctx, oneLine(levelLabel), 220);
  const width = ctx.measureText(label).width + 36;
  const x = PROGRESS_CARD_SIZE.width - PADDING - width;
  fillRoundedRect(ctx, { x, y: 30, width, height: 44, radius: 22 }, PALETTE.gold);
  ctx.fillStyle = PALETTE.background;
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.fillText(label, x + width / 2, 53);
  return width;
}

function drawOverallRing(ctx: SKRSContext2D, input: ProgressCardInput): void {
  const { centreX, centreY, radius, lineWidth } = PROGRESS_RING;
  const start = -Math.PI / 2;
  ctx.lineCap = "round";
  ctx.lineWidth = lineWidth;
  ctx.strokeStyle = PALETTE.track;
  ctx.beginPath();
  ctx.arc(centreX, centreY, radius, 0, Math.PI * 2);
  ctx.stroke();

  const fraction = clampFraction(input.percent / 100);
  if (fraction > 0) {
    ctx.strokeStyle = fraction >= 1 ? PALETTE.complete : PALETTE.accent;
    ctx.beginPath();
    ctx.arc(centreX, centreY, radius, start, start + Math.PI * 2 * fraction);
    ctx.stroke();
  }

  ctx.fillStyle = PALETTE.text;
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  const percent = fitLabel(ctx, oneLine(input.labels.percent), PROGRESS_CARD_LABEL_BOXES.percent);
  ctx.fillText(percent, centreX, centreY + 2);

  ctx.fillStyle = PALETTE.muted;
  ctx.textBaseline = "alphabetic";
  const items = fitLabel(ctx, oneLine(input.labels.items), PROGRESS_CARD_LABEL_BOXES.items);
  ctx.fillText(items, centreX, 372);
}

function drawStages(ctx: SKRSContext2D, stages: readonly ProgressCardStage[]): void {
  if (stages.length === 0) return;
  const right = PROGRESS_CARD_SIZE.width - PADDING;
  const rowHeight = (STAGES_AREA.bottom - STAGES_AREA.top) / stages.length;
  // Three stages get big type; a longer roadmap shrinks it rather than spilling off the card.
  const fontSize = Math.max(14, Math.min(25, Math.floor(rowHeight * 0.45)));
  const barHeight = Math.max(6, Math.min(16, Math.floor(rowHeight * 0.24)));
  const barGap = Math.max(4, Math.min(10, Math.round(rowHeight * 0.16)));

  stages.forEach((stage, index) => {
    const top = STAGES_AREA.top + index * rowHeight;
    const colour = stage.complete ? PALETTE.complete : PALETTE.accent;
    const count = `${stage.done}/${stage.total}`;

    ctx.textBaseline = "alphabetic";
    ctx.font = pictureFont(fontSize, 700);
    ctx.textAlign = "right";
    ctx.fillStyle = stage.complete ? PALETTE.complete : PALETTE.text;
    ctx.fillText(count, right, top + fontSize);
    const countWidth = ctx.measureText(count).width;

    ctx.textAlign = "left";
    ctx.fillStyle = PALETTE.text;
    // A long word for "Stage" shrinks to at most a third of the row; the title gets the rest.
    const maxHeading = (right - STAGES_AREA.x) / 3;
    const heading = `${fitText(ctx, oneLine(stage.label), maxHeading)} · `;
    ctx.fillText(heading, STAGES_AREA.x, top + fontSize);
    const headingWidth = ctx.measureText(heading).width;
    // The title is in the regular weight so more of it fits before the count.
    ctx.font = pictureFont(fontSize);
    const titleWidth = right - STAGES_AREA.x - headingWidth - countWidth - 16;
    ctx.fillText(fitText(ctx, oneLine(stage.title), titleWidth), STAGES_AREA.x + headingWidth, top + fontSize);

    const fraction = stage.total === 0 ? 0 : stage.done / stage.total;
    drawBar(ctx, { x: STAGES_AREA.x, y: top + fontSize + barGap, width: right - STAGES_AREA.x, height: barHeight, fraction, colour });
  });
}

function drawPace(ctx: SKRSContext2D, labels: ProgressCardLabels): void {
  const { width } = PROGRESS_CARD_LABEL_BOXES.pace;
  ctx.textAlign = "left";
  ctx.textBaseline = "alphabetic";
  ctx.fillStyle = PALETTE.text;
  // The pace comes first and may take the whole line; the window after it shrinks, then goes.
  const value = fitLabel(ctx, oneLine(labels.pace), PROGRESS_CARD_LABEL_BOXES.pace);
  ctx.fillText(value, STAGES_AREA.x, 372);
  const valueWidth = ctx.measureText(value).width;
  const left = width - valueWidth;
  const window = fitLabel(ctx, ` · ${oneLine(labels.paceWindow)}`, { width: left, size: 24, minSize: 14 });
  if (left < 60 || window.endsWith("…")) return;
  ctx.fillStyle = PALETTE.muted;
  ctx.fillText(window, STAGES_AREA.x + valueWidth, 372);
}
