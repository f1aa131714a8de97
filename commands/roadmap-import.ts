import { ApplicationCommandOptionType } from "discord.js";
import { type ButtonHandler, type Reply, subcommand } from "../src/discord/command.ts";
import { callerKey } from "../src/discord/members.ts";
import { confirmCancelRow } from "../src/discord/render/confirm-row.ts";
import { truncate } from "../src/discord/render/text.ts";
import type { Translator } from "../src/i18n/translator.ts";
import { UserError } from "../src/errors.ts";
import { confirmImport, MAX_IMPORT_FILES, previewImport, type ImportPreviewResult } from "../src/portability/import-service.ts";
import { TRACK_OPTION, trackOptionChoices } from "../src/discord/track-option.ts";
import { rememberTrack, resolveMemberTrack, type MemberTrack } from "../src/tracks/tracks.ts";

const PREFIX = "import";
const SHOWN_UNKNOWN = 10;
/** Discord's limit on a message's content. */
const MAX_CONTENT = 2_000;
/** `file`, then `file2` … `file5`: several of an author's pages at once. */
const MORE_FILE_OPTIONS = Array.from({ length: MAX_IMPORT_FILES - 1 }, (_, i) => `file${i + 2}` as const);
const FILE_OPTIONS = ["file", ...MORE_FILE_OPTIONS] as const;

export const importCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "import",
    description: "Check items from a Markdown or CSV checklist (you confirm before anything changes)",
    options: [
      { type: ApplicationCommandOptionType.Attachment, name: "file", description: "A .md or .csv file, e.g. from /roadmap export", required: true },
      {
        type: ApplicationCommandOptionType.Boolean,
        name: "replace",
        description: "Also uncheck items the file doesn't mark done (default: only add)",
      },
      ...MORE_FILE_OPTIONS.map((name) => ({
        type: ApplicationCommandOptionType.Attachment as const,
        name,
        description: "Another file, e.g. another of the roadmap author's pages with your ticks",
      })),
      TRACK_OPTION,
    ],
  },
  ephemeral: true,
  async execute(ctx, interaction, args) {
    const attachments = FILE_OPTIONS.flatMap((name) => args[name] ?? []);
    const replace = args.replace ?? false;
    // A preview changes nothing: the track named becomes the member's default only on Confirm.
    const { roadmap } = await resolveMemberTrack(ctx, callerKey(interaction), args.roadmap);
    const files = attachments.map((attachment) => ({
      name: attachment.name,
      size: attachment.size,
      contentType: attachment.contentType,
      url: attachment.url,
    }));
    const preview = await previewImport(ctx, callerKey(interaction), roadmap, files, replace);
    const t = ctx.i18n.forLocale(interaction.locale);
    return renderPreview(t, preview, attachments.map((attachment) => attachment.name), replace);
  },
  autocomplete: async (ctx, interaction) => (await trackOptionChoices(ctx, interaction)) ?? [],
});

/** The preview a member confirms: what would be checked, unchecked and skipped, with Confirm and Cancel. */
export function renderPreview(t: Translator, preview: ImportPreviewResult, fileNames: readonly string[], replace: boolean): Reply {
  const { plan } = preview;
  const files = t.list(fileNames.map((name) => t.t("import:preview.file", { file: truncate(name, 60) })));
  const lines = [t.t("import:preview.title", { files })];
  if (plan.authorPages.length > 0) {
    const pages = t.list(plan.authorPages.map((page) => t.t("import:preview.file", { file: truncate(page, 80) })));
    lines.push(t.t("import:preview.authorPages", { count: plan.authorPages.length, pages }));
  }
  lines.push(
    preview.alreadyDone > 0
      ? t.t("import:preview.toCheckAlreadyDone", { count: preview.toCheck.length, done: preview.alreadyDone })
      : t.t("import:preview.toCheck", { count: preview.toCheck.length }),
  );
  if (replace) lines.push(t.t("import:preview.toUncheck", { count: preview.toUncheck.length }));
  const closing = preview.previewId === undefined ? t.t("import:preview.nothingToConfirm") : t.t("import:preview.confirmHint");
  if (plan.unknown.length > 0) {
    const count = plan.unknown.length;
    lines.push(plan.authorPages.length > 0 ? t.t("import:preview.unknownTicked", { count }) : t.t("import:preview.unknown", { count }));
    lines.push(...unknownLinesThatFit(t, plan.unknown, MAX_CONTENT - [...lines, closing].join("\n").length - 1));
  }
  lines.push(closing);
  if (preview.previewId === undefined) return { content: lines.join("\n") };
  return {
    content: lines.join("\n"),
    components: confirmCancelRow(
      { label: t.plain("import:preview.confirm"), customId: `${PREFIX}:confirm:${preview.previewId}` },
      { label: t.plain("import:preview.cancel"), customId: `${PREFIX}:cancel:${preview.previewId}` },
    ),
  };
}

/**
 * Up to SHOWN_UNKNOWN of the lines that matched nothing, and "…and N more" for the rest, within
 * `room` characters: long lines in a long language must not push the message past Discord's 2000.
 */
function unknownLinesThatFit(t: Translator, unknown: readonly string[], room: number): string[] {
  const more = (shownCount: number) => (unknown.length > shownCount ? [t.t("import:preview.more", { count: unknown.length - shownCount })] : []);
  const shown = unknown.slice(0, SHOWN_UNKNOWN).map((line) => t.t("import:preview.unknownLine", { line: truncate(line, 90) }));
  while (shown.length > 0 && [...shown, ...more(shown.length)].join("\n").length > room) shown.pop();
  return [...shown, ...more(shown.length)];
}

/** What a confirmed import did, and where the member stands now. */
export function renderImported(t: Translator, result: { checked: number; unchecked: number; summary: { done: number; total: number; percent: number } }): string {
  const values = { checked: result.checked, unchecked: result.unchecked, done: result.summary.done, total: result.summary.total, percent: t.percent(result.summary.percent) };
  return result.unchecked > 0 ? t.t("import:importedUnchecked", values) : t.t("import:imported", values);
}

export const importButton = {
  prefix: PREFIX,
  async handle(ctx, interaction) {
    const [, action, previewId] = interaction.customId.split(":");
    if (!previewId || (action !== "confirm" && action !== "cancel")) throw new UserError({ key: "import:buttonGone" });
    const t = ctx.i18n.forLocale(interaction.locale);
    if (action === "cancel") return { content: t.t("import:cancelled"), components: [] };
    const key = callerKey(interaction);
    let track: MemberTrack | undefined;
    // The preview belongs to the member who made it: anyone else's press finds nothing.
    const result = await confirmImport(ctx, key, async (roadmapId) => (track = await resolveMemberTrack(ctx, key, roadmapId)).roadmap, previewId);
    if (track) await rememberTrack(ctx, key, track);
    if (result.milestones.length > 0) ctx.outbox.kick();
    return { content: renderImported(t, result), components: [] };
  },
} as const satisfies ButtonHandler;
