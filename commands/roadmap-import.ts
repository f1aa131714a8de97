import { ApplicationCommandOptionType, ButtonStyle, ComponentType } from "discord.js";
import { type ButtonHandler, subcommand } from "../src/discord/command.ts";
import { callerKey } from "../src/discord/members.ts";
import { safeText } from "../src/discord/render/text.ts";
import { UserError } from "../src/errors.ts";
import { confirmImport, MAX_IMPORT_FILES, previewImport } from "../src/portability/import-service.ts";
import { roadmapForGuild } from "../src/progress/progress-service.ts";

const PREFIX = "import";
const SHOWN_UNKNOWN = 10;
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
    ],
  },
  ephemeral: true,
  async execute(ctx, interaction, args) {
    const attachments = FILE_OPTIONS.flatMap((name) => args[name] ?? []);
    const replace = args.replace ?? false;
    const roadmap = await roadmapForGuild(ctx, interaction.guildId);
    const files = attachments.map((attachment) => ({
      name: attachment.name,
      size: attachment.size,
      contentType: attachment.contentType,
      url: attachment.url,
    }));
    const preview = await previewImport(ctx, callerKey(interaction), roadmap, files, replace);
    const names = attachments.map((attachment) => `\`${safeText(attachment.name, 60)}\``).join(", ");
    const lines = [
      `**Import preview** from ${names}:`,
      ...(preview.plan.authorPages.length > 0
        ? [`📄 Read as the roadmap author's page${preview.plan.authorPages.length === 1 ? "" : "s"} ${preview.plan.authorPages.map((page) => `\`${safeText(page, 80)}\``).join(", ")}: boxes matched to items by their line.`]
        : []),
      `✅ ${preview.toCheck.length} item(s) would be checked` + (preview.alreadyDone > 0 ? ` (${preview.alreadyDone} already done)` : ""),
    ];
    if (replace) lines.push(`↩️ ${preview.toUncheck.length} item(s) would be unchecked (not marked done in the file)`);
    if (preview.plan.unknown.length > 0) {
      lines.push(
        preview.plan.authorPages.length > 0
          ? `❓ ${preview.plan.unknown.length} ticked line(s) are not items of this roadmap and will be skipped:`
          : `❓ ${preview.plan.unknown.length} line(s) match no item and will be skipped:`,
      );
      lines.push(...preview.plan.unknown.slice(0, SHOWN_UNKNOWN).map((line) => `• ${safeText(line, 90)}`));
      if (preview.plan.unknown.length > SHOWN_UNKNOWN) lines.push(`…and ${preview.plan.unknown.length - SHOWN_UNKNOWN} more`);
    }
    if (preview.previewId === undefined) return { content: [...lines, "Nothing would change, so there is nothing to confirm."].join("\n") };
    lines.push("Press **Confirm** to apply (within 15 minutes); nothing changes until then.");
    return {
      content: lines.join("\n"),
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            { type: ComponentType.Button, style: ButtonStyle.Success, label: "Confirm", custom_id: `${PREFIX}:confirm:${preview.previewId}` },
            { type: ComponentType.Button, style: ButtonStyle.Secondary, label: "Cancel", custom_id: `${PREFIX}:cancel:${preview.previewId}` },
          ],
        },
      ],
    };
  },
});

export const importButton = {
  prefix: PREFIX,
  async handle(ctx, interaction) {
    const [, action, previewId] = interaction.customId.split(":");
    if (!previewId || (action !== "confirm" && action !== "cancel")) throw new UserError("This button doesn't work any more. Run `/roadmap import` again.");
    if (action === "cancel") return { content: "Import cancelled; nothing changed.", components: [] };
    const roadmap = await roadmapForGuild(ctx, interaction.guildId);
    // The preview belongs to the member who made it: anyone else's press finds nothing.
    const result = await confirmImport(ctx, callerKey(interaction), roadmap, previewId);
    if (result.milestones.length > 0) ctx.outbox.kick();
    return {
      content: `✅ Imported: ${result.checked} checked${result.unchecked > 0 ? `, ${result.unchecked} unchecked` : ""}. You now have **${result.summary.done}/${result.summary.total}** items done (${result.summary.percent}%).`,
      components: [],
    };
  },
} as const satisfies ButtonHandler;
