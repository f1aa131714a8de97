import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildCatalogue } from "../../src/catalogue/catalogue.ts";
import { parseRoadmapText } from "../../src/catalogue/load.ts";
import type { ChannelModel, MemberModel, StandIn } from "../standin/index.ts";
import { startBotWorld, type BotWorld } from "../support/world.ts";

/*
 * Organisers bring roadmaps with their own number of stages: the bound on a stage number is the
 * roadmap's, not the command's (the command keeps only min_value 1).
 */

const STAGES = 5;

/** A valid roadmap of STAGES stages, one section of two items each, in the shape of docs/roadmap-format.md's example. */
function fiveStageRoadmap(): string {
  const stages = Array.from({ length: STAGES }, (_, i) => {
    const n = i + 1;
    return `  - number: ${n}
    title: Stage ${n} of the long road
    goal: Finish stage ${n}
    level: Level ${n}
    keySkills: Skill ${n}
    completionCriteria:
      - Stage ${n} done
    sections:
      - number: "${n}.1"
        title: Section ${n}.1
        items:
          - id: item-${n}-a
            title: First task of stage ${n}
          - id: item-${n}-b
            title: Second task of stage ${n}`;
  });
  return `id: long-road\ntitle: The Long Road\nstages:\n${stages.join("\n")}\n`;
}

let world: BotWorld;
let standIn: StandIn;
let channel: ChannelModel;
let member: MemberModel;

beforeAll(async () => {
  const parsed = parseRoadmapText(fiveStageRoadmap(), "five-stages.yaml");
  if (!parsed.roadmap) throw new Error(JSON.stringify(parsed.problems));
  world = await startBotWorld({
    catalogue: buildCatalogue([parsed.roadmap], parsed.roadmap.id),
    logLevel: "warn",
    beforeBot: (s) => {
      const guild = s.addGuild({ name: "Long Road Group" });
      channel = guild.addChannel({ name: "progress" });
      member = guild.addMember({ username: "walker" });
    },
  });
  ({ standIn } = world);
});

afterAll(() => world?.stop());

afterEach(() => standIn.assertNoViolations());

function run(subcommand: string, options: Record<string, number>) {
  return standIn.command({ member, channel, name: "roadmap", subcommand, options }).then((handle) => handle.reply());
}

describe("a roadmap with five stages", () => {
  it("shows its fifth stage", async () => {
    const reply = await run("stage", { number: 5 });
    expect(reply.embeds[0]?.title).toContain("Stage 5");
  });

  it("refuses a sixth stage privately, naming the roadmap's five", async () => {
    const reply = await run("stage", { number: 6 });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toBe("This roadmap has stages 1 to 5; there is no stage 6.");
  });

  it("refuses the group view of a sixth stage the same way", async () => {
    const reply = await run("group", { stage: 6 });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toBe("There is no stage 6 in this roadmap: it has stages 1 to 5.");
  });
});
