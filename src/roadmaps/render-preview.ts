import type { APIEmbed, APIEmbedField } from "discord.js";
import type { Roadmap } from "../catalogue/catalogue.ts";
import type { ImportReport } from "../catalogue/import-markdown.ts";
import { codeSpanText, truncate } from "../discord/render/text.ts";
import type { Translator } from "../i18n/translator.ts";
import type { MemberImpact, VersionChanges } from "./compare-versions.ts";
import { roadmapLanguageName } from "./roadmap-language.ts";

// Discord's embed limits: 25 fields, 256-character names, 1,024-character values, 6,000 in all.
const MAX_FIELDS = 25;
const FIELD_VALUE = 1024;
const EMBED_TOTAL = 6000;
const PREVIEW_COLOUR = 0x5865f2;

/** Lines joined up to a field's limit; what does not fit is counted, not cut mid-line. */
function fieldValue(lines: readonly string[], t: Translator, limit = FIELD_VALUE): string {
  const kept: string[] = [];
  let length = 0;
  for (const [index, line] of lines.entries()) {
    const more = t.t("roadmaps:preview.more", { count: lines.length - index });
    if (length + line.length + 1 + more.length + 1 > limit) {
      kept.push(more);
      break;
    }
    kept.push(line);
    length += line.length + 1;
  }
  return kept.join("\n") || t.t("roadmaps:preview.nothing");
}

/** Stage fields: each stage's sections with their item counts. Titles are the roadmap's own words. */
function stageFields(roadmap: Roadmap, room: number, t: Translator): APIEmbedField[] {
  const fields = roadmap.stages.slice(0, room).map((stage) => ({
    name: truncate(t.t("roadmaps:preview.stage", { number: stage.number, title: truncate(stage.title, 150), count: stage.items.length }), 256),
    value: fieldValue(
      stage.sections.map((section) => t.t("roadmaps:preview.section", { number: section.number, title: truncate(section.title, 90), count: section.items.length })),
      t,
    ),
  }));
  if (roadmap.stages.length > room) fields.push({ name: t.t("roadmaps:preview.moreStages"), value: t.t("roadmaps:preview.more", { count: roadmap.stages.length - room }) });
  return fields;
}

/** The importer's findings; the lines it writes itself (mismatches, skip reasons, warnings) stay as it words them. */
function reportField(report: ImportReport, t: Translator): APIEmbedField {
  const lines = [
    t.t("roadmaps:preview.coverage", {
      items: t.t("roadmaps:preview.items", { count: report.coverage.items }),
      criteria: t.t("roadmaps:preview.criteria", { count: report.coverage.criteria }),
      tasks: t.t("roadmaps:preview.tasks", { count: report.coverage.tasks }),
    }),
    ...report.mismatches.map((line) => t.t("roadmaps:preview.mismatch", { line: truncate(line, 150) })),
    ...report.skipped.map((kind) => t.t("roadmaps:preview.skipped", { reason: truncate(kind.reason, 80), count: kind.count })),
    ...report.warnings.map((line) => t.t("roadmaps:preview.warning", { line: truncate(line, 150) })),
  ];
  return { name: t.t("roadmaps:preview.report"), value: fieldValue(lines, t) };
}

/** Keeps the embed under Discord's total by dropping trailing fields (counted in the footer). */
function withinTotal(embed: APIEmbed, t: Translator): APIEmbed {
  const size = (e: APIEmbed) =>
    (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
  const fields = [...(embed.fields ?? [])];
  let dropped = 0;
  // Room for the footer that counts them, in the longest language.
  while (size({ ...embed, fields }) > EMBED_TOTAL - 80 && fields.length > 0) {
    fields.pop();
    dropped++;
  }
  const footer = dropped > 0 ? t.t("roadmaps:preview.notShown", { count: dropped }) : undefined;
  return { ...embed, fields, ...(footer ? { footer: { text: footer } } : {}) };
}

/** Which language the roadmap says it is written in, or that it says none. */
function languageLine(roadmap: Roadmap, t: Translator): string {
  const tag = roadmap.document.language;
  if (tag === undefined) return t.t("roadmaps:preview.noLanguage");
  return t.t("roadmaps:preview.language", { language: roadmapLanguageName(tag, t), tag });
}

export function renderUploadPreview(roadmap: Roadmap, report: ImportReport | undefined, files: readonly string[], t: Translator): APIEmbed {
  const fields = stageFields(roadmap, MAX_FIELDS - 2, t);
  if (report) fields.push(reportField(report, t));
  const fileList = t.list(files.map((name) => t.t("roadmaps:preview.file", { file: codeSpanText(name) })));
  return withinTotal(
    {
      title: truncate(t.t("roadmaps:preview.title", { title: roadmap.title }), 256),
      color: PREVIEW_COLOUR,
      description: [
        t.t("roadmaps:preview.summary", { items: t.t("roadmaps:preview.items", { count: roadmap.items.length }), count: roadmap.stages.length, files: fileList }),
        languageLine(roadmap, t),
        t.t("roadmaps:preview.confirmHint"),
      ].join("\n"),
      fields,
    },
    t,
  );
}

function itemLines(items: readonly { title: string }[], t: Translator): string[] {
  return items.map((item) => t.t("roadmaps:update.item", { title: truncate(item.title, 100) }));
}

function stageTotal(total: MemberImpact["stageTotals"][number], t: Translator): string {
  const values = { number: total.stage, title: truncate(total.title, 60), before: total.before, after: total.after };
  if (total.after === total.before) return t.t("roadmaps:update.stageTotal", values);
  const change = `${total.after > total.before ? "+" : "-"}${t.number(Math.abs(total.after - total.before))}`;
  return t.t("roadmaps:update.stageTotalChanged", { ...values, change });
}

export function renderUpdatePreview(title: string, changes: VersionChanges, impact: MemberImpact, members: number, t: Translator): APIEmbed {
  const fields: APIEmbedField[] = [
    { name: t.t("roadmaps:update.added", { count: changes.added.length }), value: fieldValue(itemLines(changes.added, t), t) },
    { name: t.t("roadmaps:update.removed", { count: changes.removed.length }), value: fieldValue(itemLines(changes.removed, t), t) },
    {
      name: t.t("roadmaps:update.renamed", { count: changes.renamed.length }),
      value: fieldValue(
        changes.renamed.map((r) => t.t("roadmaps:update.rename", { from: truncate(r.from.title, 100), to: truncate(r.to.title, 100) })),
        t,
      ),
    },
    {
      name: t.t("roadmaps:update.membersField"),
      value: [t.t("roadmaps:update.keepAll", { count: impact.keepAll }), t.t("roadmaps:update.onRemoved", { count: impact.onRemoved })].join("\n"),
    },
    { name: t.t("roadmaps:update.stageTotals"), value: fieldValue(impact.stageTotals.map((total) => stageTotal(total, t)), t) },
  ];
  return withinTotal(
    {
      title: truncate(t.t("roadmaps:update.title", { title }), 256),
      color: PREVIEW_COLOUR,
      description: [
        t.t("roadmaps:update.summary", {
          items: t.t("roadmaps:preview.items", { count: changes.roadmap.items.length }),
          members: t.t("roadmaps:update.members", { count: members }),
        }),
        t.t("roadmaps:update.keepNote"),
        t.t("roadmaps:update.confirmHint"),
      ].join("\n"),
      fields,
    },
    t,
  );
}
