import { once } from "node:events";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger, routeProcessWarnings } from "../src/logger.ts";
import { NodeChild, START_NODE_FLAGS } from "./support/node-child.ts";

function captured(): { logger: ReturnType<typeof createLogger>; lines: () => Record<string, unknown>[] } {
  let text = "";
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const lines = () => text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger: createLogger("warn", { destination }), lines };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe("process warnings", () => {
  it("are logged as one structured line, and another module's 'warning' listener still hears them", async () => {
    const heardElsewhere: string[] = [];
    const otherModule = (warning: Error) => heardElsewhere.push(warning.message);
    process.on("warning", otherModule);
    cleanups.push(() => process.off("warning", otherModule));
    const before = process.listeners("warning");
    const { logger, lines } = captured();
    cleanups.push(routeProcessWarnings(logger));

    const emitted = once(process, "warning");
    process.emitWarning("the roadmap is heavy", { type: "RoadmapWarning", code: "ROADMAP_1" });
    await emitted;

    expect(heardElsewhere).toEqual(["the roadmap is heavy"]);
    expect(lines()).toEqual([expect.objectContaining({ msg: "process warning", warning: { name: "RoadmapWarning", message: "the roadmap is heavy", code: "ROADMAP_1" } })]);
    // Node's own printer and every listener there before are all still registered.
    expect(process.listeners("warning").slice(0, before.length)).toEqual(before);
  });

  it("that Node was started not to show (--disable-warning) are not logged either", async () => {
    const { logger, lines } = captured();
    cleanups.push(routeProcessWarnings(logger, ["--disable-warning=RoadmapWarning", "--disable-warning", "ROADMAP_2"]));
    for (const [message, options] of [
      ["by type", { type: "RoadmapWarning" }],
      ["by code", { type: "OtherWarning", code: "ROADMAP_2" }],
      ["shown", { type: "OtherWarning" }],
    ] as const) {
      const emitted = once(process, "warning");
      process.emitWarning(message, options);
      await emitted;
    }
    expect(lines().map((line) => (line.warning as { message: string }).message)).toEqual(["shown"]);
  });

  it("stop being logged once the returned function is called, and other listeners stay", async () => {
    const otherModule = () => undefined;
    process.on("warning", otherModule);
    cleanups.push(() => process.off("warning", otherModule));
    const before = process.listeners("warning");
    const { logger, lines } = captured();
    const stop = routeProcessWarnings(logger);
    stop();
    expect(process.listeners("warning")).toEqual(before);

    const emitted = once(process, "warning");
    process.emitWarning("nobody logs this", "RoadmapWarning");
    await emitted;
    expect(lines()).toEqual([]);
  });

  it("Node still prints them to stderr in the bot's process, while the one the bot causes on purpose stays off", async () => {
    // The bot's start command, its Node flags included, with a script that also emits another warning.
    const child = NodeChild.start("test/support/warning-child.ts", { nodeFlags: [...START_NODE_FLAGS] });
    expect(await child.exited).toBe(0);
    expect(child.text).toMatch(/\(node:\d+\) RoadmapWarning: printed by Node/);
    expect(child.text).toMatch(/"msg":"process warning"/);
    expect(child.text).not.toContain("UnsupportedCacheOverwriteWarning");
  });
});
