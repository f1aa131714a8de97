import type { UserMessage } from "../../errors.ts";
/**
 * A Markdown parser re-checks every open container (list item, quote) on every line, so a page
 * nested hundreds of levels deep costs far more than its size, and the tree walk recurses per
 * level. Real roadmaps nest a few levels; refusing pages deeper than this keeps every page's cost
 * in proportion to its size.
 */
export const MAX_NESTING_COLUMNS = 160;

/** The widest run of leading spaces, tabs and ">" on any line (tabs count 4), in one pass. */
export function deepestIndent(text: string): number {
  let deepest = 0;
  let column = 0;
  let atLineStart = true;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 10) {
      atLineStart = true;
      column = 0;
      continue;
    }
    if (!atLineStart) continue;
    if (code === 32 || code === 62) column += 1;
    else if (code === 9) column += 4;
    else {
      atLineStart = false;
      if (column > deepest) deepest = column;
    }
  }
  return Math.max(deepest, atLineStart ? column : 0);
}

/** A page the importer will not read; `says` is what the organiser reads, in their language. */
export class ImportError extends Error {
  constructor(readonly says: UserMessage) {
    super(says.key);
    this.name = "ImportError";
  }
}

export function checkNesting(name: string, text: string): void {
  const deepest = deepestIndent(text);
  if (deepest > MAX_NESTING_COLUMNS) {
    throw new ImportError({ key: "importer:refusal.tooDeep", values: { page: name, deepest, max: MAX_NESTING_COLUMNS } });
  }
}
