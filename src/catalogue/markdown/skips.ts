/** What was left out and why: one line per kind, with a count and the first example, never one line per item. */
import type { UserMessage } from "../../errors.ts";

export interface SkipKind {
  /** Why, as a catalogue key (`importer:skip.*`): the reader's language picks the words. */
  reason: UserMessage;
  count: number;
  /** The first line left out, as the page has it ("notes.md:3 \"Buy snacks\""). */
  example: string;
}

export class Skips {
  private readonly kinds = new Map<string, SkipKind>();

  add(reason: UserMessage, where: string, text?: string, count = 1): void {
    const known = this.kinds.get(reason.key);
    if (known) {
      known.count += count;
      return;
    }
    const example = text === undefined ? where : `${where} "${text.length > 60 ? `${text.slice(0, 59)}…` : text}"`;
    this.kinds.set(reason.key, { reason, count, example });
  }

  list(): SkipKind[] {
    return [...this.kinds.values()];
  }
}
