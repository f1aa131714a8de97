import type { ButtonHandler } from "../src/discord/command.ts";
import { TRACK_STOP_BUTTON_PREFIX } from "../src/discord/render/stop-track.ts";
import { truncate } from "../src/discord/render/text.ts";
import { UserError } from "../src/errors.ts";
import { stopTrack } from "../src/tracks/stop-track.ts";

// `/roadmap-admin roadmap remove` on a bundled roadmap: the roadmap comes with the bot and stays,
// but its track on this server can stop, after a confirmation that says what happens to its data.

/** Stop track / Cancel; the command's Manage Server check runs before each press. */
export const trackStopButton = {
  prefix: TRACK_STOP_BUTTON_PREFIX,
  async handle(ctx, interaction) {
    const [, action, tag, issued] = interaction.customId.split(":");
    const t = ctx.i18n.forLocale(interaction.locale);
    if (action === "cancel") return { content: t.t("admin:stopTrack.cancelled"), components: [] };
    if (action !== "confirm" || !tag || !issued) throw new UserError({ key: "admin:stopTrack.expired" });
    const stopped = await stopTrack(ctx, interaction.guildId, tag, parseInt(issued, 36));
    const values = { roadmap: truncate(stopped.title, 100) };
    const content = stopped.becomesOwn ? t.t("admin:stopTrack.doneOwnMoved", { ...values, other: truncate(stopped.becomesOwn, 100) }) : t.t("admin:stopTrack.done", values);
    return { content, components: [] };
  },
} as const satisfies ButtonHandler;
