import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { driveSteady, type LatencySummary } from "../support/drive.ts";
import { percentile, round } from "../support/stats.ts";
import { seededRandom, titlePrefixes } from "../support/synthetic-roadmap.ts";
import type { BenchWorld } from "../support/worlds.ts";

export interface AutocompleteRun {
  readonly items: number;
  readonly queries: number;
  /** End to end at the stand-in: autocomplete INTERACTION_CREATE sent → type 8 callback received. */
  readonly endToEnd: LatencySummary;
  /** The floor: roadmap.search.search(q, 25) alone, in this process. */
  readonly searchOnly: { readonly p50Ms: number; readonly p99Ms: number };
  readonly targetMs: number;
  readonly met: boolean;
}

function searchOnly(roadmap: Roadmap, queries: readonly string[]): { p50Ms: number; p99Ms: number } {
  for (const query of queries) roadmap.search.search(query, 25);
  const times = queries.map((query) => {
    const started = performance.now();
    roadmap.search.search(query, 25);
    return performance.now() - started;
  });
  return { p50Ms: round(percentile(times, 50), 3), p99Ms: round(percentile(times, 99), 3) };
}

/** p99 over `count` autocomplete queries (1–6 character prefixes of title words) on `item`, sent at `rate`/s. */
export async function measureAutocomplete(world: BenchWorld, roadmap: Roadmap, count: number, rate: number, targetMs: number): Promise<AutocompleteRun> {
  const queries = titlePrefixes(roadmap.items.map((item) => item.title), count);
  const random = seededRandom(11);
  const send = (query: string) => {
    const member = world.members[Math.floor(random() * world.members.length)]!;
    return world.standIn.autocomplete({ member, channel: world.channel, name: "roadmap", subcommand: "check", focused: "item", value: query });
  };
  await driveSteady(rate, Math.min(100, count), (i) => send(queries[i]!));
  const { summary } = await driveSteady(rate, count, (i) => send(queries[i]!));
  return { items: roadmap.items.length, queries: count, endToEnd: summary, searchOnly: searchOnly(roadmap, queries), targetMs, met: summary.p99Ms <= targetMs };
}
