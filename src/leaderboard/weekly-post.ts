import type { Transaction } from "kysely";
import type { AppContext } from "../context.ts";
import { lockDueTracks, setTrackNextPostAt, type DueTrack } from "../db/track-repository.ts";
import { saveWeek, savedStandingsPage, windowTotals } from "../db/leaderboard-repository.ts";
import { enqueue } from "../db/outbox-repository.ts";
import type { Database, GuildRow } from "../db/schema.ts";
import { roadmapOfTrack } from "../tracks/tracks.ts";
import { renderGroupPace } from "../discord/render/group.ts";
import { renderLeaderboard, renderQuietWeek } from "../discord/render/leaderboard.ts";
import { leaderboardImageInput } from "../discord/render/pictures.ts";
import { displayNames } from "../db/progress-repository.ts";
import type { LeaderboardPostPayload } from "../scheduler/post-payload.ts";
import type { APIEmbed } from "discord.js";
import type { Translator } from "../i18n/translator.ts";
import { groupPace } from "../group/group-service.ts";
import { assembleView, leaderboardView, openCurrentWindows, PAGE_SIZE, scoreScope, weekScope, type LeaderboardView } from "./leaderboard-service.ts";
import { GuildSetupProblem, isolateGuildWork } from "../scheduler/guild-isolation.ts";
import { nextSlotAfter, scheduleOf, scheduleProblem, weekReportedAt } from "./week.ts";

type Deps = Pick<AppContext, "db" | "catalogue" | "clock" | "logger" | "i18n"> & Partial<Pick<AppContext, "guildRoadmaps">>;
type FanOutDeps = Deps & Pick<AppContext, "metrics">;

/** A post made this long after its slot says it is late (the bot was down). */
const LATE_AFTER_MS = 60 * 60_000;
const BATCH = 50;

/**
 * Freezes the week a track's due slot reports on, queues its post to the track's channel (unless
 * the week was quiet and the organiser chose to skip those) and moves the track to its next slot.
 * Runs under the track's row lock, so two bot processes never compose the same week.
 */
async function composeWeeklyPost(trx: Transaction<Database>, deps: Deps, track: DueTrack, now: Date): Promise<void> {
  const schedule = scheduleOf(track);
  const problem = scheduleProblem(schedule);
  if (problem) throw new GuildSetupProblem(problem);
  const slot = track.next_post_at ?? now;
  const week = weekReportedAt(slot, schedule);
  const running = await roadmapOfTrack({ ...deps, db: trx }, track);
  if (!running) throw new GuildSetupProblem({ key: "admin:jobProblems.trackRoadmapRemoved" });
  const { roadmap } = running;
  const scope = weekScope(roadmap, track.guild_id, week);
  const guild = { guild_id: track.guild_id, channel_id: track.channel_id, language: track.language };

  const totals = await windowTotals(trx, scope);
  await saveWeek(trx, scope, totals);
  // The week that starts now is kept from its first check, so its leaderboard reads kept rows.
  await openCurrentWindows(trx, guild.guild_id, roadmap, schedule, slot);
  const standings = await savedStandingsPage(trx, guild.guild_id, roadmap.id, week.start, "", PAGE_SIZE, 0);
  const view = await assembleView(trx, {
    period: "last-week",
    roadmap,
    base: scoreScope(roadmap, guild.guild_id),
    window: week,
    result: standings,
    frozen: true,
    resetsAt: undefined,
    schedule,
    now,
    totals,
  });
  // Rendered now, in the server's language: the queued payload is the finished message.
  const t = deps.i18n.forServer(guild.guild_id, guild.language);
  const late = now.getTime() - slot.getTime() > LATE_AFTER_MS;
  const title = t.t(late ? "leaderboard:post.weeklyLate" : "leaderboard:post.weekly");
  const quiet = totals.itemsDone === 0;
  // The week is saved either way, so "last week" still answers; only the post is the organiser's choice.
  if (!quiet || track.empty_weeks === "post") {
    const embed = quiet ? renderQuietWeek(view, title, t) : renderLeaderboard(view, t, { title, forCaller: false });
    // A member's start and target dates are theirs, not a track's: the pace speaks of the server's own roadmap.
    const pace = running.own ? await groupPace(trx, { guildId: guild.guild_id, schedule }, roadmap, now) : [];
    if (pace.length > 0) embed.fields = [...(embed.fields ?? []), renderGroupPace(pace, t)];
    await enqueue(
      trx,
      {
        guildId: guild.guild_id,
        kind: "leaderboard",
        // The server's own roadmap keeps the key it had before tracks, so a week queued then is not posted twice.
        dedupeKey: running.own ? `leaderboard:${guild.guild_id}:${week.start.toISOString()}` : `leaderboard:${guild.guild_id}:${roadmap.id}:${week.start.toISOString()}`,
        channelId: guild.channel_id,
        payload: await withLeaderboardPicture(trx, guild.guild_id, view, embed, t.plain("leaderboard:picture.weekly"), t),
      },
      now,
    );
  }
  // Older missed weeks are not back-filled: the next slot is the first one after now.
  await setTrackNextPostAt(trx, track, nextSlotAfter(now > slot ? now : slot, schedule));
}

