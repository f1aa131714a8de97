import { createHash } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { Roadmap } from "../catalogue/catalogue.ts";
import type { AppContext } from "../context.ts";
import { findStoredRoadmaps } from "../db/roadmap-repository.ts";
import type { Database, TrackRow } from "../db/schema.ts";
import { findTrack, listTracks, memberTrackContext, useTrack, type TrackState } from "../db/track-repository.ts";
import type { MemberKey } from "../db/progress-repository.ts";
import { truncate } from "../discord/render/text.ts";
import { UserError, type UserMessage } from "../errors.ts";
import { roadmapForGuild, roadmapsForGuilds } from "../progress/progress-service.ts";

type Deps = Pick<AppContext, "db" | "catalogue" | "clock"> & Partial<Pick<AppContext, "guildRoadmaps">>;

export const NOT_A_TRACK: UserMessage = { key: "roadmaps:refusal.notATrack" };

/**
 * The roadmap version a track runs: the server's own roadmap as the server runs it, another
 * track's as it pinned it, else that roadmap's current version. Undefined once its roadmap is gone.
 */
async function runningRoadmap(deps: Omit<Deps, "db"> & { db: Kysely<Database> | Transaction<Database> }, own: Roadmap, track: Omit<TrackState, "title">) {
  if (own.id === track.roadmapId) return { roadmap: own, own: true };
  if (track.removed || track.currentVersion === undefined) return undefined;
  const roadmap = await deps.guildRoadmaps?.version(deps.db as Kysely<Database>, track.roadmapId, track.pinnedVersion ?? track.currentVersion);
  return roadmap && { roadmap, own: false };
}

/**
 * Which version of a roadmap a server runs, by number: its own roadmap's as the server pinned it,
 * another track's as that track pinned it, else the roadmap's current one (`runningRoadmap` gives
 * the roadmap itself by the same rule).
 */
export function versionRun(
  own: { readonly roadmapId: string; readonly version: number | undefined } | undefined,
  roadmapId: string,
  trackPin: number | null | undefined,
  currentVersion: number,
): number {
  if (own?.roadmapId === roadmapId) return own.version ?? currentVersion;
  return trackPin ?? currentVersion;
}

/** The roadmap version a track runs (see `runningRoadmap`), read for one track. */
export async function roadmapOfTrack(
  deps: Omit<Deps, "db"> & { db: Kysely<Database> | Transaction<Database> },
  track: Pick<TrackRow, "guild_id" | "roadmap_id" | "roadmap_version">,
): Promise<{ roadmap: Roadmap; own: boolean } | undefined> {
  const [running] = await roadmapsOfTracks(deps, [track]);
  return running;
}

/** The same for several tracks (a batch of weekly posts): each server's own roadmap read once, the others' state in one read. */
export async function roadmapsOfTracks(
  deps: Omit<Deps, "db"> & { db: Kysely<Database> | Transaction<Database> },
  tracks: readonly Pick<TrackRow, "guild_id" | "roadmap_id" | "roadmap_version">[],
): Promise<({ roadmap: Roadmap; own: boolean } | undefined)[]> {
  const owns = await roadmapsForGuilds({ ...deps, db: deps.db as Kysely<Database> }, tracks.map((track) => track.guild_id));
  const others = tracks.filter((track) => owns.get(track.guild_id)!.id !== track.roadmap_id);
  const stored = await findStoredRoadmaps(deps.db, others.map((track) => track.roadmap_id));
  const running: ({ roadmap: Roadmap; own: boolean } | undefined)[] = [];
  for (const track of tracks) {
    const state = stored.get(track.roadmap_id);
    running.push(
      await runningRoadmap(deps, owns.get(track.guild_id)!, {
        roadmapId: track.roadmap_id,
        pinnedVersion: track.roadmap_version,
        currentVersion: state?.currentVersion,
        removed: state?.removedAt != null,
      }),
    );
  }
  return running;
}

export interface MemberTrack {
  readonly roadmap: Roadmap;
  /** The server's own roadmap (its weekly slot is the server's). */
  readonly own: boolean;
  /** Whether the member named it, so it becomes their default. */
  readonly named: boolean;
  readonly tracked: boolean;
}

/** A member's tracks as one read gives them (see `memberTrackContext`). */
export interface MemberTracks {
  /** The server's own roadmap, as the server runs it. */
  readonly own: Roadmap;
  /** The tracks the member follows, the one used last first. */
  readonly followed: readonly string[];
  /** Whether the server runs this roadmap as a track (a row of its own). */
  isTrack(roadmapId: string): boolean;
  /** The roadmap a track of the server runs; undefined when it is no track here, or its roadmap is gone. */
  running(roadmapId: string): Promise<{ roadmap: Roadmap; own: boolean } | undefined>;
}

/** The member's tracks and the server's, in one round trip; versions come from memory once loaded. */
export async function memberTracks(deps: Deps, key: MemberKey): Promise<MemberTracks> {
  const context = await memberTrackContext(deps.db, key, deps.catalogue.defaultRoadmap.id);
  const own = deps.guildRoadmaps ? await deps.guildRoadmaps.forChoice(deps.db, context.own) : await roadmapForGuild(deps, key.guildId);
  const trackOf = (id: string) => context.tracks.find((track) => track.roadmapId === id);
  return {
    own,
    followed: context.followed,
    isTrack: (roadmapId) => trackOf(roadmapId) !== undefined,
    async running(roadmapId) {
      if (roadmapId === own.id) return { roadmap: own, own: true };
      const track = trackOf(roadmapId);
      return track && runningRoadmap(deps, own, track);
    },
  };
}

