import { beforeAll, describe, expect, it } from "vitest";
import type { CatalogueStage, Roadmap } from "../../src/catalogue/catalogue.ts";
import type { Reply } from "../../src/discord/command.ts";
import { itemChoice, resolveItemOption } from "../../src/discord/item-option.ts";
import { UserError, userMessageText, type UserMessage } from "../../src/errors.ts";
import { pagerRow, type PagerState } from "../../src/discord/pager.ts";
import { renderCheckResult } from "../../src/discord/render/check.ts";
import { renderBuddies, renderGroupPage, groupPageCount, renderItemPeers, withGroupMapPicture } from "../../src/discord/render/group.ts";
import { renderJourneyDates, renderPrivacy, renderReminderChoice } from "../../src/discord/render/member-choices.ts";
import { groupMapImageInput } from "../../src/discord/render/pictures.ts";
import { renderNextItems } from "../../src/discord/render/progress.ts";
import { paginateStage, renderStagePage } from "../../src/discord/render/stage.ts";
import { escapeText } from "../../src/discord/render/text.ts";
import type { Buddies, GroupMap, ItemPeers } from "../../src/group/group-service.ts";
import { LANGUAGE_CODES, type Language } from "../../src/i18n/languages.ts";
import { createI18n, type Translator } from "../../src/i18n/translator.ts";
import { registerPictureFonts } from "../../src/pictures/fonts.ts";
import { GROUP_MAP_LABEL_BOXES, type GroupMapView } from "../../src/pictures/group-map.ts";
import type { CheckResult } from "../../src/progress/progress-service.ts";
import type { ProgressSummary } from "../../src/progress/summary.ts";
import { loadRealCatalogue } from "../support/catalogue.ts";
import { expectFitsDiscord } from "../support/discord-limits.ts";
import { labelsTooWide } from "../support/pictures.ts";
import { LONG_NAME, expectNameBoundedAndEscaped, freshSummary } from "../support/i18n-fixtures.ts";
import { PSEUDO_LANGUAGE, pseudoI18n, untranslatedWords } from "../support/pseudo-locale.ts";

let roadmap: Roadmap;
let stage: CatalogueStage;
let summary: ProgressSummary;
const BIG = 1_234_567;
const soon = new Date("2027-06-01T00:00:00Z");
/** A member's note, long enough to be cut; not in ASCII letters, so the check for untranslated words can tell it from ours. */
const LONG_NOTE = "Ωμέγα 🚀 ✓ ".repeat(40);

beforeAll(async () => {
  roadmap = (await loadRealCatalogue()).defaultRoadmap;
  stage = roadmap.stages[1]!;
  const base = freshSummary(roadmap);
  summary = { ...base, done: BIG, total: 9_876_543, percent: 12 };
  registerPictureFonts();
});

/** Roadmap content stays in its own language: it is data here, like a member's name. */
function content(): string[] {
  const items = roadmap.items;
  const words = [
    roadmap.title,
    LONG_NAME,
    "Ada",
    "Europe/Berlin",
    ...roadmap.stages.flatMap((s) => [s.title, s.level]),
    ...roadmap.stages.flatMap((s) => s.sections.map((section) => section.title)),
    ...items.flatMap((item) => [item.title, item.id, item.description ?? "", ...item.resources.flatMap((r) => [r.title, r.url])]),
  ].filter(Boolean);
  return [...words, ...words.map(escapeText)];
}

const PAGER: PagerState = { prefix: "stage", args: ["2", "123456789012345678"], page: 0, guildId: "123456789012345678", ownerId: "123456789012345678", expiresAt: Date.now() };

function groupMapOf(members: number, stuck: boolean): GroupMap {
  return {
    roadmap,
    stage,
    members,
    sections: stage.sections.map((section) => ({
      number: section.number,
      title: section.title,
      finishers: Math.floor(members / 3),
      items: section.items.map((item) => ({ item, members: Math.floor(members / 2) })),
    })),
    stuck: stuck ? stage.items.slice(0, 3).map((item) => ({ item, members: BIG })) : [],
  };
}

function peers(): ItemPeers[] {
  const item = stage.items.find((i) => i.resources.length > 0) ?? stage.items[0]!;
  const doer = (n: number) => ({ userId: `1234567890123456${String(n).padStart(2, "0")}`, hidden: false, left: false, note: LONG_NOTE, doneAt: soon });
  return [
    { item, named: [], more: 0, notes: [], hiddenCount: 0, leftCount: 0 },
    { item, named: Array.from({ length: 20 }, (_, n) => doer(n)), more: BIG, notes: Array.from({ length: 10 }, (_, n) => doer(n)), hiddenCount: BIG, leftCount: BIG },
    { item, named: [doer(1)], more: 1, notes: [], hiddenCount: 1, leftCount: 1 },
  ];
}

