import type { AppContext } from "../context.ts";
import { findStoredRoadmap, guildRoadmapVersion } from "../db/roadmap-repository.ts";
import { findTrack } from "../db/track-repository.ts";
import { roadmapForGuild } from "../progress/progress-service.ts";
import { usableRoadmap } from "../roadmaps/roadmap-uploads.ts";
import type { MemberTrack } from "../tracks/tracks.ts";
import type { RoadmapStamp } from "./roadmap-marker.ts";

/** The roadmap of a track as the server runs it: the version its members' progress is counted against. */
export async function stampOfTrack(deps: Pick<AppContext, "db" | "catalogue">, guildId: string, track: Pick<MemberTrack, "roadmap" | "own">): Promise<RoadmapStamp> {
  const { roadmap } = track;
  const version = track.own ? (await guildRoadmapVersion(deps.db, guildId, deps.catalogue.defaultRoadmap.id))?.version : await trackVersion(deps, guildId, roadmap.id);
  return { id: roadmap.id, title: roadmap.title, version: version ?? 1 };
}

async function trackVersion(deps: Pick<AppContext, "db">, guildId: string, roadmapId: string): Promise<number | undefined> {
  const pinned = (await findTrack(deps.db, guildId, roadmapId))?.roadmap_version;
  return pinned ?? (await findStoredRoadmap(deps.db, roadmapId))?.currentVersion;
}

/**
 * The roadmap an organiser's export is for: the server's own by default, else any roadmap this
 * server can use, running or stopped, so a stopped track's progress stays exportable.
 */
export async function organiserExportRoadmap(
  deps: Pick<AppContext, "db" | "catalogue" | "clock"> & Partial<Pick<AppContext, "guildRoadmaps">>,
  guildId: string,
  named: string | undefined,
): Promise<Pick<MemberTrack, "roadmap" | "own">> {
  const own = await roadmapForGuild(deps, guildId);
  if (named === undefined || named === own.id) return { roadmap: own, own: true };
  const stored = await usableRoadmap(deps, guildId, named);
  const version = (await trackVersion(deps, guildId, stored.roadmapId)) ?? stored.currentVersion;
  const roadmap = await deps.guildRoadmaps?.version(deps.db, stored.roadmapId, version);
  if (!roadmap) throw new Error(`roadmap ${stored.roadmapId} version ${version} is not stored`);
  return { roadmap, own: false };
}
