import type { APIEmbed, APIEmbedField } from "discord.js";
import type { Roadmap } from "../catalogue/catalogue.ts";
import type { ImportReport } from "../catalogue/import-markdown.ts";
import { safeText, truncate } from "../discord/render/text.ts";
import type { MemberImpact, VersionChanges } from "./compare-versions.ts";

// Discord's embed limits: 25 fields, 256-character names, 1,024-character values, 6,000 in all.
const MAX_FIELDS = 25;
const FIELD_VALUE = 1024;
const EMBED_TOTAL = 6000;
const PREVIEW_COLOUR = 0x5865f2;

const plural = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString("en")} ${count === 1 ? one : many}`;

/** Lines joined up to a field's limit; what does not fit is counted, not cut mid-line. */
function fieldValue(lines: readonly string[], limit = FIELD_VALUE): string {
  const kept: string[] = [];
  let length = 0;
  for (const [index, line] of lines.entries()) {
    const more = `…and ${lines.length - index} more`;
    if (length + line.length + 1 + more.length + 1 > limit) {
      kept.push(more);
      break;
    }
    kept.push(line);
    length += line.length + 1;
  }
  return kept.join("\n") || "—";
}

/** Stage fields: each stage's sections with their item counts. */
function stageFields(roadmap: Roadmap, room: number): APIEmbedField[] {
  const fields = roadmap.stages.slice(0, room).map((stage) => ({
    name: truncate(`Stage ${stage.number}: ${stage.title} (${plural(stage.items.length, "item")})`, 256),
    value: fieldValue(stage.sections.map((section) => `${section.number} ${safeText(section.title, 90)}: ${section.items.length}`)),
  }));
  if (roadmap.stages.length > room) fields.push({ name: "More stages", value: `…and ${roadmap.stages.length - room} more` });
  return fields;
}

function reportField(report: ImportReport): APIEmbedField {
  const lines = [
    `${plural(report.coverage.items, "item")} and ${plural(report.coverage.criteria, "completion criterion", "completion criteria")} from ${plural(report.coverage.tasks, "task line")} outside code`,
    ...report.mismatches.map((line) => `Claimed against found: ${safeText(line, 150)}`),
    ...report.skipped.map((kind) => `Skipped ${safeText(kind.reason, 80)}: ${kind.count}`),
    ...report.warnings.map((line) => `⚠️ ${safeText(line, 150)}`),
  ];
  return { name: "What the importer read", value: fieldValue(lines) };
}

/** Keeps the embed under Discord's total by dropping trailing fields (counted in the footer). */
function withinTotal(embed: APIEmbed): APIEmbed {
  const size = (e: APIEmbed) =>
    (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
  const fields = [...(embed.fields ?? [])];
  let dropped = 0;
  while (size({ ...embed, fields }) > EMBED_TOTAL - 40 && fields.length > 0) {
    fields.pop();
    dropped++;
  }
  const footer = dropped > 0 ? `${embed.footer?.text ?? ""} (${dropped} more not shown)`.trim() : embed.footer?.text;
  return { ...embed, fields, ...(footer ? { footer: { text: footer } } : {}) };
}

export function renderUploadPreview(roadmap: Roadmap, report: ImportReport | undefined, files: readonly string[]): APIEmbed {
  const fields = stageFields(roadmap, MAX_FIELDS - 2);
  if (report) fields.push(reportField(report));
  return withinTotal({
    title: truncate(`Preview: ${roadmap.title}`, 256),
    color: PREVIEW_COLOUR,
    description: [
      `${plural(roadmap.items.length, "item")} in ${plural(roadmap.stages.length, "stage")}, from ${files.map((name) => `\`${safeText(name, 60)}\``).join(", ")}.`,
      "Press **Confirm** within 15 minutes to add it to this server's roadmaps; nothing is stored until then.",
    ].join("\n"),
    fields,
  });
}

function itemLines(items: readonly { title: string }[]): string[] {
  return items.map((item) => `• ${safeText(item.title, 100)}`);
}

export function renderUpdatePreview(title: string, changes: VersionChanges, impact: MemberImpact, members: number): APIEmbed {
  const fields: APIEmbedField[] = [
    { name: `Added (${changes.added.length})`, value: fieldValue(itemLines(changes.added)) },
    { name: `Removed (${changes.removed.length})`, value: fieldValue(itemLines(changes.removed)) },
    {
      name: `Renamed (${changes.renamed.length})`,
      value: fieldValue(changes.renamed.map((r) => `• ${safeText(r.from.title, 100)} → ${safeText(r.to.title, 100)}`)),
    },
    {
      name: "Members",
      value: [
        `${plural(impact.keepAll, "member")} keep all their progress`,
        `${plural(impact.onRemoved, "member")} have progress on removed items (kept, no longer counted)`,
      ].join("\n"),
    },
    {
      name: "Stage totals",
      value: fieldValue(
        impact.stageTotals.map((s) => `Stage ${s.stage} ${safeText(s.title, 60)}: ${s.before} → ${s.after}${s.after === s.before ? "" : ` (${s.after > s.before ? "+" : ""}${s.after - s.before})`}`),
      ),
    },
  ];
  return withinTotal({
    title: truncate(`Update preview: ${title}`, 256),
    color: PREVIEW_COLOUR,
    description: [
      `${plural(changes.roadmap.items.length, "item")} in the new version; ${plural(members, "member")} with progress.`,
      "Renamed items keep their progress. Milestones already announced stay and are not announced again.",
      "Press **Confirm** within 15 minutes to apply it; nothing changes until then.",
    ].join("\n"),
    fields,
  });
}