function buddies(): Buddies[] {
  const buddy = (n: number, shared: number) => ({ userId: `1234567890123456${n}0`, sharedRecent: shared, stageDone: BIG });
  return [{ stage: undefined, buddies: [] }, { stage, buddies: [] }, { stage, buddies: [buddy(1, 0), buddy(2, 1), buddy(3, BIG), buddy(4, 2), buddy(5, 3)] }];
}

function checkResults(): { action: "check" | "uncheck"; result: CheckResult; note: string | null }[] {
  const milestones = ["stage-2", "streak-4", "percent-50", "percent-100"];
  return [
    { action: "check", result: { changed: true, summary, milestones }, note: LONG_NOTE },
    { action: "check", result: { changed: false, summary, milestones: [] }, note: null },
    { action: "uncheck", result: { changed: true, summary, milestones: [] }, note: null },
    { action: "uncheck", result: { changed: false, summary, milestones: [] }, note: null },
  ];
}

/** Every reply of the member's commands, in one language. */
function everyReply(t: Translator, name: string): { what: string; reply: Reply }[] {
  const item = stage.items[0]!;
  const replies: { what: string; reply: Reply }[] = [];
  for (const { action, result, note } of checkResults()) {
    replies.push({ what: `${action} (changed: ${result.changed})`, reply: renderCheckResult(action, item, result, note, t) });
  }
  replies.push({ what: "next items", reply: { embeds: [renderNextItems(stage.items.slice(0, 5), summary, t)] } });
  replies.push({ what: "nothing next", reply: { embeds: [renderNextItems([], summary, t)] } });
  const doneIds = new Set(stage.items.filter((_, index) => index % 2 === 0).map((i) => i.id));
  const pages = paginateStage(stage, doneIds, t);
  pages.forEach((_, page) => {
    const embed = renderStagePage({ stage, doneIds, pages, page, displayName: name, t });
    replies.push({ what: `stage page ${page}`, reply: { embeds: [embed], components: [pagerRow(PAGER, page, pages.length, t)] } });
  });
  for (const [members, stuck] of [[0, false], [1, false], [BIG, true]] as const) {
    const map = groupMapOf(members, stuck);
    for (let page = 0; page < groupPageCount(map); page++) {
      const embed = renderGroupPage(map, page, t);
      const picture = withGroupMapPicture(embed, map, Buffer.alloc(0), t);
      replies.push({ what: `group page ${page} (${members} members)`, reply: { embeds: [picture.embed], components: [pagerRow(PAGER, page, groupPageCount(map), t)] } });
      replies.push({ what: "group map description", reply: { content: picture.file.description } });
    }
  }
  for (const shown of peers()) replies.push({ what: `item peers (${shown.named.length} named)`, reply: { embeds: [renderItemPeers(shown, t)] } });
  for (const found of buddies()) replies.push({ what: `buddies (${found.buddies.length})`, reply: { embeds: [renderBuddies(found, t)] } });
  for (const hidden of [true, false]) {
    for (const optOut of [true, false]) {
      for (const changed of [true, false]) {
        replies.push({ what: `privacy ${hidden} ${optOut} ${changed}`, reply: { content: renderPrivacy({ hidden, buddies_opt_out: optOut }, changed, t) } });
      }
    }
  }
  for (const member of [{ started_on: null, target_on: null }, { started_on: "2026-01-05", target_on: "2027-01-05" }]) {
    for (const changed of [true, false]) replies.push({ what: `start ${changed}`, reply: { content: renderJourneyDates(member, changed, t) } });
  }
  replies.push({ what: "remind off", reply: { content: renderReminderChoice({ on: false }, t) } });
  for (const weekday of [1, 3, 7] as const) {
    const outcome = { on: true, day: "", weekday, time: "18:00", timezone: "Europe/Berlin", nextAt: soon } as const;
    replies.push({ what: `remind on ${weekday}`, reply: { content: renderReminderChoice(outcome, t) } });
  }
  for (const refusal of refusals()) replies.push({ what: `refusal ${refusal.key}`, reply: { content: userMessageText(t, refusal) } });
  return replies;
}

/** What a member typed that matches several items: the first word of an item's title. */
function ambiguousWord(): string {
  return stage.items[0]!.title.split(" ")[0]!;
}

/** The refusals of the member commands: items not found or unclear, stages that do not exist, pager buttons misused, hidden progress. */
function refusals(): UserMessage[] {
  const thrown = (typed: string): UserMessage => {
    try {
      resolveItemOption(roadmap, typed);
    } catch (error) {
      if (error instanceof UserError && error.userMessage) return error.userMessage;
    }
    throw new Error(`"${typed}" was not refused`);
  };
  const command = "/roadmap stage";
  return [
    thrown(""),
    thrown("Ωμέγα ".repeat(60)),
    thrown(ambiguousWord()),
    { key: "group:noSuchStage", values: { number: 9, count: 1 } },
    { key: "group:noSuchStage", values: { number: 9, count: BIG } },
    { key: "group:privacy.private" },
    { key: "common:pager.notHere", values: { command } },
    { key: "common:pager.notYours", values: { command } },
    { key: "common:pager.expired", values: { command, minutes: 15 } },
  ];
}

