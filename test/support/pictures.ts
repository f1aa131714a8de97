import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createCanvas, loadImage } from "@napi-rs/canvas";
import { expect } from "vitest";
import { PALETTE } from "../../src/pictures/drawing.ts";
import { pictureFont } from "../../src/pictures/fonts.ts";

// Run `UPDATE_REFERENCES=1 npx vitest run test/pictures` after an intended change of look, then
// look at the new references before keeping them.
const UPDATE_REFERENCES = process.env.UPDATE_REFERENCES === "1";
const REFERENCE_DIR = new URL("../pictures/reference/", import.meta.url);

export interface Pixels {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

export async function decode(png: Buffer): Promise<Pixels> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(image, 0, 0);
  return { width: image.width, height: image.height, data: ctx.getImageData(0, 0, image.width, image.height).data };
}

/** Width and height from the PNG's IHDR chunk, read without decoding the picture. */
export function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.toString("latin1", 12, 16)).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export function pixelAt(pixels: Pixels, x: number, y: number): [number, number, number] {
  const i = (Math.round(y) * pixels.width + Math.round(x)) * 4;
  return [pixels.data[i] ?? 0, pixels.data[i + 1] ?? 0, pixels.data[i + 2] ?? 0];
}

export function distinctColours(pixels: Pixels): number {
  const colours = new Set<number>();
  for (let i = 0; i < pixels.data.length; i += 4) {
    colours.add(((pixels.data[i] ?? 0) << 16) | ((pixels.data[i + 1] ?? 0) << 8) | (pixels.data[i + 2] ?? 0));
  }
  return colours.size;
}

export function rgb(hex: string): number[] {
  return [1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16));
}

export function isBackground(pixel: readonly number[]): boolean {
  const background = rgb(PALETTE.background);
  return pixel.every((channel, index) => Math.abs(channel - (background[index] ?? 0)) <= 4);
}

/** The fraction of pixels where some channel differs by more than `threshold` out of 255. */
export function differingFraction(a: Pixels, b: Pixels, threshold = 48): number {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let differing = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    for (let channel = 0; channel < 4; channel++) {
      if (Math.abs((a.data[i + channel] ?? 0) - (b.data[i + channel] ?? 0)) > threshold) {
        differing++;
        break;
      }
    }
  }
  return differing / (a.width * a.height);
}

export async function expectMatchesReference(png: Buffer, name: string): Promise<void> {
  const file = new URL(name, REFERENCE_DIR);
  if (UPDATE_REFERENCES || !existsSync(file)) {
    if (!UPDATE_REFERENCES) throw new Error(`No reference image ${name}: run with UPDATE_REFERENCES=1 to create it`);
    mkdirSync(REFERENCE_DIR, { recursive: true });
    writeFileSync(file, png);
    return;
  }
  const fraction = differingFraction(await decode(png), await decode(readFileSync(file)));
  expect(fraction).toBeLessThan(0.01);
}


/** A picture's label box: `fitLabel` shrinks a label down to `minSize` before it cuts it. */
export interface LabelBox {
  readonly width: number;
  readonly minSize: number;
  readonly weight?: 400 | 700;
}

/** The labels that would be cut: wider than their box even at its smallest font size. */
export function labelsTooWide(checks: readonly (readonly [string, LabelBox])[]): string[] {
  const ctx = createCanvas(10, 10).getContext("2d");
  return checks
    .filter(([label, box]) => {
      ctx.font = pictureFont(box.minSize, box.weight ?? 400);
      return ctx.measureText(label).width > box.width;
    })
    .map(([label]) => label);
}
