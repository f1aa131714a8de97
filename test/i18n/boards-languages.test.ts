import { createCanvas } from "@napi-rs/canvas";
import { beforeAll, describe, expect, it } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { emptyWeeksLine, emptyWeeksSetting, renderLeaderboard, renderQuietWeek } from "../../src/discord/render/leaderboard.ts";
import { renderMilestonePost } from "../../src/discord/render/milestone.ts";
import { leaderboardImageInput } from "../../src/discord/render/pictures.ts";
import { LANGUAGE_CODES, type Language } from "../../src/i18n/languages.ts";
import { createI18n, type Translator } from "../../src/i18n/translator.ts";
import type { LeaderboardEntry, LeaderboardView, Period } from "../../src/leaderboard/leaderboard-service.ts";
import { pictureFont, registerPictureFonts } from "../../src/pictures/fonts.ts";
import { LEADERBOARD_LABEL_BOXES, renderLeaderboardImage } from "../../src/pictures/leaderboard-image.ts";
import { parseStoredPayload } from "../../src/scheduler/post-payload.ts";
import { confirmationMessage, directMessagesClosedHelp, reminderMessage } from "../../src/reminders/reminder-message.ts";
import { MAX_REMINDED_TRACKS } from "../../src/reminders/reminder-tracks.ts";
import { loadRealCatalogue } from "../support/catalogue.ts";
import { expectFitsDiscord } from "../support/discord-limits.ts";
import { LONG_NAME } from "../support/i18n-fixtures.ts";
import { PSEUDO_LANGUAGE, pseudoI18n, untranslatedWords } from "../support/pseudo-locale.ts";

let roadmap: Roadmap;
const ZONE = "America/Argentina/ComodRivadavia";
const WEEK = { start: new Date("2026-03-02T03:00:00Z"), end: new Date("2026-03-09T03:00:00Z") };
const LONG_SERVER = "Lerngruppe für sehr lange Servernamen ".repeat(4);

beforeAll(async () => {
  roadmap = (await loadRealCatalogue()).defaultRoadmap;
  registerPictureFonts();
});

function entry(rank: number, score: number, extra: Partial<LeaderboardEntry> = {}): LeaderboardEntry {
  return { userId: String(100_000_000_000_000_000n + BigInt(rank)), rank, score, reachedAt: new Date(0), overallPercent: 100, weeksWon: 1_234, streak: 1_200, ...extra };
}

function view(overrides: Partial<LeaderboardView> = {}): LeaderboardView {
  const entries = Array.from({ length: 10 }, (_, i) => entry(9_990 + i, 1_234_567 - i, i === 0 ? { rank: 1 } : {}));
  return {
    period: "week",
    roadmap,
    window: WEEK,
    timezone: ZONE,
    page: 998,
    pageCount: 100_000,
    ranked: 1_000_000,
    entries,
    caller: entries[3],
    totals: { itemsDone: 9_876_543, activeMembers: 1_000_000, stagesCompleted: 1 },
    resetsAt: WEEK.end,
    frozen: false,
    ...overrides,
  };
}

const PERIODS: readonly Period[] = ["week", "last-week", "month", "all"];

/** Every way a leaderboard embed reads: each period, empty, only hidden members, ranked or not, each post title. */
function leaderboards(t: Translator) {
  const empty = { entries: [], caller: undefined, totals: { itemsDone: 0, activeMembers: 0, stagesCompleted: 0 }, pageCount: 1, page: 0 };
  const hidden = { entries: [], caller: undefined, totals: { itemsDone: 1, activeMembers: 1, stagesCompleted: 0 }, pageCount: 1, page: 0 };
  return [
    ...PERIODS.flatMap((period) => [
      renderLeaderboard(view({ period }), t),
      renderLeaderboard(view({ period, ...empty }), t),
      renderLeaderboard(view({ period, ...hidden, totals: undefined }), t),
      renderLeaderboard(view({ period, ...hidden }), t),
      renderLeaderboard(view({ period, ...hidden, frozen: true }), t),
      renderLeaderboard(view({ period, caller: entry(1, 1) }), t),
    ]),
    renderLeaderboard(view({ period: "last-week", frozen: true, resetsAt: undefined }), t, { title: t.t("leaderboard:post.weeklyLate"), forCaller: false }),
    renderLeaderboard(view({ period: "last-week", frozen: true, resetsAt: undefined }), t, { title: t.t("leaderboard:post.weekly"), forCaller: false }),
    renderLeaderboard(view(), t, { title: t.t("leaderboard:post.now"), forCaller: false }),
    renderQuietWeek(view({ period: "last-week", ...empty }), t.t("leaderboard:post.weeklyLate"), t),
  ];
}

