import type { SKRSContext2D } from "@napi-rs/canvas";
import { pictureFont, type FontWeight } from "./fonts.ts";

/**
 * An opaque dark card with light text: Discord shows it on its dark and its light theme alike,
 * and every text colour here stays above a 4.5:1 contrast ratio on the background.
 */
export const PALETTE = {
  background: "#1c1f2e",
  border: "#343a55",
  text: "#f4f5fb",
  muted: "#b4bad3",
  track: "#363c57",
  accent: "#8c9bff",
  complete: "#4fd88a",
  gold: "#f5c542",
  silver: "#c9d1e0",
  bronze: "#e09a5c",
} as const;

export function fillRoundedRect(
  ctx: SKRSContext2D,
  rect: { x: number; y: number; width: number; height: number; radius: number },
  style: string,
): void {
  ctx.beginPath();
  ctx.roundRect(rect.x, rect.y, rect.width, rect.height, rect.radius);
  ctx.fillStyle = style;
  ctx.fill();
}

/** The card's background and a thin border, so it reads as a card on a light theme too. */
export function drawCardBackground(ctx: SKRSContext2D, width: number, height: number): void {
  ctx.fillStyle = PALETTE.background;
  ctx.fillRect(0, 0, width, height);
  ctx.strokeStyle = PALETTE.border;
  ctx.lineWidth = 2;
  ctx.strokeRect(1, 1, width - 2, height - 2);
}

export function drawBar(
  ctx: SKRSContext2D,
  bar: { x: number; y: number; width: number; height: number; fraction: number; colour: string },
): void {
  const radius = bar.height / 2;
  fillRoundedRect(ctx, { x: bar.x, y: bar.y, width: bar.width, height: bar.height, radius }, PALETTE.track);
  const fraction = clampFraction(bar.fraction);
  if (fraction === 0) return;
  // A sliver shorter than the bar's height would draw as a squashed dot, so it gets at least a full circle.
  const filled = Math.max(bar.height, bar.width * fraction);
  fillRoundedRect(ctx, { x: bar.x, y: bar.y, width: filled, height: bar.height, radius }, bar.colour);
}

export function clampFraction(fraction: number): number {
  if (!Number.isFinite(fraction)) return 0;
  return Math.min(1, Math.max(0, fraction));
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * The longest start of `text` that fits in `maxWidth`, with an ellipsis when cut. It cuts
 * between graphemes, so an emoji sequence or a letter with its accents is never split.
 */
export function fitText(ctx: SKRSContext2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  const parts = [...graphemes.segment(text)].map((part) => part.segment);
  let low = 0;
  let high = parts.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    const candidate = `${parts.slice(0, mid).join("").trimEnd()}…`;
    if (ctx.measureText(candidate).width <= maxWidth) low = mid;
    else high = mid - 1;
  }
  return `${parts.slice(0, low).join("").trimEnd()}…`;
}

/**
 * Member-chosen text on one line: control characters (new lines, bidi overrides and
 * isolates) could move or hide the rest of the picture, so they become spaces.
 */
export function oneLine(text: string): string {
  return text
    .replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * A label in its box: set in the largest font size from `size` down to `minSize` at which it
 * fits (the context's font is left at that size), cut with an ellipsis only if even that is too
 * wide. Translations run longer than English; this is how the longest of them still fit.
 */
export function fitLabel(
  ctx: SKRSContext2D,
  text: string,
  box: { width: number; size: number; minSize: number; weight?: FontWeight },
): string {
  for (let size = box.size; size >= box.minSize; size -= 1) {
    ctx.font = pictureFont(size, box.weight);
    if (ctx.measureText(text).width <= box.width) return text;
  }
  return fitText(ctx, text, box.width);
}
