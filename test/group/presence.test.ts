import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { manualClock } from "../../src/clock.ts";
import type { AppContext } from "../../src/context.ts";
import type { DatabaseHandle } from "../../src/db/connect.ts";
import { findMember, markMembersLeft } from "../../src/db/progress-repository.ts";
import { whilePresent } from "../../src/group/membership.ts";
import { checkItem } from "../../src/progress/progress-service.ts";
import { backends, serviceContext } from "../support/backends.ts";
import { loadRealCatalogue } from "../support/catalogue.ts";

describe.each(backends)("a member using the bot is marked present, on $name", (backend) => {
  let handle: DatabaseHandle & { dispose(): Promise<void> };
  let ctx: AppContext;
  const clock = manualClock(new Date("2026-03-02T10:00:00Z"));
  let guildCounter = 0;
  let key: { guildId: string; userId: string };

  beforeAll(async () => {
    handle = await backend.open();
    ctx = serviceContext(handle.db, await loadRealCatalogue(), clock);
  });
  afterAll(async () => {
    await handle?.dispose();
  });
  beforeEach(() => {
    key = { guildId: String(910000000000000000n + BigInt(++guildCounter)), userId: "100000000000000001" };
  });

  const check = (n: number) => () => checkItem(ctx, key, ctx.catalogue.defaultRoadmap, ctx.catalogue.defaultRoadmap.items[n]!, null);

  it("remembers the locale of a member whose first command made them", async () => {
    await whilePresent(ctx, key, "pt-BR", check(0));
    expect((await findMember(handle.db, key))?.locale).toBe("pt-BR");
  });

  it("brings back a member marked as gone and follows a new locale", async () => {
    await whilePresent(ctx, key, "en-US", check(0));
    await markMembersLeft(handle.db, key.guildId, [key.userId], clock.now());
    await whilePresent(ctx, key, "ja", check(1));
    const member = await findMember(handle.db, key);
    expect(member?.left_at).toBeNull();
    expect(member?.locale).toBe("ja");
  });

  it("has marked the member by the time a failing command's error reaches the caller", async () => {
    await whilePresent(ctx, key, "en-US", check(0));
    await markMembersLeft(handle.db, key.guildId, [key.userId], clock.now());
    await expect(whilePresent(ctx, key, "de", () => Promise.reject(new Error("refused")))).rejects.toThrow("refused");
    expect((await findMember(handle.db, key))?.left_at).toBeNull();
  });

  it("knows no one who never used the bot", async () => {
    const answer = await whilePresent(ctx, key, "fr", async () => "nothing stored");
    expect(answer).toBe("nothing stored");
    expect(await findMember(handle.db, key)).toBeUndefined();
  });
});
