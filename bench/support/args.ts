import path from "node:path";

export const BENCH_DIR = path.resolve(import.meta.dirname, "..");
export const REPO_DIR = path.resolve(BENCH_DIR, "..");

export const SECTIONS = ["interactions", "autocomplete", "leaderboards", "fanout", "memory", "throughput", "group"] as const;
export type SectionName = (typeof SECTIONS)[number];

export interface BenchOptions {
  readonly quick: boolean;
  /** Members in the guild for /roadmap group and buddies. */
  readonly groupMembers: number;
  readonly only: readonly SectionName[];
  readonly out: string;
  /** Leaderboard sizes (members in one guild). */
  readonly members: readonly number[];
  readonly itemsPerMember: number;
  /** Scheduler fan-out: guilds due in one tick, and members in each (with a few checks over two weeks). */
  readonly guilds: number;
  readonly guildMembers: number;
  /** Steady interaction rate and how long to hold it. */
  readonly rate: number;
  readonly seconds: number;
  readonly autocompleteQueries: number;
  readonly syntheticItems: number;
  /** Memory: guilds in READY, each with this many channels and roles. */
  readonly memoryGuilds: number;
  readonly channelsPerGuild: number;
  readonly rolesPerGuild: number;
  /** Throughput: offered rates to step through, seconds at each, members checking. */
  readonly throughputRates: readonly number[];
  readonly throughputSeconds: number;
  readonly throughputMembers: number;
  readonly pgbenchSeconds: number;
  /** Median of this many runs per leaderboard query (fewer when one run is slow; see leaderboards.ts). */
  readonly leaderboardRuns: number;
}

const DEFAULTS: Omit<BenchOptions, "quick" | "only" | "out"> = {
  groupMembers: 10_000,
  members: [1_000, 10_000, 100_000],
  itemsPerMember: 100,
  guilds: 10_000,
  guildMembers: 10,
  rate: 100,
  seconds: 10,
  autocompleteQueries: 1_000,
  syntheticItems: 5_000,
  memoryGuilds: 2_500,
  channelsPerGuild: 50,
  rolesPerGuild: 100,
  throughputRates: [50, 100, 200, 400],
  throughputSeconds: 4,
  throughputMembers: 1_000,
  pgbenchSeconds: 10,
  leaderboardRuns: 10,
};

/** Tiny sizes: the smoke test runs these so the benchmark cannot rot; the numbers mean little. */
const QUICK: Omit<BenchOptions, "quick" | "only" | "out"> = {
  groupMembers: 200,
  members: [100, 1_000],
  itemsPerMember: 20,
  guilds: 100,
  guildMembers: 3,
  rate: 50,
  seconds: 1,
  autocompleteQueries: 50,
  syntheticItems: 500,
  memoryGuilds: 20,
  channelsPerGuild: 5,
  rolesPerGuild: 5,
  throughputRates: [50, 100],
  throughputSeconds: 1,
  throughputMembers: 50,
  pgbenchSeconds: 1,
  leaderboardRuns: 3,
};

const USAGE = `npm run bench -- [options]
  --quick                     tiny sizes (the smoke test)
  --only a,b                  run some sections: ${SECTIONS.join(", ")}
  --out FILE                  where to write the results (default bench/results.json)
  --members 1000,10000,100000 leaderboard sizes      --items N        progress rows per member
  --guilds N                  scheduler fan-out       --guild-members N  members per due guild
  --rate N                    steady interactions/s   --seconds N      how long to hold it
  --queries N                 autocomplete queries    --synthetic-items N  synthetic roadmap size
  --memory-guilds N (--channels N --roles N)
  --rates 50,100,200,400      throughput steps        --step-seconds N --throughput-members N
  --pgbench-seconds N         --runs N                leaderboard runs per median
  --group-members N           guild size for /roadmap group and buddies`;

function numbers(text: string, flag: string): number[] {
  const values = text.split(",").map((part) => Number(part.trim()));
  if (values.length === 0 || values.some((value) => !Number.isFinite(value) || value <= 0)) throw new Error(`${flag} takes positive numbers, e.g. ${flag} 10,20 (got "${text}")`);
  return values;
}

export function parseArgs(argv: readonly string[]): BenchOptions {
  const quick = argv.includes("--quick");
  const base = { ...(quick ? QUICK : DEFAULTS) } as Record<string, unknown>;
  let only: SectionName[] = [...SECTIONS];
  let out = path.join(BENCH_DIR, "results.json");
  const single: Record<string, string> = {
    "--items": "itemsPerMember",
    "--guilds": "guilds",
    "--guild-members": "guildMembers",
    "--rate": "rate",
    "--seconds": "seconds",
    "--queries": "autocompleteQueries",
    "--synthetic-items": "syntheticItems",
    "--memory-guilds": "memoryGuilds",
    "--channels": "channelsPerGuild",
    "--roles": "rolesPerGuild",
    "--step-seconds": "throughputSeconds",
    "--throughput-members": "throughputMembers",
    "--pgbench-seconds": "pgbenchSeconds",
    "--runs": "leaderboardRuns",
    "--group-members": "groupMembers",
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === "--quick") continue;
    if (flag === "--help" || flag === "-h") {
      console.log(USAGE);
      process.exit(0);
    }
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
    i++;
    if (flag === "--members") base.members = numbers(value, flag);
    else if (flag === "--rates") base.throughputRates = numbers(value, flag);
    else if (flag === "--out") out = path.resolve(value);
    else if (flag === "--only") {
      only = value.split(",").map((name) => name.trim()) as SectionName[];
      const unknown = only.filter((name) => !SECTIONS.includes(name));
      if (unknown.length > 0) throw new Error(`unknown section(s) ${unknown.join(", ")}; choose from ${SECTIONS.join(", ")}`);
    } else if (single[flag]) base[single[flag]] = numbers(value, flag)[0];
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  return { ...(base as Omit<BenchOptions, "quick" | "only" | "out">), quick, only, out };
}
