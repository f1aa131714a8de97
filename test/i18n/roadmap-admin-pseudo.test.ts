import { describe, expect, it } from "vitest";
import { confirmedText } from "../../commands/roadmap-admin-roadmap-confirm.ts";
import { renderRoadmapList } from "../../commands/roadmap-admin-roadmap-list.ts";
import { renderRemovePreview } from "../../commands/roadmap-admin-roadmap-remove.ts";
import { joinedText } from "../../commands/roadmap-join.ts";
import { buildRoadmap, type Roadmap } from "../../src/catalogue/catalogue.ts";
import type { ImportReport } from "../../src/catalogue/import-markdown.ts";
import type { RoadmapFile } from "../../src/catalogue/schema.ts";
import type { Reply } from "../../src/discord/command.ts";
import { UserError, type UserMessage } from "../../src/errors.ts";
import { LANGUAGE_CODES, type Language } from "../../src/i18n/languages.ts";
import { createI18n, type Translator } from "../../src/i18n/translator.ts";
import type { MemberImpact, VersionChanges } from "../../src/roadmaps/compare-versions.ts";
import { confirmButtons } from "../../src/roadmaps/confirm-buttons.ts";
import { renderUpdatePreview, renderUploadPreview } from "../../src/roadmaps/render-preview.ts";
import { choiceName, roadmapLabel, trackLabel } from "../../src/roadmaps/roadmap-choices.ts";
import { roadmapLanguageName } from "../../src/roadmaps/roadmap-language.ts";
import type { RoadmapListRow } from "../../src/roadmaps/roadmap-list.ts";
import { NOT_A_TRACK } from "../../src/tracks/tracks.ts";
import { expectChoicesFitDiscord, expectFitsDiscord } from "../support/discord-limits.ts";
import { PSEUDO_LANGUAGE, pseudoI18n, untranslatedWords } from "../support/pseudo-locale.ts";

/*
 * Issue 19 for the organisers' roadmap commands: the upload and update previews, the list, the
 * removal question, Confirm and Cancel, /roadmap join and every refusal, in the pseudo-language
 * (accented, 40% longer: any English left in code shows) and in every real language, with the
 * longest titles and file names and the biggest numbers, within Discord's limits.
 */

/** Roadmap content and file names: no ASCII letters, so they never read as untranslated text. */
const TITLE = "Ωμέγα·名前·".repeat(12);
const title = (max: number, n: number) => `${n}·${TITLE}`.slice(0, max);
const FILES = Array.from({ length: 10 }, (_, n) => `${"ページ".repeat(30)}-${n}.md`);

/** 30 stages of 40 sections with the longest titles; `short`: 30 one-line stages, so every field fits and "more stages" shows. */
function largestRoadmap(language?: string, short = false): Roadmap {
  const document: RoadmapFile = {
    id: "largest",
    title: title(100, 0),
    ...(language ? { language } : {}),
    stages: Array.from({ length: 30 }, (_, s) => ({
      number: s + 1,
      title: title(short ? 5 : 100, s),
      goal: "Ω",
      level: "Ω",
      keySkills: "Ω",
      completionCriteria: ["Ω"],
      sections: Array.from({ length: short ? 1 : 40 }, (_, c) => ({
        number: `${s + 1}.${c + 1}`,
        title: title(short ? 5 : 100, c),
        items: [{ id: `item-${s}-${c}`, title: title(100, c) }],
      })),
    })),
    milestones: [],
  };
  return buildRoadmap(document);
}

function longestReport(): ImportReport {
  return {
    hub: FILES[0]!,
    inferred: [],
    stages: [],
    mismatches: Array.from({ length: 40 }, (_, n) => ({
      key: "importer:mismatch.section" as const,
      values: { stage: n, section: `${n}.40`, title: title(100, n), count: 1_234_567, found: 1, page: FILES[0]! },
    })),
    skipped: [{ reason: { key: "importer:skip.stageSummary" }, count: 1_234_567, example: TITLE }],
    warnings: Array.from({ length: 40 }, (_, n) => ({
      key: "importer:warning.defaultsFilled" as const,
      values: { number: n, fields: [{ key: "importer:field.goal" as const }, { key: "importer:field.completionCriteria" as const }] },
    })),
    coverage: { tasks: 1_234_567, items: 1_234_567, criteria: 1, milestones: 0, claims: 0, inCode: 0 },
  };
}

