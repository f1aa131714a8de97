import type { Transaction } from "kysely";
import type { CatalogueItem, Roadmap } from "../catalogue/catalogue.ts";
import type { AppContext } from "../context.ts";
import { listProgress, type MemberKey } from "../db/progress-repository.ts";
import type { Database } from "../db/schema.ts";
import { nextItems } from "../progress/progress-service.ts";
import { memberTracks } from "../tracks/tracks.ts";

type Deps = Pick<AppContext, "catalogue" | "clock"> & Partial<Pick<AppContext, "guildRoadmaps">>;

/** Items named per track: three, as before tracks, for each of up to five (one DM stays well inside Discord's 6,000 embed characters). */
const NEXT_PER_TRACK = 3;
export const MAX_REMINDED_TRACKS = 5;

/** One track a reminder speaks of: its roadmap and the member's next items there. */
export interface RemindedTrack {
  readonly roadmap: Roadmap;
  readonly items: readonly CatalogueItem[];
}

/**
 * The tracks a member follows, the one used last first, each with their next items; a track they
 * have finished is left out. The server's own roadmap counts as followed when they follow nothing
 * else (members of a server with one track follow it by checking) or have progress on it.
 */
export async function remindedTracks(trx: Transaction<Database>, deps: Deps, key: MemberKey): Promise<RemindedTrack[]> {
  const tracks = await memberTracks({ ...deps, db: trx }, key);
  const { own, followed } = tracks;
  const ownDone = await listProgress(trx, key, own.id);
  const ids = followed.includes(own.id) || followed.length === 0 || ownDone.length > 0 ? withOwn(followed, own.id) : followed;
  const reminded: RemindedTrack[] = [];
  for (const id of ids) {
    if (reminded.length === MAX_REMINDED_TRACKS) break;
    // A stopped track, or a removed roadmap, is not reminded of.
    const roadmap = (await tracks.running(id))?.roadmap;
    if (!roadmap) continue;
    const items = await nextItems(trx, key, roadmap, NEXT_PER_TRACK);
    if (items.length > 0) reminded.push({ roadmap, items });
  }
  return reminded;
}

/** The followed ids with the server's own roadmap among them: where it was used, else last. */
function withOwn(followed: readonly string[], ownId: string): string[] {
  return followed.includes(ownId) ? [...followed] : [...followed, ownId];
}
