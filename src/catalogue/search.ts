import type { CatalogueItem } from "./catalogue.ts";

/** Lower-cases, folds compatibility forms and drops invisible characters so typed text compares fairly. */
export function normaliseQuery(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

interface IndexedItem {
  readonly item: CatalogueItem;
  readonly id: string;
  readonly aliases: readonly string[];
  readonly title: string;
  readonly words: readonly string[];
  readonly section: string;
  readonly sectionTitle: string;
}

export interface ItemSearch {
  /** Items ranked by how well they match the query; roadmap order breaks ties. */
  search(query: string, limit: number): CatalogueItem[];
  /** Items whose id, alias or title equals the text, ignoring case. */
  exactMatches(text: string): CatalogueItem[];
}

/** Prefixes this long and shorter are indexed: what members type into autocomplete. */
const INDEXED_PREFIX = 8;

export function buildItemSearch(items: readonly CatalogueItem[]): ItemSearch {
  const index: IndexedItem[] = items.map((item) => {
    const title = normaliseQuery(item.title);
    return {
      item,
      id: item.id,
      aliases: item.aliases,
      title,
      words: title.split(/[^\p{L}\p{N}]+/u).filter(Boolean),
      section: item.section,
      sectionTitle: normaliseQuery(item.sectionTitle),
    };
  });

  // Every entry whose title word, id or section number starts with a short prefix. Such
  // entries score at least 300, above anything a non-matching entry can score (at most 250),
  // so when there are enough of them the rest need not be scored at all.
  // Built on the first search, not at start-up, where the catalogue must load fast.
  let byPrefix: Map<string, IndexedItem[]> | undefined;
  function prefixIndex(): Map<string, IndexedItem[]> {
    if (byPrefix) return byPrefix;
    byPrefix = new Map();
    for (const entry of index) {
      const keys = new Set<string>();
      for (const word of [...entry.words, entry.id, entry.section]) {
        for (let length = 1; length <= Math.min(INDEXED_PREFIX, word.length); length++) keys.add(word.slice(0, length));
      }
      for (const key of keys) {
        const list = byPrefix.get(key);
        if (list) list.push(entry);
        else byPrefix.set(key, [entry]);
      }
    }
    return byPrefix;
  }

  function scoreToken(entry: IndexedItem, token: string): number {
    if (entry.id === token || entry.aliases.includes(token)) return 1000;
    if (entry.title === token) return 900;
    if (entry.id.startsWith(token)) return 500;
    if (entry.title.startsWith(token)) return 450;
    if (entry.section === token) return 400;
    if (entry.words.some((word) => word.startsWith(token))) return 300;
    if (entry.section.startsWith(token)) return 250;
    if (entry.id.includes(token)) return 200;
    if (entry.title.includes(token)) return 150;
    if (entry.sectionTitle.includes(token)) return 100;
    return 0;
  }

  function score(entry: IndexedItem, query: string, tokens: readonly string[]): number {
    const whole = scoreToken(entry, query);
    if (tokens.length <= 1) return whole;
    let total = 0;
    for (const token of tokens) {
      const s = scoreToken(entry, token);
      if (s === 0) return whole;
      total += s;
    }
    return Math.max(whole, total / tokens.length);
  }

  return {
    search(query, limit) {
      const normalised = normaliseQuery(query);
      if (!normalised) return items.slice(0, limit);
      const tokens = normalised.split(" ");
      const ranked: { item: CatalogueItem; score: number }[] = [];
      const candidates = tokens.length === 1 ? prefixIndex().get(normalised) : undefined;
      const pool = candidates && candidates.length >= limit ? candidates : index;
      for (const entry of pool) {
        const s = score(entry, normalised, tokens);
        if (s > 0) ranked.push({ item: entry.item, score: s });
      }
      ranked.sort((a, b) => b.score - a.score || a.item.position - b.item.position);
      return ranked.slice(0, limit).map((r) => r.item);
    },
    exactMatches(text) {
      const normalised = normaliseQuery(text);
      if (!normalised) return [];
      return index
        .filter((e) => e.id === normalised || e.aliases.includes(normalised) || e.title === normalised)
        .map((e) => e.item);
    },
  };
}