/** What a reader sees of a reply: its text, every embed's text, its buttons' labels. */
function shownText(reply: Reply): string {
  const embeds = (reply.embeds ?? []).flatMap((embed) => [embed.title, embed.description, ...(embed.fields ?? []).flatMap((f) => [f.name, f.value]), embed.footer?.text]);
  const labels = (reply.components ?? []).flatMap((row) => row.components.map((button) => ("label" in button ? button.label : undefined)));
  return [reply.content, ...embeds, ...labels].filter(Boolean).join("\n");
}

function pictureWords(t: Translator): string[] {
  const views: GroupMapView[] = [
    { kind: "members", rows: [], hidden: 1 },
    { kind: "members", rows: [], hidden: BIG },
    { kind: "distribution", spread: [], hidden: BIG },
  ];
  return views.flatMap((view) => {
    const input = groupMapImageInput(groupMapOf(BIG, true), view, t);
    const { labels } = input;
    return [input.title, input.subtitle, ...Object.values(labels.levels), ...Object.values(labels.legend), labels.nobody, labels.hiddenNote ?? "", ...labels.stuckLines];
  });
}

describe("the member commands in the pseudo-language (accented, 40% longer)", () => {
  it("show no text that skipped the catalogues, and every reply fits Discord's limits", () => {
    const warnings: unknown[] = [];
    const t = pseudoI18n({ warn: (fields) => warnings.push(fields) }).forLanguage(PSEUDO_LANGUAGE as Language);
    // Weekdays come from Intl, which writes the pseudo-language as English.
    const data = [...content(), ambiguousWord(), ...[1, 2, 3, 4, 5, 6, 7].map((day) => t.weekday(day))];
    for (const { what, reply } of everyReply(t, "Ada")) {
      expectFitsDiscord(reply, what);
      expect(untranslatedWords(shownText(reply), data), what).toEqual([]);
    }
    expect(untranslatedWords(pictureWords(t).join("\n"), data)).toEqual([]);
    // Titles and section names are cut to fit a choice: left out, what remains is ours.
    const choices = roadmap.items.map((item) => itemChoice({ ...item, title: "Ω", sectionTitle: "" }, true, t).name).join("\n");
    expect(untranslatedWords(choices, data)).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("a very long name and markdown in it are bounded and escaped on stage pages", () => {
    const t = pseudoI18n().forLanguage(PSEUDO_LANGUAGE as Language);
    const pages = paginateStage(stage, new Set(), t);
    const embed = renderStagePage({ stage, doneIds: new Set(), pages, page: 0, displayName: LONG_NAME, t });
    expectNameBoundedAndEscaped(embed.title);
  });
});

describe.each(LANGUAGE_CODES)("the member commands in %s", (language) => {
  it("have every message, and every reply fits Discord's limits with long names and big numbers", () => {
    const warnings: unknown[] = [];
    const t = createI18n({ logger: { warn: (fields) => warnings.push(fields) } }).forLanguage(language);
    for (const { what, reply } of everyReply(t, LONG_NAME)) expectFitsDiscord(reply, `${what} in ${language}`);
    pictureWords(t);
    expect(warnings).toEqual([]);
  });

  it("item choices stay within Discord's 100 characters, with the longest titles", () => {
    const t = createI18n({ logger: { warn: () => undefined } }).forLanguage(language);
    const longest = [...roadmap.items].sort((a, b) => b.title.length + b.sectionTitle.length - (a.title.length + a.sectionTitle.length)).slice(0, 20);
    for (const item of longest) {
      for (const done of [true, false]) expect(itemChoice({ ...item, title: item.title.repeat(3) }, done, t).name.length).toBeLessThanOrEqual(100);
    }
  });

  it("the group map's level and legend labels fit their boxes whole", () => {
    const t = createI18n({ logger: { warn: () => undefined } }).forLanguage(language);
    const { labels } = groupMapImageInput(groupMapOf(BIG, true), { kind: "members", rows: [], hidden: 0 }, t);
    const tooWide = labelsTooWide([
      ...Object.values(labels.levels).map((label) => [label, GROUP_MAP_LABEL_BOXES.level] as const),
      ...Object.values(labels.legend).map((label) => [label, GROUP_MAP_LABEL_BOXES.legend] as const),
    ]);
    expect(tooWide).toEqual([]);
  });
});
