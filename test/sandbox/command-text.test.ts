import { ApplicationCommandOptionType, type APIApplicationCommand } from "discord-api-types/v10";
import { describe, expect, it } from "vitest";
import { CommandTextError, completionPoint, parseCommandText } from "../../src/sandbox/command-text.ts";

const roadmap = {
  id: "1",
  application_id: "2",
  version: "3",
  default_member_permissions: null,
  type: 1,
  name: "roadmap",
  description: "Track your progress",
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "check",
      description: "Mark an item done",
      options: [
        { type: ApplicationCommandOptionType.String, name: "item", description: "The item", required: true, autocomplete: true },
        { type: ApplicationCommandOptionType.String, name: "note", description: "A note" },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "stage",
      description: "A stage",
      options: [{ type: ApplicationCommandOptionType.Integer, name: "number", description: "Stage number", required: true }],
    },
  ],
} as unknown as APIApplicationCommand;

describe("typed commands in the sandbox", () => {
  it("reads a subcommand and option values that contain spaces", () => {
    const parsed = parseCommandText("/roadmap check item:rag-basics note:built a thing: it works", [roadmap]);
    expect(parsed.subcommand?.name).toBe("check");
    expect(Object.fromEntries(parsed.values)).toEqual({ item: "rag-basics", note: "built a thing: it works" });
  });

  it("names the subcommands when the one typed does not exist", () => {
    expect(() => parseCommandText("/roadmap chek", [roadmap])).toThrow(CommandTextError);
    expect(() => parseCommandText("/roadmap chek", [roadmap])).toThrow("check, stage");
  });

  it("suggests subcommands, then options (required first), then completes the option being typed", () => {
    expect(completionPoint("/roadmap st", [roadmap])).toEqual({ kind: "command", suggestions: [expect.objectContaining({ text: "/roadmap stage " })] });
    const options = completionPoint("/roadmap check ", [roadmap]);
    expect(options.kind === "command" && options.suggestions.map((s) => s.text)).toEqual(["/roadmap check item:", "/roadmap check note:"]);
    const value = completionPoint("/roadmap check item:promp", [roadmap]);
    expect(value).toMatchObject({ kind: "value", typed: "promp", prefix: "/roadmap check item:", option: { name: "item" } });
  });
});
