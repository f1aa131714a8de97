import { transliterate } from "./transliterate.ts";

/** Emoji and the invisible characters that glue them together (variation selectors, ZWJ, keycaps). */
const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u{FE0E}\u{FE0F}\u{200D}\u{20E3}]/gu;

export function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

export function stripEmoji(text: string): string {
  return collapseSpaces(text.replace(EMOJI, " "));
}

export function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Cuts text to at most `maxLength` characters on a word boundary, ending with "…". */
export function cutOnWordBoundary(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const room = text.slice(0, maxLength - 1);
  const lastSpace = room.lastIndexOf(" ");
  let cut = lastSpace >= maxLength / 2 ? room.slice(0, lastSpace) : room;
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.replace(/[\s,;:.\-–—(]+$/u, "")}…`;
}

export const MAX_SLUG = 48;

/** Lower-case kebab-case ASCII slug (transliterated), cut on a word boundary to at most `maxLength`. */
export function slugify(text: string, maxLength = MAX_SLUG): string {
  const slug = transliterate(text).trim().replace(/\s+/g, "-");
  return cutSlug(slug, maxLength);
}

export function cutSlug(slug: string, maxLength: number): string {
  if (slug.length <= maxLength) return slug;
  const lastHyphen = slug.slice(0, maxLength + 1).lastIndexOf("-");
  const cut = lastHyphen > 0 ? slug.slice(0, lastHyphen) : slug.slice(0, maxLength);
  return cut.replace(/-+$/, "");
}

/** The words of a title for comparing titles: no emoji, numbering, counts or parentheses. */
export function titleWords(text: string): string[] {
  const bare = withoutParentheses(text).replace(/^\s*\d+(?:\.\d+)*\.?\s+/, " ");
  return transliterate(bare).split(" ").filter((word) => word.length > 0);
}

/** Drops "(…)" groups; a scan rather than a regex, so an unclosed "(" costs nothing extra. */
export function withoutParentheses(text: string): string {
  let depth = 0;
  let out = "";
  for (const character of text) {
    if (character === "(") depth++;
    else if (character === ")" && depth > 0) depth--;
    else if (depth === 0) out += character;
  }
  return depth > 0 ? text : out;
}
