import { versionRun } from "../tracks/tracks.ts";
import type { AppContext } from "../context.ts";
import { guildRoadmapVersion, listUsableRoadmaps, membersPerRoadmap } from "../db/roadmap-repository.ts";
import { listTracks } from "../db/track-repository.ts";

export interface RoadmapListRow {
  readonly roadmapId: string;
  readonly title: string;
  /** The language its current version declares (e.g. "pt-BR"); null when it declares none. */
  readonly language: string | null;
  readonly bundled: boolean;
  /** The version this server runs (or would run) of it. */
  readonly version: number;
  /** A bundled roadmap's deployed version this server has not confirmed yet. */
  readonly newerVersion: number | undefined;
  readonly running: boolean;
  /** The channel of its track, when the server runs it as one (`/roadmap-admin setup roadmap:`). */
  readonly trackChannelId: string | undefined;
  readonly members: number;
}

/** The roadmaps a server can use (bundled and its own uploads), which one it runs, its tracks, and members with progress on each. */
export async function listRoadmapsOfGuild(ctx: Pick<AppContext, "db" | "catalogue">, guildId: string): Promise<RoadmapListRow[]> {
  const roadmaps = await listUsableRoadmaps(ctx.db, guildId);
  const own = await guildRoadmapVersion(ctx.db, guildId, ctx.catalogue.defaultRoadmap.id);
  const members = await membersPerRoadmap(ctx.db, guildId);
  const tracks = new Map((await listTracks(ctx.db, guildId)).map((track) => [track.roadmap_id, track]));
  const runningId = own?.roadmapId ?? ctx.catalogue.defaultRoadmap.id;
  return roadmaps.map((roadmap) => {
    const running = roadmap.roadmapId === runningId;
    const version = versionRun(own, roadmap.roadmapId, tracks.get(roadmap.roadmapId)?.roadmap_version, roadmap.currentVersion);
    return {
      roadmapId: roadmap.roadmapId,
      title: roadmap.title,
      language: roadmap.language,
      bundled: roadmap.guildId === null,
      version,
      newerVersion: roadmap.guildId === null && roadmap.latestVersion > version ? roadmap.latestVersion : undefined,
      running,
      trackChannelId: tracks.get(roadmap.roadmapId)?.channel_id,
      members: members.get(roadmap.roadmapId) ?? 0,
    };
  });
}
