import { describe, expect, it } from "vitest";
import type { CatalogueItem, CatalogueStage } from "../../src/catalogue/catalogue.ts";
import { renderNextItems } from "../../src/discord/render/progress.ts";
import { paginateStage } from "../../src/discord/render/stage.ts";
import { createI18n } from "../../src/i18n/translator.ts";
import { summariseProgress } from "../../src/progress/summary.ts";
import { loadRealCatalogue } from "../support/catalogue.ts";

/*
 * Item titles come from organisers' uploads now: untrusted text, shown as typed wherever a list of
 * items is drawn (not only where a message's values are escaped for it).
 */
const HOSTILE = "Use **kwargs and [free nitro](https://evil.example) @everyone";
const t = createI18n({ logger: { warn: () => undefined } }).forLanguage("en");

describe("an item's title in lists of items", async () => {
  const roadmap = (await loadRealCatalogue()).defaultRoadmap;
  const item: CatalogueItem = { ...roadmap.items[0]!, title: HOSTILE };

  const expectLiteral = (text: string) => {
    expect(text).not.toContain("[free nitro](https://evil.example)");
    expect(text).toContain("\\[free nitro\\]");
    expect(text).toContain("\\*\\*kwargs");
    expect(text).not.toContain("@everyone");
  };

  it("is shown as typed in /roadmap next", () => {
    const summary = summariseProgress({ roadmap, progress: [], currentStage: 1, startedOn: null, targetOn: null, checkTimes: [], schedule: { timezone: "UTC", weekday: 1 }, now: new Date() });
    expectLiteral(renderNextItems([item], summary, t).description ?? "");
  });

  it("is shown as typed on a stage's pages", () => {
    const stage = roadmap.stages[0]!;
    const section = { ...stage.sections[0]!, items: [item] };
    const pages = paginateStage({ ...stage, sections: [section], items: [item] } as CatalogueStage, new Set(), t);
    expectLiteral(pages.join("\n"));
  });
});
