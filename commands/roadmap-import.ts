import { ApplicationCommandOptionType, ButtonStyle, ComponentType } from "discord.js";
import type { ButtonHandler, Subcommand } from "../src/discord/command.ts";
import { callerKey } from "../src/discord/members.ts";
import { safeText } from "../src/discord/render/text.ts";
import { UserError } from "../src/errors.ts";
import { confirmImport, previewImport } from "../src/portability/import-service.ts";
import { roadmapForGuild } from "../src/progress/progress-service.ts";

const PREFIX = "import";
const SHOWN_UNKNOWN = 10;

export const importCommand = {
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
    ],
  },
  ephemeral: true,
  async execute(ctx, interaction) {
    const attachment = interaction.options.getAttachment("file", true);
    const replace = interaction.options.getBoolean("replace") ?? false;
    const roadmap = await roadmapForGuild(ctx, interaction.guildId);
    const preview = await previewImport(ctx, callerKey(interaction), roadmap, {
      name: attachment.name,
      size: attachment.size,
      contentType: attachment.contentType,
      url: attachment.url,
    }, replace);
    const lines = [
      `**Import preview** from \`${safeText(attachment.name, 60)}\`:`,
      `✅ ${preview.toCheck.length} item(s) would be checked` + (preview.alreadyDone > 0 ? ` (${preview.alreadyDone} already done)` : ""),
    ];
    if (replace) lines.push(`↩️ ${preview.toUncheck.length} item(s) would be unchecked (not marked done in the file)`);
    if (preview.plan.unknown.length > 0) {
      lines.push(`❓ ${preview.plan.unknown.length} line(s) match no item and will be skipped:`);
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
} as const satisfies Subcommand;

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
