import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { GlobalFonts } from "@napi-rs/canvas";

/**
 * Our own family names, so a font of the same name installed on the host can never be picked
 * instead of the files we ship: the pictures look the same on every machine.
 */
export const FONT_FAMILIES = {
  latin: "Roadmap Noto Sans",
  arabic: "Roadmap Noto Sans Arabic",
  devanagari: "Roadmap Noto Sans Devanagari",
  emoji: "Roadmap Noto Color Emoji",
  cjk: "Roadmap Noto Sans SC",
} as const;

export type FontWeight = 400 | 700;

interface FontSource {
  readonly family: string;
  readonly packageName: string;
  readonly weights: readonly FontWeight[];
  /** Only these unicode-range slices (fontsource names them in the file name); all when absent. */
  readonly subsets?: readonly string[];
}

const FONT_SOURCES: readonly FontSource[] = [
  { family: FONT_FAMILIES.latin, packageName: "@fontsource/noto-sans", weights: [400, 700] },
  { family: FONT_FAMILIES.arabic, packageName: "@fontsource/noto-sans-arabic", weights: [400, 700] },
  // Hindi. Its Latin slices are left out: Noto Sans draws Latin for every script.
  { family: FONT_FAMILIES.devanagari, packageName: "@fontsource/noto-sans-devanagari", weights: [400, 700], subsets: ["devanagari"] },
  { family: FONT_FAMILIES.emoji, packageName: "@fontsource/noto-color-emoji", weights: [400] },
  { family: FONT_FAMILIES.cjk, packageName: "@fontsource/noto-sans-sc", weights: [400, 700] },
];

/**
 * The order in which a character looks for a glyph. Latin comes first so digits and
 * punctuation keep one look; emoji comes before CJK because Noto Sans SC carries a few
 * monochrome emoji of its own. Noto Sans SC also draws Japanese kana (and kanji, in their
 * Chinese shapes: close enough for labels, and one CJK font instead of two).
 */
const FALLBACK_ORDER = [FONT_FAMILIES.latin, FONT_FAMILIES.arabic, FONT_FAMILIES.devanagari, FONT_FAMILIES.emoji, FONT_FAMILIES.cjk];

/** The one piece of module state: registering twice would only waste memory, so it is done once. */
let registered = false;

/**
 * Registers the fonts shipped in the @fontsource packages. fontsource splits each font into
 * unicode-range slices; every slice is registered under the same family name and Skia picks
 * the slice that holds each character.
 */
export function registerPictureFonts(): void {
  if (registered) return;
  const require = createRequire(import.meta.url);
  for (const source of FONT_SOURCES) {
    const filesDir = join(dirname(require.resolve(`${source.packageName}/package.json`)), "files");
    const files = fontFiles(filesDir, source);
    if (files.length === 0) throw new Error(`No font files of ${source.packageName} found in ${filesDir}`);
    for (const file of files) {
      const key = GlobalFonts.registerFromPath(join(filesDir, file), source.family);
      if (!key) throw new Error(`Could not register font file ${join(filesDir, file)}`);
    }
  }
  registered = true;
}

function fontFiles(filesDir: string, source: FontSource): string[] {
  const weights = source.weights.join("|");
  const subsets = source.subsets ? `-(${source.subsets.join("|")})` : "";
  // woff2 rather than woff: the same glyphs in about two thirds of the bytes.
  const pattern = new RegExp(`${subsets}-(${weights})-normal\\.woff2$`);
  return readdirSync(filesDir)
    .filter((file) => pattern.test(file))
    .sort();
}

/** A CSS font shorthand with the full fallback list, so names in any covered script render. */
export function pictureFont(sizePx: number, weight: FontWeight = 400): string {
  const families = FALLBACK_ORDER.map((family) => `"${family}"`).join(", ");
  return `${weight === 700 ? "bold" : "normal"} ${sizePx}px ${families}`;
}
