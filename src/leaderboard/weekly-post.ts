import type { Transaction } from "kysely";
import type { AppContext } from "../context.ts";
import { lockDueTracks, setTracksNextPostAt, type DueTrack } from "../db/track-repository.ts";
import { saveWeeks, savedStandingsFirstPages } from "../db/weekly-repository.ts";
import { openScoreWindowsOf } from "../db/score-repository.ts";
import { clearGuildJobFailures } from "../db/guild-repository.ts";
import { inSavepoint } from "../db/savepoint.ts";
import { enqueue, enqueueAll } from "../db/outbox-repository.ts";
import type { Roadmap } from "../catalogue/catalogue.ts";
import type { Database, GuildRow } from "../db/schema.ts";
import { roadmapsOfTracks } from "../tracks/tracks.ts";
import { renderGroupPace } from "../discord/render/group.ts";
import { renderLeaderboard, renderQuietWeek } from "../discord/render/leaderboard.ts";
import { leaderboardImageInput } from "../discord/render/pictures.ts";
import { displayNames, displayNamesOf } from "../db/progress-repository.ts";
import type { LeaderboardPostPayload } from "../scheduler/post-payload.ts";
import type { APIEmbed } from "discord.js";
import type { Translator } from "../i18n/translator.ts";
import { groupPaces } from "../group/group-service.ts";
import { assembleViews, currentWindows, leaderboardView, PAGE_SIZE, scoreScope, type LeaderboardView } from "./leaderboard-service.ts";
import { GuildSetupProblem, isolateGuildWork } from "../scheduler/guild-isolation.ts";
import { nextSlotAfter, scheduleOf, scheduleProblem, weekReportedAt, type Week, type WeeklySchedule } from "./week.ts";

type Deps = Pick<AppContext, "db" | "catalogue" | "clock" | "logger" | "i18n"> & Partial<Pick<AppContext, "guildRoadmaps">>;
type FanOutDeps = Deps & Pick<AppContext, "metrics">;

/** A post made this long after its slot says it is late (the bot was down). */
const LATE_AFTER_MS = 60 * 60_000;
const BATCH = 50;

/** A due track's week, with what composing its post needs; a track that cannot post throws GuildSetupProblem here. */
interface PlannedPost {
  readonly track: DueTrack;
  readonly schedule: WeeklySchedule;
  readonly slot: Date;
  readonly week: Week;
  readonly roadmap: Roadmap;
  readonly own: boolean;
}

function planPost(track: DueTrack, running: { roadmap: Roadmap; own: boolean } | undefined, now: Date): PlannedPost {
  const schedule = scheduleOf(track);
  const problem = scheduleProblem(schedule);
  if (problem) throw new GuildSetupProblem(problem);
  if (!running) throw new GuildSetupProblem({ key: "admin:jobProblems.trackRoadmapRemoved" });
  const slot = track.next_post_at ?? now;
  return { track, schedule, slot, week: weekReportedAt(slot, schedule), roadmap: running.roadmap, own: running.own };
}

/**
 * Freezes the weeks these tracks' due slots report on, queues each track's post to its channel
 * (unless the week was quiet and the organiser chose to skip those) and moves each track to its
 * next slot. A batch costs the same few statements however many tracks it holds. Runs under the
 * tracks' row locks, so two bot processes never compose the same week.
 */
