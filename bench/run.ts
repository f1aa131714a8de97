// `npm run bench`: the real bot against the stand-in Discord and a real Postgres. See docs/performance.md.
import { writeFile } from "node:fs/promises";
import { rm } from "node:fs/promises";
import { loadCatalogue } from "../src/catalogue/load.ts";
import { measureAutocomplete, type AutocompleteRun } from "./sections/autocomplete.ts";
import { measureFanout, type FanoutResults } from "./sections/fanout.ts";
import { measureGroup, type GroupResults } from "./sections/group.ts";
import { measureInteractions, type InteractionResults } from "./sections/interactions.ts";
import { measureLeaderboards, type LeaderboardResults } from "./sections/leaderboards.ts";
import { measureMemory, type MemoryResults } from "./sections/memory.ts";
import { measureThroughput, type ThroughputResults } from "./sections/throughput.ts";
import { parseArgs, type BenchOptions, type SectionName } from "./support/args.ts";
import { serverVersion } from "./support/database.ts";
import { formatTable, machine, ms, times, type Machine, type Row } from "./support/report.ts";
import { round } from "./support/stats.ts";
import { writeTwoRoadmapDir } from "./support/second-track.ts";
import { writeSyntheticRoadmapDir } from "./support/synthetic-roadmap.ts";
import { REAL_ROADMAP_DIR, startBotWorld, startFloors } from "./support/worlds.ts";

export interface BenchResults {
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly machine: Machine;
  readonly options: BenchOptions;
  readonly sections: {
    interactions?: InteractionResults;
    autocomplete?: { real: AutocompleteRun; synthetic: AutocompleteRun };
    leaderboards?: LeaderboardResults;
    fanout?: FanoutResults;
    memory?: MemoryResults;
    throughput?: ThroughputResults;
    group?: GroupResults;
  };
  readonly table: readonly Row[];
}

const status = (met: boolean): Row["status"] => (met ? "met" : "MISSED");
const log = (message: string) => console.error(`[bench] ${message}`);

async function section<T>(name: SectionName, options: BenchOptions, run: () => Promise<T>): Promise<T | undefined> {
  if (!options.only.includes(name)) return undefined;
  const started = performance.now();
  log(`${name}…`);
  const result = await run();
  log(`${name} done in ${round((performance.now() - started) / 1_000, 1)} s`);
  return result;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const startLoad = machine("");
  const sections: BenchResults["sections"] = {};
  const catalogue = await loadCatalogue(REAL_ROADMAP_DIR);
  const roadmap = catalogue.defaultRoadmap;

  // Interactions, real-catalogue autocomplete and throughput share one bot process and database.
  const needsBot = options.only.some((name) => name === "interactions" || name === "autocomplete" || name === "throughput");
  if (needsBot) {
    const measuresLatency = options.only.includes("interactions");
    if (measuresLatency) log("starting the pong floors (child processes)…");
    const floors = measuresLatency ? await startFloors(100) : undefined;
    const members = Math.max(options.throughputMembers, 100);
    log(`starting the bot (child process) with ${members} members…`);
    // Two roadmaps deployed: the interactions' second track runs the second (see second-track.ts).
    const roadmaps = await writeTwoRoadmapDir();
    const bot = await startBotWorld({ members, roadmapDir: roadmaps.dir }).catch(async (error: unknown) => {
      await floors?.stop();
      await roadmaps.dispose();
      throw error;
    });
    try {
      try {
        sections.interactions = await section("interactions", options, () => measureInteractions({ ...floors!, bot }, roadmap, options));
      } finally {
        await floors?.stop();
      }
      const real = await section("autocomplete", options, () => measureAutocomplete(bot, roadmap, options.autocompleteQueries, options.rate, 5));
      sections.throughput = await section("throughput", options, () => measureThroughput(bot, roadmap, options));
      if (real) {
        const synthetic = await syntheticAutocomplete(options);
        sections.autocomplete = { real, synthetic };
      }
    } finally {
      await bot.stop();
      await roadmaps.dispose();
    }
  }
  sections.leaderboards = await section("leaderboards", options, () => measureLeaderboards(options));
  sections.fanout = await section("fanout", options, () => measureFanout(options));
  sections.memory = await section("memory", options, () => measureMemory(options));
  sections.group = await section("group", options, () => measureGroup(options));

  const results: BenchResults = {
    startedAt: new Date(started).toISOString(),
    durationSeconds: round((Date.now() - started) / 1_000, 1),
    machine: { ...machine(await serverVersion()), loadAverage: startLoad.loadAverage },
    options,
    sections,
    table: tableRows(sections),
  };
  await writeFile(options.out, `${JSON.stringify(results, null, 2)}\n`);
  const m = results.machine;
  console.log(`\nRoadmap Bot benchmark: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGb} GB, Node ${m.node}, PostgreSQL ${m.postgres}, load ${m.loadAverage} at start${options.quick ? " (--quick: tiny sizes)" : ""}`);
  console.log(formatTable(results.table));
  console.log(`\n${results.table.filter((row) => row.status === "MISSED").length} target(s) missed; ${results.durationSeconds} s; results in ${options.out}`);
}