/**
 * The roadmap a member's command works on: the track named (refused politely unless this server
 * runs it), else the one they used last, else the server's own roadmap. Reads only, in one round
 * trip (autocomplete uses it too); `rememberTrack` records the choice.
 */
export async function resolveMemberTrack(deps: Deps, key: MemberKey, named: string | undefined): Promise<MemberTrack> {
  const tracks = await memberTracks(deps, key);
  const { own } = tracks;
  if (named !== undefined) {
    // The server's own roadmap is its track even before setup makes a row for it. A forged value
    // is only compared with the server's tracks, never sent to Postgres.
    const running = await tracks.running(named);
    if (!running) throw new UserError(NOT_A_TRACK);
    return { ...running, named: true, tracked: running.own ? tracks.isTrack(named) : true };
  }
  const [last] = tracks.followed;
  const running = last !== undefined && last !== own.id ? await tracks.running(last) : undefined;
  if (running) return { ...running, named: false, tracked: true };
  return { roadmap: own, own: true, named: false, tracked: last === own.id };
}

/** A track the member named becomes their default and one they follow. */
export async function rememberTrack(deps: Deps, key: MemberKey, track: MemberTrack): Promise<void> {
  if (track.named && track.tracked) await useTrack(deps.db, key, track.roadmap.id, deps.clock.now());
}

/** The roadmap a member's command works on, remembering a named track (see `resolveMemberTrack`). */
export async function memberRoadmap(deps: Deps, key: MemberKey, named: string | undefined): Promise<MemberTrack> {
  const track = await resolveMemberTrack(deps, key, named);
  await rememberTrack(deps, key, track);
  return track;
}

/** `/roadmap join`: follow one of the server's tracks; it becomes the member's default. */
export async function joinTrack(deps: Deps, key: MemberKey, named: string): Promise<Roadmap> {
  // The server's own roadmap before any setup has no track row: it is followed by checking, as today.
  return (await memberRoadmap(deps, key, named)).roadmap;
}

/** Choices for a member's `roadmap:` option: the member's tracks first, then the server's others. */
export async function trackChoices(deps: Deps, key: MemberKey, typed: string): Promise<{ name: string; value: string }[]> {
  const needle = typed.trim().toLowerCase();
  const { followed, tracks } = await memberTrackContext(deps.db, key, deps.catalogue.defaultRoadmap.id);
  const ordered = [...followed.flatMap((id) => tracks.filter((track) => track.roadmapId === id)), ...tracks];
  const choices: { name: string; value: string }[] = [];
  for (const track of new Set(ordered)) {
    const title = track.title ?? track.roadmapId;
    if (needle !== "" && !title.toLowerCase().includes(needle) && !track.roadmapId.includes(needle)) continue;
    choices.push({ name: truncate(title, 100), value: track.roadmapId });
    if (choices.length === 25) break;
  }
  return choices;
}

/** A short, stable name of a track for a button's custom id (Discord allows 100 characters in all). */
export function trackTag(roadmapId: string): string {
  return createHash("sha256").update(roadmapId).digest("hex").slice(0, 10);
}

/** A track a member views (a leaderboard page), with the weekly slot its weeks follow. */
export interface ViewedTrack {
  readonly roadmap: Roadmap;
  /** The track's own slot; undefined: the server's (its own roadmap's). */
  readonly schedule: Pick<TrackRow, "post_weekday" | "post_time" | "timezone"> | undefined;
}

/**
 * The track a paging button's tag names, among this server's; refused politely when it is gone. A
 * button from before tracks carries no tag: it shows the server's own roadmap.
 */
export async function trackByTag(deps: Deps, guildId: string, tag: string | undefined): Promise<ViewedTrack> {
  const own = await roadmapForGuild(deps, guildId);
  if (tag === undefined || tag === trackTag(own.id)) return { roadmap: own, schedule: undefined };
  const track = (await listTracks(deps.db, guildId)).find((candidate) => trackTag(candidate.roadmap_id) === tag);
  const running = track && (await roadmapOfTrack(deps, track));
  if (!track || !running) throw new UserError(NOT_A_TRACK);
  return { roadmap: running.roadmap, schedule: running.own ? undefined : track };
}

/** The weekly slot of a member's track: the track's own, unless it is the server's own roadmap. */
export async function viewedTrack(deps: Deps, guildId: string, track: MemberTrack): Promise<ViewedTrack> {
  if (track.own) return { roadmap: track.roadmap, schedule: undefined };
  return { roadmap: track.roadmap, schedule: await findTrack(deps.db, guildId, track.roadmap.id) };
}

/**
 * The version of a roadmap a guild's scores on it count by: the one its track runs, else (a track
 * stopped since) that roadmap's current version; undefined when the roadmap is gone altogether.
 */
export async function scoredRoadmap(deps: Deps, guildId: string, roadmapId: string): Promise<Roadmap | undefined> {
  const track = await findTrack(deps.db, guildId, roadmapId);
  const running = await roadmapOfTrack(deps, { guild_id: guildId, roadmap_id: roadmapId, roadmap_version: track?.roadmap_version ?? null });
  return running?.roadmap ?? deps.catalogue.roadmap(roadmapId);
}
