import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { Catalogue } from "../catalogue/catalogue.ts";
import { findStoredRoadmap, insertRoadmap, insertVersion, latestVersionHash, lockBundledRoadmaps } from "../db/roadmap-repository.ts";
import type { Database } from "../db/schema.ts";
import { documentHash } from "./stored-document.ts";

/**
 * Loads the roadmaps of `roadmap/` into the database at start, so bundled and uploaded roadmaps
 * are served the same way. A new file becomes version 1 and runs at once; a changed file becomes
 * a new version that waits until each server's organisers preview and confirm it
 * (`/roadmap-admin roadmap update`); an unchanged file changes nothing.
 */
export async function syncBundledRoadmaps(db: Kysely<Database>, catalogue: Catalogue, logger: Logger): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockBundledRoadmaps(trx);
    for (const roadmap of catalogue.roadmaps.values()) {
      const hash = documentHash(roadmap.document);
      const stored = await findStoredRoadmap(trx, roadmap.id);
      const version = { roadmapId: roadmap.id, document: roadmap.document, documentHash: hash, language: roadmap.document.language ?? null, sourceFiles: [`${roadmap.id}.yaml`], createdBy: null };
      if (!stored) {
        await insertRoadmap(trx, { roadmapId: roadmap.id, guildId: null, title: roadmap.title }, { ...version, version: 1 });
        continue;
      }
      if (stored.guildId !== null) {
        logger.error({ roadmapId: roadmap.id }, "a bundled roadmap has the id of a server's upload; rename the bundled file's id");
        continue;
      }
      const latest = await latestVersionHash(trx, roadmap.id);
      if (latest?.hash === hash) continue;
      const next = (latest?.version ?? 0) + 1;
      await insertVersion(trx, { ...version, version: next });
      logger.info({ roadmapId: roadmap.id, version: next }, "bundled roadmap changed: servers keep their version until an organiser confirms /roadmap-admin roadmap update");
    }
  });
}