function largestUpdate(): { changes: VersionChanges; impact: MemberImpact } {
  const roadmap = largestRoadmap();
  const items = roadmap.items;
  return {
    changes: { document: roadmap.document, roadmap, added: items, removed: items, renamed: items.map((item) => ({ from: item, to: item })) },
    impact: {
      keepAll: 1_234_567,
      onRemoved: 1,
      stageTotals: roadmap.stages.map((stage) => ({ stage: stage.number, title: stage.title, before: 1_234, after: stage.number % 2 === 0 ? 1_234 : 987_654 })),
    },
  };
}

function listRows(): RoadmapListRow[] {
  return Array.from({ length: 21 }, (_, n) => ({
    roadmapId: `roadmap-${n}`,
    title: title(100, n),
    language: n % 2 === 0 ? "pt-BR" : null,
    bundled: n === 0,
    version: 1_234,
    newerVersion: n === 0 ? 1_235 : undefined,
    running: n === 0,
    trackChannelId: "123456789012345678",
    members: n === 1 ? 1 : 1_234_567,
  }));
}

/** Every refusal the roadmap commands and services can give, as they throw it. */
const REFUSALS: UserMessage[] = [
  { key: "roadmaps:upload.noFiles" },
  { key: "roadmaps:upload.tooManyFiles", values: { max: 10, count: 11 } },
  { key: "roadmaps:upload.fileTooBig", values: { file: FILES[0]! } },
  { key: "roadmaps:upload.wrongFormat" },
  { key: "roadmaps:upload.notText", values: { file: FILES[0]! } },
  { key: "roadmaps:upload.serverFull", values: { count: 20 } },
  { key: "roadmaps:upload.tooSlow" },
  { key: "roadmaps:upload.tooBig" },
  { key: "roadmaps:upload.yamlAlone" },
  { key: "roadmaps:upload.noTaskItems" },
  { key: "roadmaps:upload.tooManyItems", values: { count: 1_234_567, max: 2_000 } },
  {
    key: "roadmaps:upload.invalidMore",
    values: {
      problems: {
        lines: Array.from({ length: 5 }, (_, n) => ({
          key: "schema:lineAt" as const,
          values: { path: `\`stages[${n}].sections[0].items[0].title\``, problem: { key: "schema:zod" as const, values: { issue: { schemaIssue: { code: "invalid_type", expected: "string", input: 3 } } } } },
        })),
      },
      count: 1_234,
    },
  },
  { key: "roadmaps:refusal.unknownRoadmap" },
  { key: "roadmaps:refusal.notRunningBundled" },
  { key: "roadmaps:refusal.bundledTakesNoFiles" },
  { key: "roadmaps:refusal.alreadyNewest" },
  { key: "roadmaps:refusal.bundledNotRemovable" },
  { key: "roadmaps:refusal.gone" },
  { key: "roadmaps:refusal.changed" },
  { key: "roadmaps:refusal.notOwner" },
  { key: "roadmaps:refusal.staleButton" },
  NOT_A_TRACK,
];

