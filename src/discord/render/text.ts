import { escapeMarkdown } from "discord.js";
import type { Translator } from "../../i18n/translator.ts";

/** Bidirectional embeddings, overrides and isolates: echoed, they would reverse the rest of our line. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

function flatten(text: string): string {
  return text.replace(BIDI_CONTROLS, "").replace(/[\r\n]+/g, " ");
}

/**
 * Markdown shown as typed: formatting escaped, and brackets too, since discord.js's escaping leaves
 * masked links (`[text](address)`) alone; mentions broken by a zero-width space.
 */
function literal(text: string): string {
  return escapeMarkdown(flatten(text)).replace(/[[\]]/g, "\\$&").replace(/@/g, "@\u200b");
}

/** Member-provided text shown as typed, with no length bound (the i18n layer escapes message values with it). */
export function escapeText(text: string): string {
  return literal(text);
}

/** Makes member-provided text safe to echo: no markdown tricks, no mention syntax, no bidi overrides, bounded length. */
export function safeText(text: string, max: number): string {
  return truncate(literal(text), max);
}

/** A web address as typed: it has no brackets, so it cannot be part of a masked link. */
const BARE_URL = /https?:\/\/[^\s<>[\]]+/g;

/**
 * A member's note, safe to show where others read it: like `safeText`, except that bare web
 * addresses stay untouched so they still work. Every bracket outside them is escaped, so no masked
 * link can form: the text a reader sees of a link is always the address it goes to.
 */
export function noteText(note: string, max: number): string {
  const flat = flatten(note);
  let shown = "";
  let from = 0;
  for (const match of flat.matchAll(BARE_URL)) {
    shown += literal(flat.slice(from, match.index)) + match[0];
    from = match.index + match[0].length;
  }
  return truncate(shown + literal(flat.slice(from)), max);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * At most `max` UTF-16 units (Discord's limits count those), cut between grapheme clusters so an
 * emoji, a flag or a letter with its accents is never split (half a surrogate pair is invalid text).
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const budget = Math.max(0, max - 1);
  let end = 0;
  // Segmenting is lazy: only the graphemes up to the cut are visited.
  for (const { segment, index } of graphemes.segment(text)) {
    if (index + segment.length > budget) break;
    end = index + segment.length;
  }
  return `${text.slice(0, end).trimEnd()}…`;
}

/** " · page 2/3" for a footer; nothing for a one-page answer, which has no pages to speak of. */
export function pageMark(page: number, pageCount: number, t: Translator): string {
  if (pageCount <= 1) return "";
  return t.plain("common:pager.page", { page: page + 1, count: pageCount });
}

export function progressBar(done: number, total: number, width = 12): string {
  const filled = total === 0 ? 0 : Math.round((done / total) * width);
  return `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
}

export function percent(done: number, total: number): number {
  return total === 0 ? 0 : Math.floor((done * 100) / total);
}

/** A Discord timestamp: each reader sees it in their own time zone. */
export function discordTime(date: Date, style: "D" | "R" | "f" | "F" | "d" = "D"): string {
  return `<t:${Math.floor(date.getTime() / 1000)}:${style}>`;
}

/** A `YYYY-MM-DD` calendar date as a Discord date (midday UTC, so every time zone shows the same day). */
export function calendarDate(date: string): string {
  return discordTime(new Date(`${date}T12:00:00Z`), "D");
}

export const COLOURS = {
  brand: 0x5865f2,
  success: 0x57f287,
  warning: 0xfee75c,
  danger: 0xed4245,
} as const;

/**
 * Member-provided text (a file name) for a message's code span, which reads no markdown: only a
 * backtick could end the span, so it is replaced; a line break would too, so lines are joined.
 */
export function codeSpanText(text: string, max = 60): string {
  return truncate(flatten(text).replaceAll("`", "'"), max);
}
