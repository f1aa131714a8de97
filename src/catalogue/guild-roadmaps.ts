import type { Kysely } from "kysely";
import { guildRoadmapVersion, versionDocument, type GuildRoadmapChoice } from "../db/roadmap-repository.ts";
import type { Database } from "../db/schema.ts";
import { buildRoadmap, type Catalogue, type Roadmap } from "./catalogue.ts";
import { problemText, validateRoadmapData } from "./load.ts";

export interface GuildRoadmaps {
  /**
   * The roadmap version a guild runs. Which version is read from the database every time (one
   * indexed row), so a replica serves a version another replica confirmed at once; the versions
   * themselves are immutable and kept in memory by (roadmap id, version).
   */
  forGuild(db: Kysely<Database>, guildId: string): Promise<Roadmap>;
  /** The same, from a guild's choice already read (`guildRoadmapVersion`, or beside other reads). */
  forChoice(db: Kysely<Database>, choice: GuildRoadmapChoice | undefined): Promise<Roadmap>;
  /** A stored version, loaded on first use; undefined when it is not stored. */
  version(db: Kysely<Database>, roadmapId: string, version: number): Promise<Roadmap | undefined>;
}

const MAX_VERSIONS = 500;

export function createGuildRoadmaps(catalogue: Catalogue): GuildRoadmaps {
  const versions = new Map<string, Promise<Roadmap | undefined>>();

  function version(db: Kysely<Database>, roadmapId: string, number: number): Promise<Roadmap | undefined> {
    const key = `${roadmapId}@${number}`;
    const known = versions.get(key);
    if (known) {
      // Least recently used goes first when the memory is full.
      versions.delete(key);
      versions.set(key, known);
      return known;
    }
    const loading = loadVersion(db, roadmapId, number);
    // A failed read (the database away for a moment) is not remembered.
    loading.then((roadmap) => roadmap ?? versions.delete(key), () => versions.delete(key));
    if (versions.size >= MAX_VERSIONS) versions.delete(versions.keys().next().value!);
    versions.set(key, loading);
    return loading;
  }

  async function forChoice(db: Kysely<Database>, choice: GuildRoadmapChoice | undefined): Promise<Roadmap> {
    if (!choice) return catalogue.defaultRoadmap;
    return (await version(db, choice.roadmapId, choice.version)) ?? catalogue.roadmap(choice.roadmapId) ?? catalogue.defaultRoadmap;
  }

  return {
    version,
    async forGuild(db, guildId) {
      return forChoice(db, await guildRoadmapVersion(db, guildId, catalogue.defaultRoadmap.id));
    },
    forChoice,
  };
}

async function loadVersion(db: Kysely<Database>, roadmapId: string, number: number): Promise<Roadmap | undefined> {
  const stored = await versionDocument(db, roadmapId, number);
  if (!stored) return undefined;
  const checked = validateRoadmapData(stored.document, `${roadmapId} version ${number}`);
  if (!checked.data) throw new Error(`stored roadmap ${roadmapId} version ${number} no longer validates: ${checked.problems[0] ? problemText(checked.problems[0]) : ""}`);
  return buildRoadmap(checked.data);
}