async function composeWeeklyPosts(trx: Transaction<Database>, deps: Deps, tracks: readonly DueTrack[], now: Date): Promise<void> {
  const running = await roadmapsOfTracks({ ...deps, db: trx }, tracks);
  const plans = tracks.map((track, n) => planPost(track, running[n], now));
  const weeks = plans.map(({ track, roadmap, week }) => ({ ...scoreScope(roadmap, track.guild_id), start: week.start, end: week.end }));

  const totals = await saveWeeks(trx, weeks);
  // The week that starts now is kept from its first check, so its leaderboard reads kept rows.
  await openScoreWindowsOf(
    trx,
    plans.flatMap(({ track, roadmap, schedule, slot }) => currentWindows(schedule, slot).map((window) => ({ guildId: track.guild_id, roadmap, window }))),
  );
  const pages = await savedStandingsFirstPages(trx, weeks, PAGE_SIZE);
  const views = await assembleViews(
    trx,
    plans.map(({ track, roadmap, week, schedule }, n) => ({
      period: "last-week" as const,
      roadmap,
      base: scoreScope(roadmap, track.guild_id),
      window: week,
      result: { ...pages[n]!, caller: undefined, page: 0 },
      frozen: true,
      resetsAt: undefined,
      schedule,
      now,
      totals: totals[n]!,
    })),
  );

  // A member's start and target dates are theirs, not a track's: the pace speaks of the server's own roadmap.
  const ownPlans = plans.filter((plan) => plan.own);
  const ownPaces = await groupPaces(trx, ownPlans.map(({ track, schedule, roadmap }) => ({ guildId: track.guild_id, schedule, roadmap })), now);
  const paces = new Map(ownPlans.map((plan, n) => [plan, ownPaces[n]!]));

  const posts: { plan: PlannedPost; view: LeaderboardView; embed: APIEmbed; t: Translator }[] = [];
  for (const [n, plan] of plans.entries()) {
    const { track } = plan;
    const view = views[n]!;
    // Rendered now, in the server's language: the queued payload is the finished message.
    const t = deps.i18n.forServer(track.guild_id, track.language);
    const late = now.getTime() - plan.slot.getTime() > LATE_AFTER_MS;
    const title = t.t(late ? "leaderboard:post.weeklyLate" : "leaderboard:post.weekly");
    const quiet = totals[n]!.itemsDone === 0;
    // The week is saved either way, so "last week" still answers; only the post is the organiser's choice.
    if (quiet && track.empty_weeks !== "post") continue;
    const embed = quiet ? renderQuietWeek(view, title, t) : renderLeaderboard(view, t, { title, forCaller: false });
    const pace = paces.get(plan) ?? [];
    if (pace.length > 0) embed.fields = [...(embed.fields ?? []), renderGroupPace(pace, t)];
    posts.push({ plan, view, embed, t });
  }
  const names = await displayNamesOf(trx, posts.map(({ plan, view }) => ({ guildId: plan.track.guild_id, userIds: view.entries.map((entry) => entry.userId) })));
  await enqueueAll(
    trx,
    posts.map(({ plan: { track, own, roadmap, week }, view, embed, t }, n) => ({
      guildId: track.guild_id,
      kind: "leaderboard" as const,
      // The server's own roadmap keeps the key it had before tracks, so a week queued then is not posted twice.
      dedupeKey: own ? `leaderboard:${track.guild_id}:${week.start.toISOString()}` : `leaderboard:${track.guild_id}:${roadmap.id}:${week.start.toISOString()}`,
      channelId: track.channel_id,
      payload: leaderboardPayload(view, embed, names[n]!, t.plain("leaderboard:picture.weekly"), t),
    })),
    now,
  );
  // Older missed weeks are not back-filled: the next slot is the first one after now.
  await setTracksNextPostAt(
    trx,
    plans.map(({ track, slot, schedule }) => ({ ...track, nextPostAt: nextSlotAfter(now > slot ? now : slot, schedule) })),
  );
}

/**
 * A leaderboard post's payload. The picture is described, not drawn: the outbox draws it at
 * delivery, so the queue holds small JSON and a failed drawing never blocks the post.
 */
function leaderboardPayload(view: LeaderboardView, embed: APIEmbed, names: Map<string, string>, title: string, t: Translator): LeaderboardPostPayload {
  const post: LeaderboardPostPayload = { embeds: [embed], allowed_mentions: { parse: [] } };
  if (view.entries.length === 0) return post;
  const input = leaderboardImageInput(view, title, names, t);
  return { ...post, picture: { kind: "leaderboard", input, description: t.plain("leaderboard:picture.description") } };
}

/** Transactions composing posts at once: each claims its own tracks (SKIP LOCKED), so they never collide. */
const WORKERS = 4;

/**
 * Composes a batch of due tracks' posts together; if that fails, each track's alone, so one
 * track's failure (recorded with its retry time) never holds up the others'. Returns how many were composed.
 */
async function composeBatch(trx: Transaction<Database>, deps: FanOutDeps, tracks: readonly DueTrack[], now: Date): Promise<number> {
  const targets = tracks.map((track) => ({ guildId: track.guild_id, job: "weekly-post" as const, roadmapId: track.roadmap_id }));
  if (tracks.length > 1) {
    try {
      await inSavepoint(trx, () => composeWeeklyPosts(trx, deps, tracks, now));
      await clearGuildJobFailures(trx, targets);
      return tracks.length;
    } catch (error) {
      deps.logger.debug({ err: error, tracks: tracks.length }, "a batch of weekly posts failed together; composing each alone");
    }
  }
  let composed = 0;
  for (const [n, track] of tracks.entries()) {
    const outcome = await isolateGuildWork(trx, deps, targets[n]!, () => composeWeeklyPosts(trx, deps, [track], now));
    if (outcome.ok) composed++;
  }
  return composed;
}

/** Queues every weekly leaderboard that is due; returns how many. One track's failure never holds up the others'. */
export async function enqueueDueLeaderboards(deps: FanOutDeps): Promise<number> {
  const worker = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const now = deps.clock.now();
      const batch = await deps.db.transaction().execute(async (trx) => {
        const tracks = await lockDueTracks(trx, now, BATCH);
        return { locked: tracks.length, composed: tracks.length === 0 ? 0 : await composeBatch(trx, deps, tracks, now) };
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
      payload: leaderboardPayload(view, embed, await displayNames(deps.db, guild.guild_id, view.entries.map((entry) => entry.userId)), t.plain("leaderboard:picture.now"), t),
    },
    now,
  );
}