function milestonePosts(t: Translator) {
  const stages = roadmap.stages.map((stage) => `stage-${stage.number}`);
  return [
    renderMilestonePost(roadmap, "123456789012345678", [...stages, "percent-25", "percent-100", "streak-1", "streak-52"], t)!,
    renderMilestonePost(roadmap, "123456789012345678", ["streak-1"], t)!,
    renderMilestonePost(roadmap, "123456789012345678", ["percent-75"], t)!,
  ];
}

/** `long`: item and section titles far longer than any roadmap's, for the limits. */
function reminderReplies(t: Translator, long = false) {
  const items = roadmap.items.slice(0, 3);
  const shown = long ? items.map((item) => ({ ...item, title: item.title.repeat(20), sectionTitle: item.sectionTitle.repeat(20) })) : items;
  // The longest DM: as many followed tracks as one names, each with long titles.
  const tracks = Array.from({ length: long ? MAX_REMINDED_TRACKS : 1 }, () => ({ roadmap, items: shown }));
  const dm = reminderMessage("123456789012345678", tracks, t);
  return [
    { content: dm.content, embeds: dm.embeds },
    { content: confirmationMessage(long ? LONG_SERVER : "Lerngruppe", { weekday: 3, time: "18:00", timezone: ZONE }, WEEK.end, t) },
    { content: directMessagesClosedHelp(t) },
  ];
}

/** What a reader sees of a message. */
function shownText(message: { content?: string; embeds?: readonly { title?: string; description?: string; fields?: readonly { name: string; value: string }[]; footer?: { text: string } }[] }): string {
  return [message.content, ...(message.embeds ?? []).flatMap((embed) => [embed.title, embed.description, ...(embed.fields ?? []).flatMap((f) => [f.name, f.value]), embed.footer?.text])].join("\n");
}

/** Roadmap content, the zone's name and Intl's own words (weekday and month names): data, not messages. */
function dataWords(t: Translator): string[] {
  const day = new Intl.DateTimeFormat(t.language, { timeZone: ZONE, weekday: "short", month: "short", day: "numeric" });
  return [
    roadmap.title,
    ...roadmap.stages.flatMap((s) => [s.title, s.level, ...s.completionCriteria]),
    ...roadmap.items.slice(0, 3).flatMap((item) => [item.title, item.sectionTitle, item.section]),
    ZONE,
    "Lerngruppe",
    day.format(WEEK.start),
    day.format(new Date(WEEK.end.getTime() - 1)),
    t.weekday(3),
  ];
}

