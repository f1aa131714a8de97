import { ApplicationIntegrationType, InteractionContextType, PermissionFlagsBits } from "discord.js";
import type { SlashCommand } from "../src/discord/command.ts";
import { slashCommand } from "../src/discord/command.ts";
import { requireManageServer } from "../src/discord/preconditions.ts";
import { milestoneRoleCommand } from "./roadmap-admin-milestone-role.ts";
import { postLeaderboardCommand } from "./roadmap-admin-post-leaderboard.ts";
import { settingsCommand } from "./roadmap-admin-settings.ts";
import { setupCommand } from "./roadmap-admin-setup.ts";
import { adminExportCommand } from "./roadmap-admin-export.ts";
import { roadmapConfirmButton } from "./roadmap-admin-roadmap-confirm.ts";
import { trackStopButton } from "./roadmap-admin-roadmap-stop.ts";
import { roadmapListCommand } from "./roadmap-admin-roadmap-list.ts";
import { roadmapRemoveCommand } from "./roadmap-admin-roadmap-remove.ts";
import { roadmapUpdateCommand } from "./roadmap-admin-roadmap-update.ts";
import { roadmapUploadCommand } from "./roadmap-admin-roadmap-upload.ts";
import { buddiesCommand } from "./roadmap-buddies.ts";
import { checkCommand } from "./roadmap-check.ts";
import { groupCommand, groupPageButton } from "./roadmap-group.ts";
import { itemCommand } from "./roadmap-item.ts";
import { joinCommand } from "./roadmap-join.ts";
import { exportCommand } from "./roadmap-export.ts";
import { importButton, importCommand } from "./roadmap-import.ts";
import { leaderboardCommand, leaderboardPageButton } from "./roadmap-leaderboard.ts";
import { privacyCommand } from "./roadmap-privacy.ts";
import { remindCommand } from "./roadmap-remind.ts";
import { nextCommand } from "./roadmap-next.ts";
import { progressCommand } from "./roadmap-progress.ts";
import { stageCommand, stagePageButton } from "./roadmap-stage.ts";
import { startCommand } from "./roadmap-start.ts";
import { uncheckCommand } from "./roadmap-uncheck.ts";

const GUILD_ONLY = { contexts: [InteractionContextType.Guild], integration_types: [ApplicationIntegrationType.GuildInstall] };

/** The one list of commands, with the buttons on their replies: the dispatcher and the command sync both read it. */
export const slashCommands: readonly SlashCommand[] = [
  slashCommand(
    { name: "roadmap", description: "Track your progress through the study group's roadmap", ...GUILD_ONLY },
    {
      subcommands: [checkCommand, uncheckCommand, progressCommand, stageCommand, nextCommand, startCommand, joinCommand, leaderboardCommand, groupCommand, itemCommand, buddiesCommand, privacyCommand, remindCommand, exportCommand, importCommand],
      buttons: [stagePageButton, leaderboardPageButton, groupPageButton, importButton],
    },
  ),
  slashCommand(
    {
      name: "roadmap-admin",
      description: "Organiser settings for the study group",
      default_member_permissions: String(PermissionFlagsBits.ManageGuild),
      ...GUILD_ONLY,
    },
    {
      subcommands: [
        setupCommand,
        settingsCommand,
        postLeaderboardCommand,
        milestoneRoleCommand,
        adminExportCommand,
        {
          group: "roadmap",
          description: "The roadmaps this server can use: upload, list, update, remove",
          subcommands: [roadmapUploadCommand, roadmapListCommand, roadmapUpdateCommand, roadmapRemoveCommand],
        },
      ],
      buttons: [roadmapConfirmButton, trackStopButton],
      preconditions: [requireManageServer],
    },
  ),
];
