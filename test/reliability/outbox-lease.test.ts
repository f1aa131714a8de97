import { describe, expect, it } from "vitest";
import { manualClock } from "../../src/clock.ts";
import { enqueue } from "../../src/db/outbox-repository.ts";
import { noMetrics } from "../../src/ops/metrics.ts";
import { deliverDue, type DeliveryDeps, type LeaseTiming } from "../../src/scheduler/outbox-delivery.ts";
import { silentLogger } from "../support/backends.ts";
import { useOutboxWorld } from "../support/outbox-world.ts";

// Two deliverers on one database, as two bot processes are: each has its own REST client (its
// own rate-limit state) and shares the outbox. The stand-in makes the first one wait out a 429.
const world = useOutboxWorld("Lease Group");
const clock = manualClock(new Date("2026-03-02T09:00:00Z"));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Production's 60 s lease, with a heartbeat fast enough for the test's pace. */
const TIMING: LeaseTiming = { ms: 60_000, renewEveryMs: 50, maxDeliveryMs: 30_000 };

function deliverer(timing: LeaseTiming = TIMING): DeliveryDeps {
  return { db: world.db, clock, logger: silentLogger, metrics: noMetrics, pictures: undefined, rest: world.rest(), roleProblem: () => undefined, lease: timing };
}

let posts = 0;
async function queuePost(): Promise<string> {
  posts++;
  await enqueue(
    world.db,
    { guildId: world.guild.id, kind: "milestone", dedupeKey: `lease-test:${posts}`, channelId: world.channel.id, payload: { content: `Post ${posts}`, embeds: [], allowed_mentions: { parse: [] } } },
    clock.now(),
  );
  return `Post ${posts}`;
}

const copiesOf = (content: string) => world.standIn.channelMessages(world.channel).filter((m) => m.content === content).length;
const postAttempts = () => world.standIn.requests.filter((r) => r.method === "POST" && r.path === `/channels/${world.channel.id}/messages`).length;

/** Moves the bot's clock and the stand-in's together, in steps, giving the heartbeat time between them. */
async function letTimePass(totalMs: number, stepMs = 20_000): Promise<void> {
  for (let passed = 0; passed < totalMs; passed += stepMs) {
    clock.advance(stepMs);
    world.standIn.advanceClock(stepMs);
    await sleep(150);
  }
}

describe("an outbox post waiting out a long rate limit", () => {
  it("is posted once, even when the wait outlasts the lease and Discord's nonce window and a second process looks for work", async () => {
    const content = await queuePost();
    // Discord asks the first process to wait; in the story, six minutes pass meanwhile.
    world.standIn.failNext({ method: "POST", route: `/channels/${world.channel.id}/messages`, status: 429, retryAfterSeconds: 3, times: 1 });
    const first = deliverDue(deliverer());
    await sleep(300);
    await letTimePass(6 * 60_000);

    const second = await deliverDue(deliverer());
    expect(second.delivered).toBe(0);
    expect((await first).delivered).toBe(1);
    expect(copiesOf(content)).toBe(1);
    const row = await world.db.selectFrom("outbox").select(["status", "attempts"]).where("dedupe_key", "=", `lease-test:${posts}`).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "delivered", attempts: 1 });
  });

  it("is given up after the delivery bound without holding up the pass, is never sent late, and goes out once on its retry", async () => {
    const content = await queuePost();
    world.standIn.failNext({ method: "POST", route: `/channels/${world.channel.id}/messages`, status: 429, retryAfterSeconds: 3, times: 1 });
    const started = Date.now();
    const report = await deliverDue(deliverer({ ...TIMING, maxDeliveryMs: 800 }));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(report.retried).toBe(1);
    const attemptsSoFar = postAttempts();
    // The abandoned request wakes up after the 3 s wait: it must not go out then.
    await sleep(3_500);
    expect(postAttempts()).toBe(attemptsSoFar);
    expect(copiesOf(content)).toBe(0);

    clock.advance(10_000);
    expect((await deliverDue(deliverer())).delivered).toBe(1);
    expect(copiesOf(content)).toBe(1);
  });

  it("is not sent by a process that lost its lease while it waited (say, its event loop was stalled)", async () => {
    const content = await queuePost();
    world.standIn.failNext({ method: "POST", route: `/channels/${world.channel.id}/messages`, status: 429, retryAfterSeconds: 2, times: 1 });
    const first = deliverDue(deliverer());
    await sleep(300);
    // What another process does once the lease has run out: it takes the entry under a new attempt.
    await world.db
      .updateTable("outbox")
      .set((eb) => ({ attempts: eb("attempts", "+", 1), lease_until: new Date(clock.now().getTime() + 600_000) }))
      .where("dedupe_key", "=", `lease-test:${posts}`)
      .execute();
    const attemptsSoFar = postAttempts();
    const report = await first;
    await sleep(2_500);
    expect(report.delivered).toBe(0);
    expect(postAttempts()).toBe(attemptsSoFar);
    expect(copiesOf(content)).toBe(0);
    const row = await world.db.selectFrom("outbox").select("status").where("dedupe_key", "=", `lease-test:${posts}`).executeTakeFirstOrThrow();
    expect(row.status).toBe("pending");
  });
});
