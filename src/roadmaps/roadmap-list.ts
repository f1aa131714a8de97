import type { AppContext } from "../context.ts";
import { guildRoadmapChoice, listUsableRoadmaps, membersPerRoadmap } from "../db/roadmap-repository.ts";

export interface RoadmapListRow {
  readonly roadmapId: string;
  readonly title: string;
  readonly bundled: boolean;
  /** The version this server runs (or would run) of it. */
  readonly version: number;
  /** A bundled roadmap's deployed version this server has not confirmed yet. */
  readonly newerVersion: number | undefined;
  readonly running: boolean;
  readonly members: number;
}

/** The roadmaps a server can use (bundled and its own uploads), which one it runs, and members with progress on each. */
export async function listRoadmapsOfGuild(ctx: Pick<AppContext, "db" | "catalogue">, guildId: string): Promise<RoadmapListRow[]> {
  const [roadmaps, choice, members] = [await listUsableRoadmaps(ctx.db, guildId), await guildRoadmapChoice(ctx.db, guildId), await membersPerRoadmap(ctx.db, guildId)];
  const runningId = roadmaps.some((r) => r.roadmapId === choice?.roadmapId) ? choice!.roadmapId : ctx.catalogue.defaultRoadmap.id;
  return roadmaps.map((roadmap) => {
    const running = roadmap.roadmapId === runningId;
    const version = running && choice?.roadmapId === roadmap.roadmapId && choice.version !== null ? choice.version : roadmap.currentVersion;
    return {
      roadmapId: roadmap.roadmapId,
      title: roadmap.title,
      bundled: roadmap.guildId === null,
      version,
      newerVersion: roadmap.guildId === null && roadmap.latestVersion > version ? roadmap.latestVersion : undefined,
      running,
      members: members.get(roadmap.roadmapId) ?? 0,
    };
  });
}
