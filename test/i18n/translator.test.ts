import { describe, expect, it } from "vitest";
import { loadCatalogues } from "../../src/i18n/catalogues.ts";
import { languageForLocale } from "../../src/i18n/languages.ts";
import { createI18n } from "../../src/i18n/translator.ts";

function recordingLogger() {
  const warnings: { fields: unknown; message: string }[] = [];
  return { warnings, logger: { warn: (fields: object, message: string) => void warnings.push({ fields, message }) } };
}

describe("choosing the language", () => {
  it("serves each Discord locale we speak, Latin American Spanish with Spanish, and English for the rest", () => {
    expect(languageForLocale("pt-BR")).toBe("pt-BR");
    expect(languageForLocale("es-419")).toBe("es-ES");
    expect(languageForLocale("en-GB")).toBe("en");
    expect(languageForLocale("zh-CN")).toBe("zh-CN");
    expect(languageForLocale("ko")).toBe("en");
    expect(languageForLocale(undefined)).toBe("en");
  });

  it("writes the server's posts in the organiser's choice, else in the server's Discord language", () => {
    const i18n = createI18n({ logger: { warn: () => undefined }, guildLocale: (guildId) => (guildId === "1" ? "de" : undefined) });
    expect(i18n.forServer("1", null).language).toBe("de");
    expect(i18n.forServer("1", "ja").language).toBe("ja");
    expect(i18n.forServer("2", null).language).toBe("en");
  });
});

describe("messages", () => {
  it("a message missing from a language is shown in English and logged once", () => {
    const catalogues = loadCatalogues();
    const { progress, ...rest } = catalogues.fr!;
    const { title: _dropped, ...withoutTitle } = progress!;
    const { warnings, logger } = recordingLogger();
    const i18n = createI18n({ logger, catalogues: { ...catalogues, fr: { ...rest, progress: withoutTitle } } });
    const french = i18n.forLocale("fr");
    expect(french.t("progress:title", { name: "Ada" })).toBe("Roadmap progress: Ada");
    expect(french.t("progress:title", { name: "Grace" })).toBe("Roadmap progress: Grace");
    expect(warnings).toEqual([{ fields: { language: "fr", key: "progress:title" }, message: expect.stringContaining("English") }]);
    expect(french.t("progress:fields.pace")).toBe("Rythme");
  });

  it("a value can bring in neither markdown nor a mention of any kind", () => {
    const t = createI18n({ logger: { warn: () => undefined } }).forLocale("en-US");
    const shown = t.t("progress:title", { name: "**Ada** @everyone <@123> <@&456> <#789> [x](https://evil.example) `code`" });
    expect(shown).not.toMatch(/<[@#]/);
    expect(shown).not.toContain("@everyone");
    expect(shown).not.toContain("**Ada**");
    expect(shown).not.toContain("[x](");
    expect(shown).toContain("Ada");
  });

  it("a value the bot built itself (a Discord timestamp) is kept as it is where the message says so", () => {
    const t = createI18n({ logger: { warn: () => undefined } }).forLocale("ja");
    expect(t.t("progress:journey.target", { date: "<t:1767225600:D>" })).toBe("目標日：<t:1767225600:D>");
  });

  it("counts take each language's plural forms, with its own digits and separators", () => {
    const i18n = createI18n({ logger: { warn: () => undefined } });
    expect(i18n.forLocale("en-US").t("progress:pace.rate", { count: 1 })).toBe("1 item a week");
    expect(i18n.forLocale("en-US").t("progress:pace.rate", { count: 2 })).toBe("2 items a week");
    expect(i18n.forLocale("fr").t("progress:pace.rate", { count: 1.5 })).toBe("1,5 élément par semaine");
    expect(i18n.forLocale("de").t("progress:streak.weeks", { count: 1 })).toBe("🔥 1 Woche");
    expect(i18n.forLocale("de").t("progress:streak.weeks", { count: 1200 })).toBe("🔥 1.200 Wochen");
    expect(i18n.forLocale("es-ES").t("progress:streak.weeks", { count: 1_000_000 })).toBe("🔥 1.000.000 semanas");
    expect(i18n.forLocale("ja").t("progress:streak.weeks", { count: 3 })).toBe("🔥 3 週連続");
  });

  it("numbers, percentages, weekdays and dates follow the language", () => {
    const i18n = createI18n({ logger: { warn: () => undefined } });
    expect(i18n.forLocale("fr").percent(37)).toBe("37\u00a0%");
    expect(i18n.forLocale("hi").number(1234567)).toBe("12,34,567");
    expect(i18n.forLocale("de").weekday(1)).toBe("Montag");
    expect(i18n.forLocale("pt-BR").weekday(7)).toBe("domingo");
    expect(i18n.forLocale("ja").date("2026-12-01")).toBe("2026/12/01");
  });
});
