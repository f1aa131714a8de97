import { escapeMarkdown } from "discord.js";

/** Bidirectional embeddings, overrides and isolates: echoed, they would reverse the rest of our line. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** Makes member-provided text safe to echo: no markdown tricks, no mention syntax, no bidi overrides, bounded length. */
export function safeText(text: string, max: number): string {
  const escaped = escapeMarkdown(text.replace(BIDI_CONTROLS, "").replace(/[\r\n]+/g, " ")).replace(/@/g, "@\u200b");
  return truncate(escaped, max);
}

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
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