/**
 * A leaderboard post's payload. The picture is described, not drawn: the outbox draws it at
 * delivery, so the queue holds small JSON and a failed drawing never blocks the post.
 */
async function withLeaderboardPicture(
  db: Deps["db"] | Transaction<Database>,
  guildId: string,
  view: LeaderboardView,
  embed: APIEmbed,
  title: string,
  t: Translator,
): Promise<LeaderboardPostPayload> {
  const post: LeaderboardPostPayload = { embeds: [embed], allowed_mentions: { parse: [] } };
  if (view.entries.length === 0) return post;
  const names = await displayNames(db, guildId, view.entries.map((entry) => entry.userId));
  const input = leaderboardImageInput(view, title, names, t);
  return { ...post, picture: { kind: "leaderboard", input, description: t.plain("leaderboard:picture.description") } };
}

/** Transactions composing posts at once: each claims its own guilds (SKIP LOCKED), so they never collide. */
const WORKERS = 4;

/** Queues every weekly leaderboard that is due; returns how many. One guild's failure never holds up the others'. */
export async function enqueueDueLeaderboards(deps: FanOutDeps): Promise<number> {
  const worker = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const now = deps.clock.now();
      const batch = await deps.db.transaction().execute(async (trx) => {
        const tracks = await lockDueTracks(trx, now, BATCH);
        let composed = 0;
        for (const track of tracks) {
          const outcome = await isolateGuildWork(trx, deps, { guildId: track.guild_id, job: "weekly-post" }, () => composeWeeklyPost(trx, deps, track, now));
          if (outcome.ok) composed++;
        }
        return { locked: tracks.length, composed };
      });
      total += batch.composed;
      if (batch.locked < BATCH) return total;
    }
  };
  const counts = await Promise.all(Array.from({ length: WORKERS }, worker));
  return counts.reduce((sum, count) => sum + count, 0);
}

/** "Post this week's leaderboard now": a live snapshot that does not replace the scheduled post. */
export async function enqueueLeaderboardNow(deps: Deps, guild: GuildRow, requestId: string): Promise<void> {
  const now = deps.clock.now();
  const view = await leaderboardView(deps, guild.guild_id, "", "week", 0);
  const t = deps.i18n.forServer(guild.guild_id, guild.language);
  const embed = renderLeaderboard(view, t, { title: t.t("leaderboard:post.now"), forCaller: false });
  await enqueue(
    deps.db,
    {
      guildId: guild.guild_id,
      kind: "leaderboard",
      dedupeKey: `leaderboard-now:${guild.guild_id}:${requestId}`,
      channelId: guild.channel_id,
      payload: await withLeaderboardPicture(deps.db, guild.guild_id, view, embed, t.plain("leaderboard:picture.now"), t),
    },
    now,
  );
}
