import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { noteText, safeText, truncate } from "../../src/discord/render/text.ts";

// String.prototype.isWellFormed (Node 20) is newer than the compiler's lib setting.
const isWellFormed = (text: string) => (text as unknown as { isWellFormed(): boolean }).isWellFormed();
const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const graphemesOf = (text: string) => [...segmenter.segment(text)].map((s) => s.segment);

/** The shown text is a cut of the original at a grapheme boundary, plus the ellipsis. */
function expectWholeGraphemes(original: string, shown: string, max: number): void {
  expect(shown.length).toBeLessThanOrEqual(max);
  expect(isWellFormed(shown)).toBe(true);
  if (shown === original) return;
  expect(shown.endsWith("…")).toBe(true);
  const kept = graphemesOf(shown.slice(0, -1));
  expect(kept).toEqual(graphemesOf(original).slice(0, kept.length));
}

describe("cutting long text", () => {
  const family = "👨‍👩‍👧‍👦"; // four people joined by zero-width joiners: 11 UTF-16 units, one grapheme
  const flag = "🇳🇴"; // two regional indicators: 4 units
  const accented = "e\u0301\u0323"; // e with two combining marks: 3 units
  const cases = [
    ["emoji ZWJ sequences", `Great work ${family}${family}${family} team`],
    ["flags", `Countries: ${flag}${flag}${flag}${flag}${flag}`],
    ["combining marks", `Caf${accented}${accented}${accented}${accented} notes`],
    ["skin tones", "Thanks 👍🏽👍🏽👍🏽👍🏽"],
  ] as const;

  it.each(cases)("never splits %s, at any cut point: valid text within the limit", (_, text) => {
    for (let max = 1; max <= text.length + 1; max++) expectWholeGraphemes(text, truncate(text, max), max);
  });

  it("keeps a lone emoji out rather than cutting it in half", () => {
    const shown = truncate(`ab${family}`, 6);
    expect(shown).toBe("ab…");
  });

  it("holds for any text and any limit", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), fc.integer({ min: 1, max: 80 }), (text, max) => {
        expectWholeGraphemes(text, truncate(text, max), max);
      }),
      { numRuns: 500 },
    );
  });

  it("gives echoed names the same guarantee", () => {
    const name = flag.repeat(20);
    expectWholeGraphemes(name, safeText(name, 40), 40);
  });
});

/** Whether Discord would see a masked link, `[text](address)`, once escaped characters are set aside. */
function hasMaskedLink(shown: string): boolean {
  return /\[[^\]]*\]\(/.test(shown.replace(/\\./g, "_"));
}

describe("notes shown to others", () => {
  it("shows a masked link literally, so a link's text is never another address", () => {
    const shown = noteText("[https://docs.python.org/3/](https://evil.example/login)", 180);
    expect(hasMaskedLink(shown)).toBe(false);
    expect(shown).toContain("https://evil.example/login");
    expect(shown).toBe("\\[https://docs.python.org/3/\\](https://evil.example/login)");
  });

  it("leaves bare addresses as typed, underscores and all, so they still work", () => {
    const url = "https://github.com/ann/hello_python/blob/main/my_first*script.py?tab=readme_ov#L1";
    expect(noteText(`my repo: ${url} (see _notes_)`, 180)).toBe(`my repo: ${url} (see \\_notes\\_)`);
  });

  it("shows markdown and mentions as typed", () => {
    expect(noteText("**big** <@123> @everyone", 180)).toBe("\\*\\*big\\*\\* <@\u200b123> @\u200beveryone");
  });

  it("never lets any note form a masked link", () => {
    const pieces = fc.constantFrom("[", "]", "(", ")", "\\", "https://", "evil.example", " ", "x", "*", "<", ">", "@", "\n");
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        const shown = noteText(parts.join(""), 200);
        expect(hasMaskedLink(shown)).toBe(false);
        expect(isWellFormed(shown)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
