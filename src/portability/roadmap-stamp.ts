import type { AppContext } from "../context.ts";
import { findStoredRoadmap, guildRoadmapVersion } from "../db/roadmap-repository.ts";
import { findTrack } from "../db/track-repository.ts";
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