describe("leaderboard, milestone and reminder messages in the pseudo-language (accented, 40% longer)", () => {
  it("show no text that skipped the catalogues, and every variant fits Discord's limits", () => {
    const warnings: unknown[] = [];
    const t = pseudoI18n({ warn: (fields) => warnings.push(fields) }).forLanguage(PSEUDO_LANGUAGE as Language);
    const data = dataWords(t);
    for (const embed of leaderboards(t)) {
      expectFitsDiscord({ embeds: [embed] }, `leaderboard "${embed.title}"`);
      expect(untranslatedWords(shownText({ embeds: [embed] }), data)).toEqual([]);
    }
    for (const post of milestonePosts(t)) {
      expectFitsDiscord(post, "milestone post");
      expect(untranslatedWords(shownText(post), data)).toEqual([]);
    }
    for (const reply of reminderReplies(t, true)) expectFitsDiscord(reply, "reminder with long titles");
    for (const reply of reminderReplies(t)) {
      // Command names in a DM's plain text (not code: footers show no markdown) are the pseudo-language's too.
      expect(untranslatedWords(shownText(reply), data)).toEqual([]);
    }
    const settings = (["post", "skip"] as const).flatMap((choice) => [emptyWeeksLine(choice, t), ...Object.values(emptyWeeksSetting(choice, t))]);
    expect(untranslatedWords(settings.join("\n"), [])).toEqual([]);
    const picture = leaderboardImageInput(view(), t.plain("leaderboard:picture.weekly"), new Map(), t);
    expect(untranslatedWords([picture.title, ...Object.values(picture.labels!), ...picture.entries.map((e) => `${e.displayName} ${e.percentLabel}`)].join("\n"), [])).toEqual([]);
    const refusals = (["noManageRoles", "gone", "everyone", "managed", "notBelow", "grantsMore", "elevated"] as const).map((key) =>
      t.t(`milestones:rewardRole.${key}`, { role: "<@&123456789012345678>", permissions: "Manage Roles" }),
    );
    // Permission names are Discord's English ones, given as they are.
    expect(untranslatedWords(refusals.join("\n"), ["Manage Roles", "@everyone"])).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("a member's markdown and mentions in a server name stay inert in the reminder's test DM", () => {
    const t = pseudoI18n().forLanguage(PSEUDO_LANGUAGE as Language);
    const content = confirmationMessage("**Big** @everyone <@&123456789012345678>", { weekday: 1, time: "07:30", timezone: "UTC" }, WEEK.end, t);
    expect(content).not.toContain("**Big**");
    expect(content).not.toContain("<@&123456789012345678>");
  });
});

describe.each(LANGUAGE_CODES)("leaderboard, milestone and reminder messages in %s", (language) => {
  it("have every message, and every variant fits Discord's limits with long names and big numbers", () => {
    const warnings: unknown[] = [];
    const t = createI18n({ logger: { warn: (fields) => warnings.push(fields) } }).forLanguage(language);
    for (const embed of leaderboards(t)) expectFitsDiscord({ embeds: [embed] }, `leaderboard in ${language}`);
    for (const post of milestonePosts(t)) expectFitsDiscord(post, `milestone post in ${language}`);
    for (const reply of reminderReplies(t, true)) expectFitsDiscord(reply, `reminder in ${language}`);
    const names = new Map(view().entries.map((e) => [e.userId, LONG_NAME]));
    expect(leaderboardImageInput(view(), t.plain("leaderboard:picture.now"), names, t).entries[0]!.displayName).toBe(LONG_NAME);
    expect(warnings).toEqual([]);
  });

  it("the leaderboard picture's words fit their boxes whole at the smallest size", () => {
    const t = createI18n({ logger: { warn: () => undefined } }).forLanguage(language);
    const { labels } = leaderboardImageInput(view(), "", new Map(), t);
    const ctx = createCanvas(10, 10).getContext("2d");
    const checks = [
      [t.plain("leaderboard:picture.weekly"), LEADERBOARD_LABEL_BOXES.title],
      [t.plain("leaderboard:picture.now"), LEADERBOARD_LABEL_BOXES.title],
      [labels!.items, LEADERBOARD_LABEL_BOXES.items],
      [labels!.overall, LEADERBOARD_LABEL_BOXES.overall],
      [labels!.empty, LEADERBOARD_LABEL_BOXES.empty],
    ] as const;
    const tooWide = checks.filter(([label, box]) => {
      ctx.font = pictureFont(box.minSize, "weight" in box ? box.weight : 400);
      return ctx.measureText(label).width > box.width;
    });
    expect(tooWide.map(([label]) => label)).toEqual([]);
  });
});

describe("weekly posts queued before the picture's words were sent along", () => {
  it("still read as posts, and their picture draws (in English, all the bot spoke then)", async () => {
    const before = {
      embeds: [{ title: "🏆 Weekly leaderboard", description: "…" }],
      allowed_mentions: { parse: [] },
      picture: { kind: "leaderboard", input: { title: "Weekly leaderboard", entries: [{ rank: 1, displayName: "Ada", score: 3, overallPercent: 2 }] } },
    };
    const parsed = parseStoredPayload({ kind: "leaderboard", payload: before as never });
    expect(parsed.kind).toBe("post");
    const picture = parsed.kind === "post" ? parsed.post.picture : undefined;
    expect(picture?.description).toBeUndefined();
    expect((await renderLeaderboardImage(picture!.input)).length).toBeGreaterThan(1000);
  });
});
