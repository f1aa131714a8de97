import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { Roadmap } from "../catalogue/catalogue.ts";
import { discardQueuedScores, queuedScoreScopes, refreshQueuedScores } from "../db/score-repository.ts";
import type { Database } from "../db/schema.ts";

/**
 * Counts members' leaderboard scores after their checks, off the check's path: a check queues its
 * member (score_refreshes) and answers; the members a guild queued meanwhile are then counted in one
 * transaction, GATHER_MS after the first (at once when someone reads the scores). So a check never
 * waits on its guild's count rows, and a busy guild's checks cost a few counts, not one each.
 */
export interface ScoreRefresher {
  /** A member of the guild changed their progress on this roadmap (the version the guild runs). */
  queued(guildId: string, roadmap: Roadmap): void;
  /** Resolves once every change this process queued for the guild's roadmap is counted (or failed to be). */
  settled(guildId: string, roadmapId: string): Promise<void>;
  /** Counts every queued member, whoever queued them (another replica, a process stopped before its count). */
  sweep(): Promise<void>;
  /** Waits for the counts in flight. */
  close(): Promise<void>;
}

export interface ScoreRefresherDeps {
  readonly db: Kysely<Database>;
  readonly logger: Logger;
  /** The version of a roadmap a guild's scores count by; undefined when the roadmap is gone. */
  readonly roadmapOf: (guildId: string, roadmapId: string) => Promise<Roadmap | undefined>;
}

/** Counts running at once: each holds a connection the checks also need. */
const MAX_RUNNING = 2;
/** Guilds swept per pass; the next pass takes the rest. */
const SWEEP_SCOPES = 200;

/** How long a guild's first queued change waits for others to count with it, unless someone reads the scores first. */
const GATHER_MS = 50;

interface Scope {
  roadmap: Roadmap;
  again: boolean;
  run: Promise<void>;
  /** Counts now, without waiting out GATHER_MS. */
  hurry(): void;
}

export function createScoreRefresher(deps: ScoreRefresherDeps): ScoreRefresher {
  const scopes = new Map<string, Scope>();
  let running = 0;
  const waiting: (() => void)[] = [];

  async function slot(): Promise<() => void> {
    if (running >= MAX_RUNNING) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    return () => {
      running--;
      waiting.shift()?.();
    };
  }

  async function count(guildId: string, key: string, scope: Scope): Promise<void> {
    try {
      do {
        scope.again = false;
        const release = await slot();
        try {
          await refreshQueuedScores(deps.db, guildId, scope.roadmap);
        } finally {
          release();
        }
      } while (scope.again);
    } catch (error) {
      // The queued rows stay: the next change or sweep counts them.
      deps.logger.warn({ err: error, guildId, roadmapId: scope.roadmap.id }, "scores not counted yet; the next sweep counts them");
    } finally {
      // In the same step as the last look at `again`: a change queued from now on starts a new count.
      scopes.delete(key);
    }
  }

  function queued(guildId: string, roadmap: Roadmap): void {
    const key = `${guildId}\u0000${roadmap.id}`;
    const known = scopes.get(key);
    if (known) {
      known.roadmap = roadmap;
      known.again = true;
      return;
    }
    let hurry!: () => void;
    const gathered = new Promise<void>((resolve) => (hurry = resolve));
    const timer = setTimeout(hurry, GATHER_MS).unref();
    const scope = { roadmap, again: false, hurry } as Scope;
    scope.run = gathered.then(() => {
      clearTimeout(timer);
      return count(guildId, key, scope);
    });
    scopes.set(key, scope);
  }

  async function all(): Promise<void> {
    const running = [...scopes.values()];
    for (const scope of running) scope.hurry();
    await Promise.all(running.map((scope) => scope.run));
  }

  return {
    queued,
    async settled(guildId, roadmapId) {
      const scope = scopes.get(`${guildId}\u0000${roadmapId}`);
      scope?.hurry();
      await scope?.run;
    },
    async sweep() {
      let found;
      try {
        found = await queuedScoreScopes(deps.db, SWEEP_SCOPES);
      } catch (error) {
        deps.logger.warn({ err: error }, "could not read the members queued for a count");
        return;
      }
      for (const { guildId, roadmapId } of found) {
        try {
          const roadmap = await deps.roadmapOf(guildId, roadmapId);
          if (roadmap) queued(guildId, roadmap);
          else await discardQueuedScores(deps.db, guildId, roadmapId);
        } catch (error) {
          deps.logger.warn({ err: error, guildId, roadmapId }, "could not read the roadmap to count scores on");
        }
      }
      await all();
    },
    close: all,
  };
}
