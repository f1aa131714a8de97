import type { ButtonHandler, SlashCommand } from "../src/discord/command.ts";
import { slashCommand } from "../src/discord/command.ts";
import { checkCommand } from "./roadmap-check.ts";
import { nextCommand } from "./roadmap-next.ts";
import { progressCommand } from "./roadmap-progress.ts";
import { stageCommand, stagePageButton } from "./roadmap-stage.ts";
import { startCommand } from "./roadmap-start.ts";
import { uncheckCommand } from "./roadmap-uncheck.ts";

const GUILD_ONLY = { contexts: [0], integration_types: [0] };

/** The one list of commands: the dispatcher and the command sync both read it. */
export const slashCommands: readonly SlashCommand[] = [
  slashCommand(
    { name: "roadmap", description: "Track your progress through the study group's roadmap", ...GUILD_ONLY },
    [checkCommand, uncheckCommand, progressCommand, stageCommand, nextCommand, startCommand],
  ),
];

export const buttonHandlers: readonly ButtonHandler[] = [stagePageButton];
