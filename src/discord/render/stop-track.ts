import type { Reply } from "../command.ts";
import type { Translator } from "../../i18n/translator.ts";
import type { StopPreview } from "../../tracks/stop-track.ts";
import { trackTag } from "../../tracks/tracks.ts";
import { confirmCancelRow } from "./confirm-row.ts";
import { truncate } from "./text.ts";

/** The Stop track button handler (commands/roadmap-admin-roadmap-stop.ts) answers these. */
export const TRACK_STOP_BUTTON_PREFIX = "track-stop";

/** The confirmation; its buttons carry the track's tag and when it was asked (no state is stored until Confirm). */
export function renderStopTrackPreview(preview: StopPreview, askedAt: Date, t: Translator): Reply {
  const issued = askedAt.getTime().toString(36);
  return {
    content: previewLines(t, preview).join("\n"),
    components: confirmCancelRow(
      { label: t.plain("admin:stopTrack.confirm"), customId: `${TRACK_STOP_BUTTON_PREFIX}:confirm:${trackTag(preview.roadmapId)}:${issued}`, danger: true },
      { label: t.plain("admin:stopTrack.cancel"), customId: `${TRACK_STOP_BUTTON_PREFIX}:cancel` },
    ),
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
