import { describe, expect, it } from "vitest";
import { renderImported, renderPreview } from "../../commands/roadmap-import.ts";
import type { CatalogueItem } from "../../src/catalogue/catalogue.ts";
import type { GuildRow } from "../../src/db/schema.ts";
import { OPTION_MESSAGES } from "../../src/discord/options.ts";
import { renderSettings } from "../../src/discord/render/settings.ts";
import { UserError, type UserMessage } from "../../src/errors.ts";
import { flattenKeys, loadCatalogues, baseKey } from "../../src/i18n/catalogues.ts";
import { LANGUAGE_CODES, type Language } from "../../src/i18n/languages.ts";
import type { MessageKey } from "../../src/i18n/message-keys.ts";
import { createI18n, type I18n, type Translator } from "../../src/i18n/translator.ts";
import type { ImportPreviewResult } from "../../src/portability/import-service.ts";
import { UNEXPECTED_REASON } from "../../src/scheduler/guild-isolation.ts";
import type { SettingsView } from "../../src/settings/guild-settings.ts";
import { expectFitsDiscord } from "../support/discord-limits.ts";
import { PSEUDO_LANGUAGE, pseudoI18n, untranslatedWords } from "../support/pseudo-locale.ts";

/*
 * The errors, admin and import areas in every language: each message of their namespaces, and
 * each reply they build, in the pseudo-language (accented, 40% longer) and in every real one,
 * with long names and big numbers.
 */

const NAMESPACES = ["errors", "admin", "import"] as const;
const english = loadCatalogues().en!;

/** Member or Discord data in a message: no ASCII letters, so it never reads as untranslated text. */
const DATA = "Ωμέγα·名前".repeat(4);
/**
 * What Discord's refusals say in English (stored as the reason deliveries stopped), and the
 * weekday as Intl writes it: the pseudo-language formats like English.
 */
const ENGLISH_DATA = ["Missing Permissions", "Missing Access", "Friday"];

/** Every message key of the three namespaces, as `t()` takes it (plural forms under their base key). */
function messageKeys(): MessageKey[] {
  const keys = new Set<string>();
  for (const namespace of NAMESPACES) for (const key of flattenKeys(english[namespace] ?? {}).keys()) keys.add(`${namespace}:${baseKey(key)}`);
  return [...keys] as MessageKey[];
}

