import { beforeAll, describe, expect, it } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { progressCardInput } from "../../src/discord/render/pictures.ts";
import { renderProgress } from "../../src/discord/render/progress.ts";
import { LANGUAGE_CODES, type Language } from "../../src/i18n/languages.ts";
import { createI18n } from "../../src/i18n/translator.ts";
import { registerPictureFonts } from "../../src/pictures/fonts.ts";
import { PROGRESS_CARD_LABEL_BOXES } from "../../src/pictures/progress-card.ts";
import type { ProgressSummary } from "../../src/progress/summary.ts";
import { loadRealCatalogue } from "../support/catalogue.ts";
import { expectFitsDiscord } from "../support/discord-limits.ts";
import { labelsTooWide } from "../support/pictures.ts";
import { LONG_NAME, expectNameBoundedAndEscaped, freshSummary } from "../support/i18n-fixtures.ts";
import { PSEUDO_LANGUAGE, pseudoI18n, untranslatedWords } from "../support/pseudo-locale.ts";

let roadmap: Roadmap;
let base: ProgressSummary;
const soon = new Date("2027-06-01T00:00:00Z");

beforeAll(async () => {
  roadmap = (await loadRealCatalogue()).defaultRoadmap;
  base = freshSummary(roadmap);
  registerPictureFonts();
});

/** One summary per way the reply can read: every projection and target verdict, streaks with freezes, big numbers. */
function variants(): ProgressSummary[] {
  const stage = base.stages[1]!.stage;
  return [
    { ...base, startedOnIsExplicit: false, projection: { kind: "not-enough-history", historyDays: 3 }, target: { kind: "not-enough-data", historyDays: 3 } },
    { ...base, targetOn: undefined, projection: { kind: "no-recent-activity" }, target: { kind: "no-target" }, streak: { weeks: 1, freezes: 1, activeThisWeek: false } },
    {
      ...base,
      done: 1234,
      total: 98765,
      percent: 1,
      itemsPerWeek: 1.5,
      currentStage: stage,
      projection: { kind: "projected", stageFinish: soon, roadmapFinish: soon },
      target: { kind: "on-track", itemsAhead: 1, projectedFinish: soon },
      streak: { weeks: 1200, freezes: 2, activeThisWeek: true },
    },
    { ...base, itemsPerWeek: 1, target: { kind: "behind", itemsBehind: 1_000_000, projectedFinish: undefined }, streak: { weeks: 2, freezes: 0, activeThisWeek: false } },
    { ...base, target: { kind: "behind", itemsBehind: 1, projectedFinish: soon }, projection: { kind: "complete" } },
    { ...base, currentStage: undefined, stages: base.stages.map((s) => ({ ...s, done: s.total, complete: true })), target: { kind: "complete" }, projection: { kind: "complete" } },
  ];
}

/** What a reader sees: the embed's text, every field. */
function shownText(embed: ReturnType<typeof renderProgress>): string {
  return [embed.title, embed.description, ...(embed.fields ?? []).flatMap((field) => [field.name, field.value]), embed.footer?.text].join("\n");
}

/** Roadmap content stays in its own language: it is data here, like the member's name. */
function contentOf(summary: ProgressSummary): string[] {
  return [roadmap.title, ...summary.stages.flatMap((s) => [s.stage.title, s.stage.level])];
}

describe("/roadmap progress in the pseudo-language (accented, 40% longer)", () => {
  it("shows no text that skipped the catalogues, and every variant fits Discord's limits", () => {
    const warnings: unknown[] = [];
    const t = pseudoI18n({ warn: (fields) => warnings.push(fields) }).forLanguage(PSEUDO_LANGUAGE as Language);
    for (const summary of variants()) {
      const embed = renderProgress(summary, "Ada", t);
      expectFitsDiscord({ embeds: [embed] }, `progress (${summary.projection.kind}, ${summary.target.kind})`);
      expect(untranslatedWords(shownText(embed), [...contentOf(summary), "Ada"])).toEqual([]);
      const card = progressCardInput(summary, "Ada", t);
      const labels = [...Object.values(card.labels), ...card.stages.map((s) => s.label)].join("\n");
      expect(untranslatedWords(labels, [])).toEqual([]);
    }
    expect(warnings).toEqual([]);
  });

  it("a very long name and markdown in it are bounded and escaped", () => {
    const t = pseudoI18n().forLanguage(PSEUDO_LANGUAGE as Language);
    const embed = renderProgress(base, LONG_NAME, t);
    expectFitsDiscord({ embeds: [embed] }, "progress for a long name");
    expectNameBoundedAndEscaped(embed.title);
  });
});

describe.each(LANGUAGE_CODES)("/roadmap progress in %s", (language) => {
  it("has every message, and every variant fits Discord's limits with a long name", () => {
    const warnings: unknown[] = [];
    const t = createI18n({ logger: { warn: (fields) => warnings.push(fields) } }).forLanguage(language);
    for (const summary of variants()) expectFitsDiscord({ embeds: [renderProgress(summary, LONG_NAME, t)] }, `progress in ${language}`);
    expect(warnings).toEqual([]);
  });

  it("the progress card's labels fit their boxes whole, even with the biggest numbers", () => {
    const t = createI18n({ logger: { warn: () => undefined } }).forLanguage(language);
    const tooWide = variants().flatMap((summary) => {
      const { labels } = progressCardInput(summary, "Ada", t);
      return labelsTooWide([
        [labels.percent, PROGRESS_CARD_LABEL_BOXES.percent],
        [labels.items, PROGRESS_CARD_LABEL_BOXES.items],
        [labels.pace, PROGRESS_CARD_LABEL_BOXES.pace],
      ]);
    });
    expect(tooWide).toEqual([]);
  });
});
