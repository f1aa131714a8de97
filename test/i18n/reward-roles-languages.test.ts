import { PermissionFlagsBits } from "discord.js";
import { describe, expect, it } from "vitest";
import { renderSettings } from "../../src/discord/render/settings.ts";
import { permissionFlagMessages, permissionFlags } from "../../src/discord/permissions.ts";
import type { GuildJobFailureRow, GuildRow } from "../../src/db/schema.ts";
import { UserError, type UserMessage } from "../../src/errors.ts";
import { LANGUAGE_CODES, type Language } from "../../src/i18n/languages.ts";
import { createI18n } from "../../src/i18n/translator.ts";
import { ELEVATED_PERMISSIONS } from "../../src/milestones/reward-roles.ts";
import { scheduleProblem } from "../../src/leaderboard/week.ts";
import { storedFailureReason, UNEXPECTED_REASON } from "../../src/scheduler/guild-isolation.ts";
import { expectFitsDiscord } from "../support/discord-limits.ts";
import { PSEUDO_LANGUAGE, pseudoI18n, untranslatedWords } from "../support/pseudo-locale.ts";

/*
 * Issue 19 for reward roles and the scheduler: permission names, the bot's reasons for not giving a
 * role and the reasons scheduled work stopped are read in the organiser's language, not English.
 */

const ROLE = "<@&123456789012345678>";
const EVERY_PERMISSION = permissionFlags(Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n));

/** Each refusal and problem at its longest: every permission a role can carry. */
const MESSAGES: UserMessage[] = [
  { key: "milestones:rewardRole.grantsMore", values: { role: ROLE, permissions: permissionFlagMessages(EVERY_PERMISSION) } },
  { key: "milestones:rewardRole.elevated", values: { role: ROLE, permissions: permissionFlagMessages(permissionFlags(ELEVATED_PERMISSIONS)) } },
  { key: "milestones:grantProblems.nowElevated", values: { permissions: permissionFlagMessages(permissionFlags(ELEVATED_PERMISSIONS)) } },
  { key: "milestones:grantProblems.gained", values: { permissions: permissionFlagMessages(EVERY_PERMISSION) } },
  ...(["noManageRoles", "gone", "everyone", "managed", "notBelow", "notReward", "notInServer", "ownPermissionsUnknown"] as const).map((name): UserMessage => ({ key: `milestones:grantProblems.${name}` })),
];

function settingsWith(reasons: readonly string[]) {
  const guild = { guild_id: "1", roadmap_id: "r", created_at: new Date(0), channel_id: "1", post_weekday: 1, post_time: "09:00", timezone: "UTC", next_post_at: null, delivery_blocked: null, delivery_blocked_at: null, roadmap_version: null, language: null, empty_weeks: "post" } satisfies GuildRow;
  const failures = reasons.map((reason): GuildJobFailureRow => ({ guild_id: "1", job: "weekly-post", roadmap_id: "", reason, failures: 1, failed_at: new Date(0), retry_at: new Date(60_000) }));
  return { guild, milestoneRoles: [], backlog: { pending: 0, failed: 0, blocked: 0 }, failures, pausedTracks: [] };
}

/** What a reader sees of the settings: embed titles, field names and values. */
function shown(reply: ReturnType<typeof renderSettings>): string {
  return (reply.embeds ?? []).flatMap((embed) => [embed.title ?? "", ...(embed.fields ?? []).flatMap((field) => [field.name, field.value])]).join("\n");
}

describe("reward roles and scheduler failures in the pseudo-language", () => {
  const t = pseudoI18n().forLanguage(PSEUDO_LANGUAGE as Language);

  it.each(MESSAGES.map((message) => [message.key, message] as const))("%s names every permission in the reader's language", (_key, message) => {
    const text = new UserError(message).shownIn(t);
    expect(untranslatedWords(text, ["@everyone"])).toEqual([]);
    expectFitsDiscord({ content: text }, message.key);
  });

  it("a keyed failure reason reads in the organiser's language; an old row's English and the unexpected error still show", () => {
    const zone = scheduleProblem({ timezone: "Mars/Olympus", weekday: 1, time: "09:00" } as never)!;
    const keyed = renderSettings(t, settingsWith([storedFailureReason(zone), storedFailureReason({ key: "admin:jobProblems.trackRoadmapRemoved" })]) as never, "en-US");
    const text = shown(keyed);
    expect(text).toContain("`Mars/Olympus`");
    // The weekday is Intl's, which writes the pseudo-language as English; the server's language is named in its own.
    expect(untranslatedWords(text, ["Monday", "UTC", "English"])).toEqual([]);
    const old = shown(renderSettings(t, settingsWith(["the time zone `Mars/Olympus` is not one I know", UNEXPECTED_REASON]) as never, "en-US"));
    expect(old).toContain("the time zone `Mars/Olympus` is not one I know");
    expect(old).not.toContain(UNEXPECTED_REASON);
  });
});

describe.each(LANGUAGE_CODES)("reward roles in %s", (language) => {
  it("name each permission as the language does, and every refusal fits a message", () => {
    const warnings: unknown[] = [];
    const t = createI18n({ logger: { warn: (fields) => warnings.push(fields) } }).forLanguage(language);
    for (const message of MESSAGES) expectFitsDiscord({ content: new UserError(message).shownIn(t) }, `${message.key} in ${language}`);
    const elevated = new UserError(MESSAGES[1]!).shownIn(t);
    if (language !== "en") expect(elevated).not.toContain("Manage Roles");
    expect(warnings).toEqual([]);
  });
});