function placeholderNames(key: MessageKey): string[] {
  const [namespace, path] = key.split(":") as [string, string];
  const texts = [...flattenKeys(english[namespace as "errors"] ?? {}).entries()].filter(([k]) => baseKey(k) === path).map(([, text]) => text);
  return [...new Set(texts.flatMap((text) => [...text.matchAll(/\{\{-?\s*(\w+)/g)].map((m) => m[1]!)))];
}

/** Each message with every value filled: numbers as big as they come (and 1, for the singular), text as long data. */
function everyMessage(t: Translator): { key: string; text: string }[] {
  const out: { key: string; text: string }[] = [];
  for (const key of messageKeys()) {
    for (const count of [1, 2, 1_234_567]) {
      const values: Record<string, string | number> = { count };
      for (const name of placeholderNames(key)) if (name !== "count") values[name] = /^(line|lines|done|total|checked|unchecked|pending|failed|blocked|megabytes|kilobytes|number)$/.test(name) ? 9_876_543 : DATA;
      out.push({ key, text: t.t(key, values) });
    }
  }
  return out;
}

const PSEUDO = () => pseudoI18n().forLanguage(PSEUDO_LANGUAGE as Language);
const real = (language: Language, warnings: unknown[] = []) => createI18n({ logger: { warn: (fields) => warnings.push(fields) } });

function item(n: number): CatalogueItem {
  return { id: `item-${n}` } as CatalogueItem;
}

/** The longest preview: five long file names, author pages, a million of everything, ten long unknown lines. */
function longestPreview(): { preview: ImportPreviewResult; files: string[] } {
  const many = Array.from({ length: 1_000 }, (_, n) => item(n));
  const preview: ImportPreviewResult = {
    previewId: "AbCdEfGhIjKl",
    plan: {
      done: many,
      notDone: [],
      unknown: Array.from({ length: 1_234 }, (_, n) => `${DATA}${n}`.repeat(3)),
      authorPages: Array.from({ length: 5 }, (_, n) => `${DATA}/${n}.md`.repeat(2)),
    },
    toCheck: many,
    toUncheck: many,
    alreadyDone: 987_654,
  };
  return { preview, files: Array.from({ length: 5 }, (_, n) => `${DATA}-${n}.md`.repeat(2)) };
}

function settingsView(): SettingsView {
  const guild = {
    guild_id: "1",
    roadmap_id: "r",
    created_at: new Date(0),
    channel_id: "123456789012345678",
    post_weekday: 5,
    post_time: "18:30",
    timezone: "America/Argentina/ComodRivadavia",
    next_post_at: new Date("2027-01-01T00:00:00Z"),
    delivery_blocked: "Missing Access",
    delivery_blocked_at: new Date("2026-12-01T00:00:00Z"),
    roadmap_version: null,
    language: null,
    empty_weeks: "skip",
  } satisfies GuildRow;
  const when = { failed_at: new Date("2026-12-01T00:00:00Z"), retry_at: new Date("2026-12-02T00:00:00Z"), guild_id: "1", failures: 99 };
  return {
    guild,
    milestoneRoles: Array.from({ length: 12 }, (_, n) => ({ stage: n + 1, role_id: `12345678901234567${n}` })),
    backlog: { pending: 1_234_567, failed: 7_654_321, blocked: 9_999_999 },
    failures: [
      { ...when, job: "weekly-post", roadmap_id: "", reason: ENGLISH_DATA[0]! },
      // Another track's post, named by its title (as long as any).
      { ...when, job: "weekly-post", roadmap_id: "web-development-path", trackTitle: "网络开发路线图".repeat(40), reason: ENGLISH_DATA[0]! },
      { ...when, job: "reminder", roadmap_id: "", reason: UNEXPECTED_REASON },
    ],
    // A second track in a channel of its own that Discord refused, with a title as long as any.
    pausedTracks: [{ roadmapId: "web-development-path", title: "网络开发路线图".repeat(40), reason: ENGLISH_DATA[0]!, since: new Date("2026-12-01T00:00:00Z") }],
  };
}

/** What a reader sees of a reply. */
function shown(reply: ReturnType<typeof renderSettings>): string {
  const embeds = (reply.embeds ?? []).flatMap((embed) => [embed.title, ...(embed.fields ?? []).flatMap((f) => [f.name, f.value])]);
  const labels = (reply.components ?? []).flatMap((row) => row.components.map((c) => ("label" in c ? c.label : "")));
  return [reply.content ?? "", ...embeds, ...labels].join("\n");
}

/** Refusals thrown deep in services and the option reader, with their nested messages (an option type, the retry advice, permission names). */
const REFUSALS: UserMessage[] = [
  OPTION_MESSAGES.missing("/roadmap-admin setup", "channel"),
  OPTION_MESSAGES.unknown("/roadmap-admin setup", DATA),
  OPTION_MESSAGES.wrongType("/roadmap-admin setup", "time", "errors:options.expected.boolean"),
  { key: "admin:setup.organiserCannotPost", values: { channel: "<#1>", missing: [{ key: "admin:permissions.View Channel" }, { key: "admin:permissions.Send Messages" }] } },
  { key: "admin:setup.botCannotPost", values: { channel: "<#1>", missing: [{ key: "admin:permissions.Embed Links" }] } },
  { key: "admin:setup.badTimezoneHint", values: { zones: [{ key: "admin:setup.zone", values: { zone: "Europe/Berlin" } }, { key: "admin:setup.zone", values: { zone: "Europe/Busingen" } }] } },
  { key: "import:read.csvColumnsTabs", values: { found: [{ key: "import:read.column", values: { column: DATA } }] } },
];

describe("errors, admin and import in the pseudo-language (accented, 40% longer)", () => {
  it("every message comes from the catalogues and fits a Discord message", () => {
    const t = PSEUDO();
    for (const { key, text } of everyMessage(t)) {
      expect(untranslatedWords(text, [DATA]), key).toEqual([]);
      expectFitsDiscord({ content: text }, key);
    }
  });

  it("a refusal thrown with a key is shown in the member's language, nested phrases and lists too", () => {
    const t = PSEUDO();
    for (const message of REFUSALS) {
      const text = new UserError(message).shownIn(t);
      expect(untranslatedWords(text, [DATA]), message.key).toEqual([]);
      expectFitsDiscord({ content: text }, message.key);
    }
  });

  it("the import preview, with the most it can list, and the import result fit and are translated", () => {
    const t = PSEUDO();
    const { preview, files } = longestPreview();
    for (const replace of [false, true]) {
      const reply = renderPreview(t, preview, files, replace);
      expectFitsDiscord(reply, "import preview");
      // The file names are listed by Intl's conjunction: the pseudo-language's is English's "and".
      expect(untranslatedWords(shown(reply), [DATA, " and "])).toEqual([]);
    }
    const result = renderImported(t, { checked: 1_234_567, unchecked: 7_654_321, summary: { done: 9_999_999, total: 9_999_999, percent: 100 } });
    expect(untranslatedWords(result, [])).toEqual([]);
  });

  it("the settings with every warning fit one embed and show only translated words beside the scheduler's English reasons", () => {
    const i18n = pseudoI18n();
    const reply = renderSettings(i18n.forLanguage(PSEUDO_LANGUAGE as Language), settingsView(), "pt-BR");
    expectFitsDiscord(reply, "settings");
    expect(untranslatedWords(shown(reply), [...ENGLISH_DATA, "America/Argentina/ComodRivadavia", "Português do Brasil", "English"])).toEqual([]);
  });
});

describe.each(LANGUAGE_CODES)("errors, admin and import in %s", (language) => {
  it("has every message, and each one, every refusal, the longest preview and the settings fit Discord's limits", () => {
    const warnings: unknown[] = [];
    const i18n: I18n = real(language, warnings);
    const t = i18n.forLanguage(language);
    for (const { key, text } of everyMessage(t)) expectFitsDiscord({ content: text }, `${key} in ${language}`);
    for (const message of REFUSALS) expectFitsDiscord({ content: new UserError(message).shownIn(t) }, `${message.key} in ${language}`);
    const { preview, files } = longestPreview();
    expectFitsDiscord(renderPreview(t, preview, files, true), `import preview in ${language}`);
    expectFitsDiscord(renderSettings(t, settingsView(), "de"), `settings in ${language}`);
    expect(warnings).toEqual([]);
  });

  it("English command and option names stay as code; permission names are the language's own", () => {
    const t = real(language).forLanguage(language);
    const text = new UserError(REFUSALS[3]!).shownIn(t);
    expect(text).toContain("<#1>");
    if (language !== "en") expect(text).not.toContain("View Channel");
    expect(new UserError(REFUSALS[0]!).shownIn(t)).toContain("`/roadmap-admin setup`");
  });
});
