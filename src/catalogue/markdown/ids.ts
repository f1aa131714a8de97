/**
 * Item ids: readable slugs of the item's name, unique across the roadmap. A clash is prefixed with
 * its section's slug, then numbered. A title with no letters a slug can keep (a Chinese title, say)
 * gets its section's slug and its place in the section, e.g. "2-3-item-4": readable and stable for
 * the same pages, where a hash of the title would tell nobody anything.
 */
import { cutSlug, slugify } from "./text.ts";

const MAX_ID = 64;

export class IdAllocator {
  private readonly taken = new Set<string>();
  /** The next number to try per prefix, so a thousand equal titles cost a thousand steps, not a million. */
  private readonly counters = new Map<string, number>();

  /** Ids that must not be handed out again (kept from a previous import, or their aliases). */
  reserve(id: string): void {
    this.taken.add(id);
  }

  has(id: string): boolean {
    return this.taken.has(id);
  }

  allocate(slugSource: string, sectionSlug: string, position: number): string {
    const own = slugify(slugSource);
    const base = own !== "" ? own : cutSlug(`${sectionSlug}-item-${position}`, MAX_ID - 4);
    if (!this.taken.has(base)) return this.take(base);
    const prefixed = own !== "" ? cutSlug(`${sectionSlug}-${own}`, MAX_ID - 4) : base;
    if (!this.taken.has(prefixed)) return this.take(prefixed);
    let counter = this.counters.get(prefixed) ?? 2;
    while (this.taken.has(`${prefixed}-${counter}`)) counter++;
    this.counters.set(prefixed, counter + 1);
    return this.take(`${prefixed}-${counter}`);
  }

  private take(id: string): string {
    this.taken.add(id);
    return id;
  }
}

/** A section's slug for prefixes: its title's slug, else its number ("2.3" → "2-3"). */
export function sectionSlug(title: string, number: string): string {
  return slugify(title, 24) || number.replace(/\./g, "-");
}
