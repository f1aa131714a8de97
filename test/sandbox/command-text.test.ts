import { ApplicationCommandOptionType, type APIApplicationCommand } from "discord-api-types/v10";
import { describe, expect, it } from "vitest";
import { CommandTextError, commandPath, completionPoint, parseCommandText } from "../../src/sandbox/command-text.ts";

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

/** A command with a subcommand group beside a plain subcommand, like /roadmap-admin's roadmap group. */
const admin = {
  id: "4",
  application_id: "2",
  version: "3",
  default_member_permissions: null,
  type: 1,
  name: "roadmap-admin",
  description: "Organise",
  options: [
    { type: ApplicationCommandOptionType.Subcommand, name: "settings", description: "Show the settings" },
    {
      type: ApplicationCommandOptionType.SubcommandGroup,
      name: "roadmap",
      description: "The server's roadmaps",
      options: [
        { type: ApplicationCommandOptionType.Subcommand, name: "list", description: "List the roadmaps" },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: "upload",
          description: "Upload a roadmap",
          options: [
            { type: ApplicationCommandOptionType.Attachment, name: "file", description: "The roadmap", required: true },
            { type: ApplicationCommandOptionType.Attachment, name: "file2", description: "Another page" },
          ],
        },
      ],
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

  it("reads a subcommand inside a group, and its options", () => {
    const parsed = parseCommandText("/roadmap-admin roadmap upload file:hub.md file2:page.md", [admin]);
    expect([parsed.group?.name, parsed.subcommand?.name]).toEqual(["roadmap", "upload"]);
    expect(parsed.definitions.map((definition) => definition.name)).toEqual(["file", "file2"]);
    expect(Object.fromEntries(parsed.values)).toEqual({ file: "hub.md", file2: "page.md" });
    expect(commandPath(parsed)).toBe("/roadmap-admin roadmap upload");
    const plain = parseCommandText("/roadmap-admin settings", [admin]);
    expect([plain.group, plain.subcommand?.name]).toEqual([undefined, "settings"]);
  });

  it("asks for the subcommand of a group typed alone, and names the group's subcommands when one is mistyped", () => {
    expect(() => parseCommandText("/roadmap-admin roadmap", [admin])).toThrow("Pick a subcommand: list, upload.");
    expect(() => parseCommandText("/roadmap-admin roadmap uplod file:x", [admin])).toThrow('/roadmap-admin roadmap has no "uplod" subcommand (it has list, upload).');
  });

  it("suggests groups beside subcommands, then the group's subcommands, then the leaf's options and values", () => {
    const top = completionPoint("/roadmap-admin ", [admin]);
    expect(top.kind === "command" && top.suggestions.map((s) => s.text)).toEqual(["/roadmap-admin settings ", "/roadmap-admin roadmap "]);
    const group = completionPoint("/roadmap-admin roadmap u", [admin]);
    expect(group).toEqual({ kind: "command", suggestions: [{ label: "/roadmap-admin roadmap upload", description: "Upload a roadmap", text: "/roadmap-admin roadmap upload " }] });
    const options = completionPoint("/roadmap-admin roadmap upload ", [admin]);
    expect(options.kind === "command" && options.suggestions.map((s) => s.text)).toEqual(["/roadmap-admin roadmap upload file:", "/roadmap-admin roadmap upload file2:"]);
    const value = completionPoint("/roadmap-admin roadmap upload file:", [admin]);
    expect(value).toMatchObject({ kind: "value", prefix: "/roadmap-admin roadmap upload file:", option: { name: "file" } });
  });

  it("says which subcommands a group has when what is typed matches none", () => {
    expect(completionPoint("/roadmap-admin roadmap x", [admin])).toEqual({
      kind: "command",
      suggestions: [],
      hint: '/roadmap-admin roadmap has no "x" subcommand (it has list, upload).',
    });
  });
});
