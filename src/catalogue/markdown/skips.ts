/** What was left out and why: one line per kind, with a count and the first example, never one line per item. */
export interface SkipKind {
  reason: string;
  count: number;
  example: string;
}

export class Skips {
  private readonly kinds = new Map<string, SkipKind>();

  add(reason: string, where: string, text?: string, count = 1): void {
    const known = this.kinds.get(reason);
    if (known) {
      known.count += count;
      return;
    }
    const example = text === undefined ? where : `${where} "${text.length > 60 ? `${text.slice(0, 59)}…` : text}"`;
    this.kinds.set(reason, { reason, count, example });
  }

  list(): SkipKind[] {
    return [...this.kinds.values()];
  }
}
