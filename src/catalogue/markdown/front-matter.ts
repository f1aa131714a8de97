/**
 * A page's YAML front matter (`---` lines around `language: pt-BR` at its very top): the roadmap's
 * own facts that Markdown has no place for. Read from the hub page; the block is blanked rather than
 * cut, so every line after it keeps its number (items' `source` lines point at the author's page).
 */
import { parseDocument } from "yaml";

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

export interface FrontMatter {
  /** The roadmap's language as written (the schema checks it is a language tag). */
  readonly language?: string;
}

export function readFrontMatter(text: string): { text: string; frontMatter: FrontMatter } {
  const match = FRONT_MATTER.exec(text);
  if (!match) return { text, frontMatter: {} };
  const blanked = match[0].replace(/[^\r\n]/g, "");
  const rest = blanked + text.slice(match[0].length);
  const parsed = parseDocument(match[1]!);
  // A block that is no mapping (a page opening with a rule, then text) is left to the page.
  const data: unknown = parsed.errors.length === 0 ? parsed.toJS() : undefined;
  if (typeof data !== "object" || data === null || Array.isArray(data)) return { text, frontMatter: {} };
  const language = (data as { language?: unknown }).language;
  return { text: rest, frontMatter: language === undefined || language === null ? {} : { language: String(language) } };
}
