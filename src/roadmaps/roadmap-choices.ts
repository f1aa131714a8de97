import type { APIApplicationCommandOptionChoice } from "discord.js";
import { findStoredRoadmap, listUsableRoadmaps, type StoredRoadmap } from "../db/roadmap-repository.ts";
import type { AppContext } from "../context.ts";
import { truncate } from "../discord/render/text.ts";

/** How a roadmap is named in choices and lists: its title, and whether it is bundled or this server's. */
export function roadmapLabel(roadmap: StoredRoadmap): string {
  return `${roadmap.title} (${roadmap.guildId === null ? "bundled" : "uploaded"}, version ${roadmap.currentVersion})`;
}

/** Autocomplete over the roadmaps this server may use; Discord shows 25 choices of 100 characters. */
export async function roadmapChoices(
  ctx: Pick<AppContext, "db">,
  guildId: string,
  typed: string,
  filter: (roadmap: StoredRoadmap) => boolean = () => true,
): Promise<APIApplicationCommandOptionChoice[]> {
  const needle = typed.trim().toLowerCase();
  const roadmaps = await listUsableRoadmaps(ctx.db, guildId);
  return roadmaps
    .filter(filter)
    .filter((roadmap) => needle === "" || roadmap.title.toLowerCase().includes(needle) || roadmap.roadmapId.includes(needle))
    .slice(0, 25)
    .map((roadmap) => ({ name: truncate(roadmapLabel(roadmap), 100), value: roadmap.roadmapId }));
}

/** A stored roadmap's title, for answers that name a track; its id when it is not stored. */
export async function roadmapTitle(ctx: Pick<AppContext, "db">, roadmapId: string): Promise<string> {
  return (await findStoredRoadmap(ctx.db, roadmapId))?.title ?? roadmapId;
}
