import { ApplicationCommandOptionType } from "discord.js";
import { describe, expect, expectTypeOf, it } from "vitest";
import { slashCommands } from "../../commands/index.ts";
import { subcommand } from "../../src/discord/command.ts";
import type { UserArg } from "../../src/discord/options.ts";

describe("a handler's arguments come from its command's definition", () => {
  it("types each option by its declared type, optional ones possibly undefined; a misspelt name does not compile", () => {
    const definition = subcommand({
      data: {
        type: ApplicationCommandOptionType.Subcommand,
        name: "typed",
        description: "Options of several types",
        options: [
          { type: ApplicationCommandOptionType.String, name: "item", description: "Required text", required: true },
          { type: ApplicationCommandOptionType.Integer, name: "number", description: "An optional whole number" },
          { type: ApplicationCommandOptionType.Boolean, name: "hidden", description: "An optional flag" },
          { type: ApplicationCommandOptionType.User, name: "member", description: "An optional member" },
        ],
      },
      ephemeral: true,
      async execute(_ctx, _interaction, args) {
        expectTypeOf(args).toEqualTypeOf<{
          readonly item: string;
          readonly number: number | undefined;
          readonly hidden: boolean | undefined;
          readonly member: UserArg | undefined;
        }>();
        // @ts-expect-error: there is no option called "itme", so renaming or misspelling one breaks the build
        void args.itme;
        return { content: args.item };
      },
    });
    expect(definition.data.name).toBe("typed");
  });

  it("keeps the deployed definitions plain JSON: stage numbers are bounded by the roadmap, not by the command", () => {
    const options = slashCommands.flatMap((command) => [...command.subcommands.values()].flatMap((sub) => sub.data.options ?? []));
    const stageNumbers = options.filter((option) => option.name === "stage" || option.name === "number");
    expect(stageNumbers.length).toBe(3);
    for (const option of stageNumbers) expect(option).toMatchObject({ type: ApplicationCommandOptionType.Integer, min_value: 1 });
    for (const option of stageNumbers) expect(option).not.toHaveProperty("max_value");
    expect(JSON.parse(JSON.stringify(slashCommands.map((command) => command.data)))).toEqual(slashCommands.map((command) => command.data));
  });
});
