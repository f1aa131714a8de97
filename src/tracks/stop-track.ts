import type { AppContext } from "../context.ts";
import { adoptTrackAsServerRoadmap } from "../db/guild-repository.ts";
import { findStoredRoadmap, guildRoadmapVersion } from "../db/roadmap-repository.ts";
import { deleteTrack, keepStoppedVersion, listTracks } from "../db/track-repository.ts";
import type { TrackRow } from "../db/schema.ts";
import { UserError } from "../errors.ts";
import { roadmapForGuild } from "../progress/progress-service.ts";
import { truncate } from "../discord/render/text.ts";
import { trackTag } from "./tracks.ts";

type Deps = Pick<AppContext, "db" | "catalogue" | "clock"> & Partial<Pick<AppContext, "guildRoadmaps">>;

/** How long an organiser has to confirm, as for the other roadmap previews. */
const STOP_CONFIRM_MS = 15 * 60_000;

/** The roadmaps whose tracks this server runs: `remove` offers these bundled ones beside its uploads. */
export async function runningTrackIds(deps: Pick<Deps, "db">, guildId: string): Promise<Set<string>> {
  return new Set((await listTracks(deps.db, guildId)).map((track) => track.roadmap_id));
}

/** What stopping a bundled roadmap's track would do, for the organiser to confirm. */
export interface StopPreview {
  readonly roadmapId: string;
  readonly title: string;
  readonly channelId: string;
  /** The server's own roadmap moves to its other track's when the stopped one was its own. */
  readonly becomesOwn: string | undefined;
}

/**
 * The track a bundled roadmap runs as on this server, and what stopping it changes. The roadmap
 * itself comes with the bot and stays; a server's only track is not stopped, so members always
 * have one to work on.
 */
export async function previewStopTrack(deps: Deps, guildId: string, roadmapId: string, title: string): Promise<StopPreview> {
  const tracks = await listTracks(deps.db, guildId);
  const track = tracks.find((candidate) => candidate.roadmap_id === roadmapId);
  if (!track) throw new UserError({ key: "admin:stopTrack.notRunning", values: { roadmap: truncate(title, 100) } });
  const next = await nextOwnTrack(deps, guildId, tracks, track);
  const becomesOwn = next && (await findStoredRoadmap(deps.db, next.roadmap_id))?.title;
  return { roadmapId, title, channelId: track.channel_id, becomesOwn };
}

/** The track that takes over as the server's own when `stopping` is its own; refused when there is none. */
async function nextOwnTrack(deps: Deps, guildId: string, tracks: readonly TrackRow[], stopping: TrackRow): Promise<TrackRow | undefined> {
  const own = await roadmapForGuild(deps, guildId);
  if (stopping.roadmap_id !== own.id) return undefined;
  const next = tracks.find((candidate) => candidate.roadmap_id !== own.id);
  if (!next) throw new UserError({ key: "admin:stopTrack.onlyTrack", values: { roadmap: truncate(own.title, 100) } });
  return next;
}

export interface StoppedTrack {
  readonly title: string;
  readonly becomesOwn: string | undefined;
}

/**
 * Stops the track a confirmation names (by its tag): no more weekly posts, and members' `roadmap:`
 * no longer offers it. Progress stays; setup starts it again. A second press finds nothing to stop.
 */
export async function stopTrack(deps: Deps, guildId: string, tag: string, issuedAt: number): Promise<StoppedTrack> {
  if (!Number.isFinite(issuedAt) || deps.clock.now().getTime() - issuedAt > STOP_CONFIRM_MS) throw new UserError({ key: "admin:stopTrack.expired" });
  return deps.db.transaction().execute(async (trx) => {
    const trxDeps = { ...deps, db: trx };
    const tracks = await listTracks(trx, guildId);
    const track = tracks.find((candidate) => trackTag(candidate.roadmap_id) === tag);
    const stored = track && (await findStoredRoadmap(trx, track.roadmap_id));
    // Only bundled roadmaps' tracks stop this way; an upload's stops when it is removed.
    if (!track || !stored || stored.guildId !== null) throw new UserError({ key: "admin:stopTrack.alreadyStopped" });
    const next = await nextOwnTrack(trxDeps as Deps, guildId, tracks, track);
    // The version it ran (the server's pin when it was the server's own), for setup to start again.
    const ran = next ? (await guildRoadmapVersion(trx, guildId, deps.catalogue.defaultRoadmap.id))?.version : (track.roadmap_version ?? undefined);
    if (ran !== undefined) await keepStoppedVersion(trx, guildId, track.roadmap_id, ran, deps.clock.now());
    if (next) await adoptTrackAsServerRoadmap(trx, guildId, next);
    await deleteTrack(trx, guildId, track.roadmap_id);
    return { title: stored.title, becomesOwn: next && (await findStoredRoadmap(trx, next.roadmap_id))?.title };
  });
}