async function syntheticAutocomplete(options: BenchOptions): Promise<AutocompleteRun> {
  log(`autocomplete with a synthetic ${options.syntheticItems}-item roadmap…`);
  const dir = await writeSyntheticRoadmapDir(options.syntheticItems);
  try {
    const synthetic = (await loadCatalogue(dir)).defaultRoadmap;
    const bot = await startBotWorld({ members: 100, roadmapDir: dir });
    try {
      return await measureAutocomplete(bot, synthetic, options.autocompleteQueries, options.rate, 10);
    } finally {
      await bot.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function tableRows(s: BenchResults["sections"]): Row[] {
  const rows: Row[] = [];
  const i = s.interactions;
  if (i) {
    const at = `${i.rate}/s`;
    rows.push({ section: "1 latency", metric: `pong p50 / p99 @${at}`, value: `${i.pong.p50Ms} / ${i.pong.p99Ms} ms`, floor: "(floor)", ratio: "", target: "", status: "info" });
    rows.push({ section: "1 latency", metric: `pong + one committed insert p50 / p99 @${at}`, value: `${i.durablePong.p50Ms} / ${i.durablePong.p99Ms} ms`, floor: ms(i.pong.p50Ms), ratio: times(i.durablePong.p50Ms, i.pong.p50Ms), target: "", status: "info" });
    rows.push({ section: "1 latency", metric: `check p50 @${at}`, value: ms(i.check.p50Ms), floor: ms(i.pong.p50Ms), ratio: times(i.check.p50Ms, i.pong.p50Ms), target: "", status: "info" });
    rows.push({ section: "1 latency", metric: `check p50 against pong + one committed insert`, value: ms(i.check.p50Ms), floor: ms(i.durablePong.p50Ms), ratio: times(i.check.p50Ms, i.durablePong.p50Ms), target: "≤ 1.25× durable", status: status(i.targets.checkP50AtMost1_25xDurable) });
    rows.push({ section: "1 latency", metric: `check p50 / p99 on a second track @${at}`, value: `${i.checkOnSecondTrack.p50Ms} / ${i.checkOnSecondTrack.p99Ms} ms`, floor: ms(i.check.p50Ms), ratio: times(i.checkOnSecondTrack.p50Ms, i.check.p50Ms), target: "", status: "info" });
    rows.push({ section: "1 latency", metric: `check p50 / p99 by pt-BR members @${at}`, value: `${i.checkInPortuguese.p50Ms} / ${i.checkInPortuguese.p99Ms} ms`, floor: ms(i.check.p50Ms), ratio: times(i.checkInPortuguese.p50Ms, i.check.p50Ms), target: "", status: "info" });
    rows.push({ section: "1 latency", metric: `check p99 @${at}`, value: ms(i.check.p99Ms), floor: ms(i.pong.p99Ms), ratio: times(i.check.p99Ms, i.pong.p99Ms), target: "≤ 15 ms", status: status(i.targets.checkP99AtMost15Ms) });
    rows.push({ section: "1 latency", metric: `progress p50 / p99 @${at}`, value: `${i.progress.p50Ms} / ${i.progress.p99Ms} ms`, floor: `${i.pong.p50Ms} / ${i.pong.p99Ms} ms`, ratio: `${times(i.progress.p50Ms, i.pong.p50Ms)} / ${times(i.progress.p99Ms, i.pong.p99Ms)}`, target: "", status: "info" });
  }
  const a = s.autocomplete;
  if (a) {
    for (const [label, run] of [["real", a.real], ["synthetic", a.synthetic]] as const) {
      rows.push({
        section: "2 autocomplete",
        metric: `p99, ${label} (${run.items} items), ${run.queries} queries`,
        value: ms(run.endToEnd.p99Ms),
        floor: `${run.searchOnly.p99Ms} ms (search)`,
        ratio: times(run.endToEnd.p99Ms, run.searchOnly.p99Ms),
        target: `≤ ${run.targetMs} ms`,
        status: status(run.met),
      });
    }
  }
  const l = s.leaderboards;
  if (l) {
    for (const point of l.points) {
      const last = point === l.points[l.points.length - 1];
      for (const period of ["week", "all"] as const) {
        const p = point[period];
        rows.push({
          section: "3 leaderboard",
          metric: `${period === "week" ? "weekly" : "all-time"}, ${point.members} members (${p.runs} runs)`,
          value: ms(p.medianMs),
          floor: ms(p.floorMs),
          ratio: times(p.medianMs, p.floorMs),
          target: last ? `≤ ${l.targetMs} ms` : "",
          status: last ? status(l.met[period]) : "info",
        });
      }
    }
    rows.push({
      section: "3 leaderboard",
      metric: `growth ${l.points[0]!.members}→${l.points[l.points.length - 1]!.members} members (${l.growth.members}×)`,
      value: `week ${l.growth.week}×, all ${l.growth.all}×`,
      floor: "",
      ratio: "",
      target: "far below linear",
      status: status(l.met.sublinear),
    });
  }
  const f = s.fanout;
  if (f) {
    rows.push({ section: "4 fan-out", metric: `enqueue ${f.guilds} due guilds × ${f.tracksPerGuild} tracks × ${f.membersPerGuild} members`, value: `${f.enqueue.seconds} s`, floor: "", ratio: `${f.enqueue.perGuildMs} ms/post`, target: `≤ ${f.enqueue.targetSeconds} s`, status: status(f.enqueue.met) });
    rows.push({ section: "4 fan-out", metric: "all-time scores built before the tick (a first post adds it)", value: `${f.scoreBuildSeconds} s`, floor: "", ratio: "", target: "", status: "info" });
    rows.push({
      section: "4 fan-out",
      metric: `delivery (${f.delivery.delivered} posts, ${f.delivery.withPicture} with pictures, ${f.delivery.refused429}× 429)`,
      value: `${f.delivery.postsPerSecond} posts/s`,
      floor: `${f.delivery.globalLimitPerSecond}/s (limit)`,
      ratio: times(f.delivery.postsPerSecond, f.delivery.globalLimitPerSecond),
      target: `≥ ${f.delivery.targetPerSecond}/s`,
      status: status(f.delivery.met),
    });
  }
  const m = s.memory;
  if (m) {
    const world = `${m.guilds} guilds × ${m.channelsPerGuild} ch × ${m.rolesPerGuild} roles`;
    rows.push({ section: "5 memory", metric: `RSS after READY, ${world}`, value: `${m.bot.rssMb} MB`, floor: `${m.defaultClient.rssMb} MB (default client)`, ratio: times(m.bot.rssMb, m.defaultClient.rssMb), target: `≤ ${m.targets.rssMb} MB, ≤ ${m.targets.ratio}×`, status: status(m.met.rss && m.met.ratio) });
    rows.push({ section: "5 memory", metric: "same, channel and role caches kept (supported)", value: `${m.supported.rssMb} MB`, floor: `${m.defaultClient.rssMb} MB (default client)`, ratio: times(m.supported.rssMb, m.defaultClient.rssMb), target: "", status: "info" });
  }
  const t = s.throughput;
  if (t) {
    const steps = t.steps.map((step) => `${step.offeredPerSecond}/s→p99 ${step.p99Ms}`).join(", ");
    rows.push({ section: "6 throughput", metric: `check/s with p99 ≤ 100 ms (${t.members} members)`, value: `${t.sustainedPerSecond}/s`, floor: `${Math.round(t.pgbench.tps)} TPS (pgbench)`, ratio: times(t.sustainedPerSecond, t.pgbench.tps), target: "", status: "info" });
    rows.push({ section: "6 throughput", metric: "steps", value: steps, floor: "", ratio: "", target: "", status: "info" });
  }
  const g = s.group;
  if (g) {
    const at = `${g.members} members, ${g.progressRows} rows`;
    rows.push({ section: "7 group", metric: `/roadmap group map (${at})`, value: ms(g.groupMap.medianMs), floor: ms(g.groupMap.floorMs), ratio: times(g.groupMap.medianMs, g.groupMap.floorMs), target: `≤ ${g.targetMs} ms`, status: status(g.met.groupMap) });
    rows.push({ section: "7 group", metric: `/roadmap buddies (${at})`, value: ms(g.buddies.medianMs), floor: ms(g.buddies.floorMs), ratio: times(g.buddies.medianMs, g.buddies.floorMs), target: `≤ ${g.targetMs} ms`, status: status(g.met.buddies) });
  }
  return rows;
}

await main();
