import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CatalogueItem } from "../../src/catalogue/catalogue.ts";
import { itemChoice } from "../../src/discord/item-option.ts";
import { truncate } from "../../src/discord/render/text.ts";
import { resolveChoice } from "../../src/discord/choices.ts";
import { UserError } from "../../src/errors.ts";
import { createI18n } from "../../src/i18n/translator.ts";

const en = createI18n({ logger: { warn: () => undefined } }).forLanguage("en");

function item(title: string, sectionTitle: string): CatalogueItem {
  return { id: "x", title, description: undefined, resources: [], aliases: [], source: undefined, stage: 3, section: "3.12", sectionTitle, position: 0 };
}

describe("an item's autocomplete choice", () => {
  it("shows title, stage, section number and name when they fit", () => {
    expect(itemChoice(item("Chunk documents", "RAG"), true, en).name).toBe("Chunk documents · S3 3.12 RAG · ✓ done");
  });

  it("cuts the section's name before the title, and leaves it out when too little would remain", () => {
    const long = item("A".repeat(70), "Deep learning internals and architecture");
    const name = itemChoice(long, false, en).name;
    expect(name).toBe(`${"A".repeat(70)} · S3 3.12 Deep learning…`);
    expect(name.length).toBeLessThanOrEqual(100);
    expect(itemChoice(item("B".repeat(83), "Deep learning internals"), false, en).name).toBe(`${"B".repeat(83)} · S3 3.12`);
  });

  it("is never longer than Discord's 100 characters and always starts with the title, cut only past 90", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }), fc.boolean(), (title, section, done) => {
        const name = itemChoice(item(title, section), done, en).name;
        expect(name.length).toBeLessThanOrEqual(100);
        expect(name).toContain(" · S3 3.12");
        const kept = name.slice(0, name.indexOf(" · S3 3.12"));
        expect(kept).toBe(truncate(title, done ? 81 : 90));
      }),
    );
  });
});

describe("a value for an option with choices", () => {
  const period = {
    name: "period",
    choices: [
      { name: "This week", value: "week" },
      { name: "All time", value: "all" },
    ],
  };

  it("is understood by its value or its name, in any case and spacing", () => {
    expect(resolveChoice(period, "all")).toBe("all");
    expect(resolveChoice(period, "ALL")).toBe("all");
    expect(resolveChoice(period, "  all   TIME ")).toBe("all");
  });

  it("is refused, listing the choices, when it is neither", () => {
    expect(() => resolveChoice(period, "forever")).toThrow(UserError);
    expect(() => resolveChoice(period, "forever")).toThrow("Please pick one of: **This week**, **All time**.");
  });

  it("of a number option matches numbers too", () => {
    const stage = { name: "stage", choices: [{ name: "Stage one", value: 1 }] };
    expect(resolveChoice(stage, 1)).toBe(1);
    expect(resolveChoice(stage, "stage one")).toBe(1);
    expect(() => resolveChoice(stage, 2)).toThrow(UserError);
  });
});
