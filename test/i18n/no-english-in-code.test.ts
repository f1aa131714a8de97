import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/*
 * Issue 19, "no user-facing string stays in code": a refusal is thrown with a catalogue key
 * (`new UserError({ key, values })`), so the member reads it in their language. A string or
 * template literal passed to `new UserError(` is English in code; this names each one.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const SCANNED = ["commands", "src"];

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return entry.name.endsWith(".ts") ? [relative] : [];
  });
}

/** `new UserError("…")`, `new UserError('…')`, `new UserError(\`…\`)`, with any spacing or line break before the text. */
const LITERAL_REFUSAL = /new\s+UserError\(\s*["'`]/g;

describe("refusals in commands/ and src/", () => {
  it("are thrown with a catalogue key, never with English text", () => {
    const found: string[] = [];
    for (const file of SCANNED.flatMap(sourceFiles)) {
      const text = readFileSync(path.join(ROOT, file), "utf8");
      for (const match of text.matchAll(LITERAL_REFUSAL)) {
        const line = text.slice(0, match.index).split("\n").length;
        found.push(`${file}:${line}: ${text.split("\n")[line - 1]!.trim().slice(0, 120)}`);
      }
    }
    expect(found, "throw new UserError({ key: \"namespace:key\", values }) with the message in locales/<language>/<namespace>.json").toEqual([]);
  });
});