/** Every reply the roadmap commands build, at their largest. */
function everyReply(t: Translator): { what: string; reply: Reply }[] {
  const { changes, impact } = largestUpdate();
  const withButtons = (embed: NonNullable<Reply["embeds"]>[number]): Reply => ({ embeds: [embed], components: confirmButtons("a".repeat(24), t) });
  return [
    { what: "upload preview", reply: withButtons(renderUploadPreview(largestRoadmap("pt-BR"), longestReport(), FILES, t)) },
    { what: "upload preview of many short stages", reply: withButtons(renderUploadPreview(largestRoadmap("pt-BR", true), undefined, FILES.slice(0, 1), t)) },
    { what: "upload preview of a file with no language", reply: withButtons(renderUploadPreview(largestRoadmap(), undefined, FILES.slice(0, 1), t)) },
    { what: "update preview", reply: withButtons(renderUpdatePreview(title(100, 0), changes, impact, 1_234_567, t)) },
    { what: "roadmap list", reply: { embeds: [renderRoadmapList(listRows(), t)] } },
    { what: "empty roadmap list", reply: { embeds: [renderRoadmapList([], t)] } },
    ...[true, false].map((running) => ({ what: `removal question (running: ${running})`, reply: renderRemovePreview({ pendingId: "a".repeat(24), title: title(100, 0), running }, t) })),
    { what: "uploaded", reply: { content: confirmedText({ action: "upload", title: title(100, 0) }, t) } },
    ...[1, 1_234_567].map((members) => ({ what: `updated (${members})`, reply: { content: confirmedText({ action: "update", title: title(100, 0), version: 1_234, members }, t) } })),
    ...[true, false].map((fellBack) => ({ what: `removed (${fellBack})`, reply: { content: confirmedText({ action: "remove", title: title(100, 0), fellBack }, t) } })),
    { what: "cancelled", reply: { content: t.t("roadmaps:done.cancelled") } },
    { what: "joined", reply: { content: joinedText(title(100, 0), t) } },
    ...REFUSALS.map((message) => ({ what: message.key, reply: { content: new UserError(message).shownIn(t) } })),
  ];
}

/** What a reader sees of a reply: content, embed titles, texts and footers, button labels. */
function shown(reply: Reply): string {
  const embeds = (reply.embeds ?? []).flatMap((embed) => [embed.title, embed.description, embed.footer?.text, ...(embed.fields ?? []).flatMap((f) => [f.name, f.value])]);
  const labels = (reply.components ?? []).flatMap((row) => row.components.map((c) => ("label" in c ? c.label : "")));
  return [reply.content ?? "", ...embeds, ...labels].join("\n");
}

function choices(t: Translator) {
  const long = { title: title(100, 0), currentVersion: 1_234_567 };
  return [
    ...[null, "pt-BR", "zh-Hant-TW"].flatMap((language) => [
      { name: choiceName((name) => roadmapLabel({ ...long, title: name, language, guildId: null }, t), long.title), value: "a" },
      { name: choiceName((name) => roadmapLabel({ ...long, title: name, language, guildId: "1" }, t), long.title), value: "b" },
      { name: choiceName((name) => trackLabel({ title: name, language }, t), long.title), value: "c" },
    ]),
  ];
}

describe("the roadmap commands in the pseudo-language (accented, 40% longer)", () => {
  const t = pseudoI18n().forLanguage(PSEUDO_LANGUAGE as Language);
  // Intl names the declared language and joins the file names in the reader's language: for the pseudo-language, English's.
  const data = [TITLE, ...FILES, roadmapLanguageName("pt-BR", t), "pt-BR", " and "];

  it.each(everyReply(t).map(({ what, reply }) => [what, reply] as const))("%s comes from the catalogues and fits Discord's limits", (what, reply) => {
    expect(untranslatedWords(shown(reply), data), what).toEqual([]);
    expectFitsDiscord(reply, what);
  });

  it("roadmap and track choices show the declared language and stay within 100 characters", () => {
    const made = choices(t);
    expectChoicesFitDiscord(made, "roadmap choices");
    expect(made[3]!.name).toContain("(pt-BR, ");
    expect(made[5]!.name).toContain("(pt-BR)");
    expect(untranslatedWords(made.map((choice) => choice.name).join("\n"), [...data, "zh-Hant-TW"])).toEqual([]);
  });
});

describe.each(LANGUAGE_CODES)("the roadmap commands in %s", (language) => {
  it("have every message, and every reply and choice fits Discord's limits at its largest", () => {
    const warnings: unknown[] = [];
    const t = createI18n({ logger: { warn: (fields) => warnings.push(fields) } }).forLanguage(language);
    for (const { what, reply } of everyReply(t)) expectFitsDiscord(reply, `${what} in ${language}`);
    expectChoicesFitDiscord(choices(t), `roadmap choices in ${language}`);
    expect(warnings).toEqual([]);
  });
});
