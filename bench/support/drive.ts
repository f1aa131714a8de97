import type { InteractionHandle, StandIn } from "../../test/standin/index.ts";
import { percentile, round, sleep } from "./stats.ts";

export interface LatencySummary {
  readonly sent: number;
  readonly answered: number;
  /** Offered rate (interactions/s) and the rate actually sent (the sender may fall behind). */
  readonly offeredPerSecond: number;
  readonly sentPerSecond: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** How long after the last send an unanswered interaction counts as lost (Discord's deadline is 3 s). */
const ANSWER_WAIT_MS = 5_000;

/**
 * Sends `count` interactions at a steady `rate` per second (open loop: it never waits for answers),
 * then collects each one's callback latency as the stand-in measured it (INTERACTION_CREATE sent →
 * callback received). Unanswered interactions count as ANSWER_WAIT_MS.
 */
export async function driveSteady(rate: number, count: number, send: (index: number) => Promise<InteractionHandle>): Promise<{ summary: LatencySummary; latencies: number[] }> {
  const interval = 1_000 / rate;
  const handles: Promise<InteractionHandle>[] = [];
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const due = start + i * interval;
    const ahead = due - performance.now();
    if (ahead > 1) await sleep(ahead);
    handles.push(send(i));
  }
  const sentMs = performance.now() - start;
  const settled = await Promise.all(handles);
  const deadline = performance.now() + ANSWER_WAIT_MS;
  while (settled.some((handle) => handle.callbackLatencyMs === undefined) && performance.now() < deadline) await sleep(20);
  const latencies = settled.map((handle) => handle.callbackLatencyMs ?? ANSWER_WAIT_MS);
  const answered = settled.filter((handle) => handle.callbackLatencyMs !== undefined).length;
  return { latencies, summary: summariseLatencies({ latencies, answered, rate, sentPerSecond: count / (Math.max(sentMs, interval) / 1_000) }) };
}

/** Percentiles of latencies gathered at one offered rate (possibly over several drives). */
export function summariseLatencies(run: { latencies: readonly number[]; answered: number; rate: number; sentPerSecond: number }): LatencySummary {
  const { latencies } = run;
  return {
    sent: latencies.length,
    answered: run.answered,
    offeredPerSecond: run.rate,
    sentPerSecond: round(run.sentPerSecond, 1),
    p50Ms: round(percentile(latencies, 50)),
    p90Ms: round(percentile(latencies, 90)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(Math.max(...latencies)),
  };
}

/** Waits until the client connected and registered its commands (so options carry their real types). */
export async function waitForBot(standIn: StandIn, options: { commands: boolean; timeoutMs?: number }): Promise<void> {
  await standIn.waitForReady(1, options.timeoutMs ?? 60_000);
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (options.commands && standIn.registeredCommands().length === 0) {
    if (Date.now() > deadline) throw new Error("the bot did not register its slash commands");
    await sleep(20);
  }
}
