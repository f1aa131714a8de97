import type { Clock } from "../clock.ts";
import type { Catalogue, Roadmap } from "./catalogue.ts";

export interface GuildRoadmaps {
  /** The roadmap a guild follows, from a short-lived memory of the database's answer. */
  forGuild(guildId: string, lookup: (guildId: string) => Promise<string | undefined>): Promise<Roadmap>;
  forget(guildId: string): void;
}

const MAX_ENTRIES = 50_000;

/**
 * Every command and keystroke needs the guild's roadmap; it changes rarely, so one answer is
 * reused for a minute instead of asking Postgres each time.
 */
export function createGuildRoadmaps(catalogue: Catalogue, clock: Clock, ttlMs = 60_000): GuildRoadmaps {
  const remembered = new Map<string, { roadmap: Roadmap; until: number }>();
  return {
    async forGuild(guildId, lookup) {
      const now = clock.now().getTime();
      const hit = remembered.get(guildId);
      if (hit && hit.until > now) return hit.roadmap;
      const id = await lookup(guildId);
      const roadmap = (id && catalogue.roadmap(id)) || catalogue.defaultRoadmap;
      remembered.delete(guildId);
      if (remembered.size >= MAX_ENTRIES) remembered.delete(remembered.keys().next().value!);
      remembered.set(guildId, { roadmap, until: now + ttlMs });
      return roadmap;
    },
    forget(guildId) {
      remembered.delete(guildId);
    },
  };
}
