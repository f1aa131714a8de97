// Profiles the bot process under steady /roadmap check load: `node --import tsx bench/profile.ts [--rate 100 --seconds 10 --kind check|autocomplete]`.
// Runs the bot with --cpu-prof and prints where its CPU time went (self time by function and by package).
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadCatalogue } from "../src/catalogue/load.ts";
import { checkSender } from "./sections/interactions.ts";
import { driveSteady } from "./support/drive.ts";
import { titlePrefixes } from "./support/synthetic-roadmap.ts";
import { REAL_ROADMAP_DIR, startBotWorld } from "./support/worlds.ts";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function flag(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

function where(url: string): string {
  if (!url) return "(native/idle)";
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith("node:")) return url;
  const repo = url.indexOf("/work/main/");
  return repo >= 0 ? url.slice(repo + "/work/main/".length) : url;
}

export function summarise(profile: Profile, top = 25): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1_000));
  const total = (profile.endTime - profile.startTime) / 1_000;
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const frame = byId.get(id)!.callFrame;
    const name = frame.functionName || "(anonymous)";
    const key = name === "(idle)" || name === "(program)" || name === "(garbage collector)" ? name : `${name} ${where(frame.url)}:${frame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
    const place = ["(idle)", "(program)", "(garbage collector)"].includes(name) ? name : where(frame.url);
    byPlace.set(place, (byPlace.get(place) ?? 0) + ms);
  }
  const table = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, ms]) => `  ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(6)} ms  ${key}`)
      .join("\n");
  return `profile of ${total.toFixed(0)} ms\nself time by package/file:\n${table(byPlace)}\n\nself time by function:\n${table(byFunction)}`;
}

async function main(): Promise<void> {
  const rate = Number(flag("--rate", "100"));
  const seconds = Number(flag("--seconds", "10"));
  const kind = flag("--kind", "check");
  const roadmap = (await loadCatalogue(REAL_ROADMAP_DIR)).defaultRoadmap;
  const dir = await mkdtemp(path.join(tmpdir(), "bot-profile-"));
  const bot = await startBotWorld({ members: 1_000, nodeFlags: ["--cpu-prof", `--cpu-prof-dir=${dir}`] });
  try {
    const queries = titlePrefixes(roadmap.items.map((item) => item.title), rate * seconds);
    const send =
      kind === "autocomplete"
        ? (i: number) => bot.standIn.autocomplete({ member: bot.members[i % bot.members.length]!, channel: bot.channel, name: "roadmap", subcommand: "check", focused: "item", value: queries[i]! })
        : checkSender(bot, roadmap, 9);
    await driveSteady(rate, rate * 2, send);
    const { summary } = await driveSteady(rate, rate * seconds, send);
    console.log(`${kind} @${rate}/s: p50 ${summary.p50Ms} ms, p99 ${summary.p99Ms} ms (${summary.answered}/${summary.sent} answered)`);
  } finally {
    await bot.stop();
  }
  const file = (await readdir(dir)).find((name) => name.endsWith(".cpuprofile"));
  if (!file) throw new Error(`the bot wrote no profile in ${dir}`);
  console.log(summarise(JSON.parse(await readFile(path.join(dir, file), "utf8")) as Profile));
  await rm(dir, { recursive: true, force: true });
}

await main();
