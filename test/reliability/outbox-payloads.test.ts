import { beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "../../src/clock.ts";
import { enqueue } from "../../src/db/outbox-repository.ts";
import type { OutboxTable } from "../../src/db/schema.ts";
import { createLogger } from "../../src/logger.ts";
import { noMetrics } from "../../src/ops/metrics.ts";
import { deliverDue, type DeliveryDeps } from "../../src/scheduler/outbox-delivery.ts";
import { CapturedLogs } from "../support/bot.ts";
import { useOutboxWorld } from "../support/outbox-world.ts";

// The outbox outlives releases: a row written by an older version, or damaged by hand, must fail
// alone and say why, while every other entry is still delivered.
const world = useOutboxWorld("Payload Group");
let memberId: string;
const clock = manualClock(new Date("2026-03-02T09:00:00Z"));
let entries = 0;

function deliverer(logs: CapturedLogs, outcomes: string[]): DeliveryDeps {
  return {
    db: world.db,
    clock,
    logger: createLogger("info", { destination: logs }),
    metrics: { ...noMetrics, delivery: (kind, outcome) => outcomes.push(`${kind}:${outcome}`) },
    pictures: undefined,
    rest: world.rest(),
    roleProblem: () => undefined,
  };
}

async function queue(kind: OutboxTable["kind"], payload: unknown): Promise<string> {
  entries++;
  await enqueue(world.db, { guildId: world.guild.id, kind, dedupeKey: `payload-test:${entries}`, channelId: kind === "role" || kind === "reminder" ? null : world.channel.id, payload }, clock.now());
  const row = await world.db.selectFrom("outbox").select("id").where("dedupe_key", "=", `payload-test:${entries}`).executeTakeFirstOrThrow();
  return row.id;
}

async function statusOf(id: string) {
  return world.db.selectFrom("outbox").select(["status", "last_error", "attempts"]).where("id", "=", id).executeTakeFirstOrThrow();
}

beforeAll(() => {
  memberId = world.guild.addMember({ username: "rewarded" }).id;
});

describe("an outbox entry whose stored payload does not read as its kind", () => {
  it("fails with the reason logged and kept, and the good post beside it is still delivered", async () => {
    const broken = await queue("milestone", { content: "Broken", embeds: "not a list", allowed_mentions: { parse: [] } });
    const good = await queue("milestone", { content: "Still posted", embeds: [], allowed_mentions: { parse: [] } });
    const logs = new CapturedLogs();
    const outcomes: string[] = [];

    const report = await deliverDue(deliverer(logs, outcomes));

    expect(report).toEqual({ delivered: 1, retried: 0, failed: 1, blocked: 0 });
    expect(outcomes.sort()).toEqual(["milestone:delivered", "milestone:failed"]);
    expect(await statusOf(broken)).toMatchObject({ status: "failed", last_error: expect.stringMatching(/stored milestone payload is unreadable.*embeds/) });
    expect((await statusOf(good)).status).toBe("delivered");
    expect(world.standIn.channelMessages(world.channel).map((m) => m.content)).toEqual(["Still posted"]);
    expect(world.standIn.channelMessages(world.channel).some((m) => m.content === "Broken")).toBe(false);
    const logged = logs.entries.find((entry) => entry.msg === "outbox entry's payload is unreadable; it fails without a retry");
    expect(logged).toMatchObject({ outboxId: broken, guildId: world.guild.id, kind: "milestone", reason: expect.stringContaining("embeds") });
  });

  it("a role reward without a role id fails without asking Discord, and is not retried", async () => {
    const broken = await queue("role", { userId: memberId, stage: 1 });
    const before = world.standIn.requests.length;
    const report = await deliverDue(deliverer(new CapturedLogs(), []));

    expect(report.failed).toBe(1);
    expect(await statusOf(broken)).toMatchObject({ status: "failed", last_error: expect.stringContaining("roleId") });
    expect(world.standIn.requests.slice(before).filter((r) => r.method === "PUT")).toEqual([]);
    clock.advance(3_600_000);
    expect(await deliverDue(deliverer(new CapturedLogs(), []))).toEqual({ delivered: 0, retried: 0, failed: 0, blocked: 0 });
  });

  it("a reminder whose text was lost fails with the reason, sending no DM", async () => {
    const broken = await queue("reminder", { userId: memberId, embeds: [] });
    const report = await deliverDue(deliverer(new CapturedLogs(), []));

    expect(report.failed).toBe(1);
    expect(await statusOf(broken)).toMatchObject({ status: "failed", last_error: expect.stringContaining("content") });
    expect(world.standIn.requests.filter((r) => r.method === "POST" && r.path === "/users/@me/channels")).toEqual([]);
  });
});
