import { ButtonStyle, ComponentType } from "discord.js";
import type { ButtonHandler, GuildCommandInteraction, Reply } from "../src/discord/command.ts";
import { truncate } from "../src/discord/render/text.ts";
import { listTracks } from "../src/db/track-repository.ts";
import { UserError } from "../src/errors.ts";
import type { AppContext } from "../src/context.ts";
import type { StoredRoadmap } from "../src/db/roadmap-repository.ts";
import type { Translator } from "../src/i18n/translator.ts";
import { previewStopTrack, stopTrack, type StopPreview } from "../src/tracks/stop-track.ts";
import { trackTag } from "../src/tracks/tracks.ts";

// `/roadmap-admin roadmap remove` on a bundled roadmap: the roadmap comes with the bot and stays,
// but its track on this server can stop, after a confirmation that says what happens to its data.

const PREFIX = "track-stop";

/** The roadmaps whose tracks this server runs: `remove` offers these bundled ones beside its uploads. */
export async function runningTrackIds(ctx: Pick<AppContext, "db">, guildId: string): Promise<Set<string>> {
  return new Set((await listTracks(ctx.db, guildId)).map((track) => track.roadmap_id));
}

/** The confirmation; its buttons carry the track's tag and when it was asked (no state is stored until Confirm). */
export async function stopTrackPreview(ctx: AppContext, interaction: GuildCommandInteraction, stored: StoredRoadmap): Promise<Reply> {
  const t = ctx.i18n.forLocale(interaction.locale);
  const preview = await previewStopTrack(ctx, interaction.guildId, stored.roadmapId, stored.title);
  const issued = ctx.clock.now().getTime().toString(36);
  return {
    content: previewLines(t, preview).join("\n"),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          { type: ComponentType.Button, style: ButtonStyle.Danger, label: t.plain("admin:stopTrack.confirm"), custom_id: `${PREFIX}:confirm:${trackTag(preview.roadmapId)}:${issued}` },
          { type: ComponentType.Button, style: ButtonStyle.Secondary, label: t.plain("admin:stopTrack.cancel"), custom_id: `${PREFIX}:cancel` },
        ],
      },
    ],
  };
}

function previewLines(t: Translator, preview: StopPreview): string[] {
  const roadmap = truncate(preview.title, 100);
  return [
    t.t("admin:stopTrack.title", { roadmap }),
    t.t("admin:stopTrack.what", { channel: `<#${preview.channelId}>` }),
    t.t("admin:stopTrack.data"),
    ...(preview.becomesOwn ? [t.t("admin:stopTrack.ownMoves", { other: truncate(preview.becomesOwn, 100) })] : []),
    t.t("admin:stopTrack.confirmHint"),
  ];
}

/** Stop track / Cancel; the command's Manage Server check runs before each press. */
export const trackStopButton = {
  prefix: PREFIX,
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
