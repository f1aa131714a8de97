import type { CatalogueItem, Roadmap } from "./catalogue.ts";

export type Resolution =
  | { readonly kind: "found"; readonly item: CatalogueItem }
  | { readonly kind: "not-found"; readonly closest: readonly CatalogueItem[] };

/**
 * Turns what a member typed (an autocomplete choice's id, or free text) into one item:
 * an id, an alias or a title that matches exactly (ignoring case), or text that matches a single item.
 */
export function resolveItem(roadmap: Roadmap, typed: string, closestCount = 5): Resolution {
  const direct = roadmap.item(typed.trim());
  if (direct) return { kind: "found", item: direct };

  const exact = roadmap.search.exactMatches(typed);
  if (exact.length === 1 && exact[0]) return { kind: "found", item: exact[0] };

  const ranked = roadmap.search.search(typed, closestCount + 1);
  if (exact.length === 0 && ranked.length === 1 && ranked[0]) return { kind: "found", item: ranked[0] };
  return { kind: "not-found", closest: (exact.length > 1 ? exact : ranked).slice(0, closestCount) };
}
