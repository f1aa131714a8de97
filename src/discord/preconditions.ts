import { PermissionFlagsBits } from "discord.js";
import { UserError } from "../errors.ts";
import type { Precondition } from "./command.ts";

/**
 * Organiser commands: Discord hides them from members by default_member_permissions, but a
 * server can override that, so every call is checked again here.
 */
export const requireManageServer: Precondition = (interaction) => {
  if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) {
    throw new UserError({ key: "errors:manageServer" });
  }
};
