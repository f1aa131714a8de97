import type { z } from "zod";
import type { UserMessage } from "../errors.ts";
import { schemaIssueData } from "../i18n/schema-issues.ts";
import { roadmapFileSchema, type RoadmapFile, type SchemaMessageKey } from "./schema.ts";

/*
 * Checking a roadmap, in no language: a problem says what is wrong as a message key and values
 * (our own rules) or as zod's issue data (wrong type, too short…), so the upload worker, which has
 * no translator, hands it to the main thread and the organiser reads it in their language
 * (`userMessageText`); the command line reads it in English (`problemText` in load.ts).
 */

export interface CatalogueProblem {
  readonly file: string;
  /** Where in the file, e.g. `stages[1].sections[2].items[7].id`; empty for the whole file. */
  readonly path: string;
  readonly says: UserMessage;
}

export function formatPath(segments: readonly PropertyKey[]): string {
  return segments
    .map((segment, index) => {
      if (typeof segment === "number") return `[${segment}]`;
      return index === 0 ? String(segment) : `.${String(segment)}`;
    })
    .join("");
}

/** Checks a roadmap already read (from YAML, the Markdown importer or the database) against the schema and its cross-references. */
export function validateRoadmapData(
  value: unknown,
  file: string,
): { data: RoadmapFile; problems: [] } | { data: undefined; problems: CatalogueProblem[] } {
  // `reportInput`: zod's wording of a wrong type names the type it received (schemaIssueData keeps only that).
  const parsed = roadmapFileSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) {
    return {
      data: undefined,
      problems: parsed.error.issues.map((issue) => ({ file, path: formatPath(issue.path), says: issueMessage(issue) })),
    };
  }
  const problems = findStructuralProblems(parsed.data, file);
  if (problems.length > 0) return { data: undefined, problems };
  return { data: parsed.data, problems: [] };
}

/** Our own rule's message (schema.ts words it by key), or zod's issue for zod to word. */
function issueMessage(issue: z.core.$ZodIssue): UserMessage {
  if (!issue.message.startsWith("schema:")) return { key: "schema:zod", values: { issue: { schemaIssue: schemaIssueData(issue) } } };
  const values: Record<string, string | number> = {};
  if (issue.code === "too_big") values.maximum = Number(issue.maximum);
  if (issue.code === "custom") Object.assign(values, issue.params);
  return bounded({ key: issue.message as SchemaMessageKey, values });
}

/** An author's text in a problem (an id, a page path, a language tag) cut to a length a line of a reply can show. */
const MAX_VALUE = 80;

function bounded(message: UserMessage): UserMessage {
  const values = Object.fromEntries(
    Object.entries(message.values ?? {}).map(([name, value]) => [name, typeof value === "string" && value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE - 1)}…` : value]),
  );
  return { ...message, values };
}

/** What a schema cannot see: uniqueness across the whole file and references between parts. */
function findStructuralProblems(file: RoadmapFile, fileName: string): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  const report = (where: string, says: UserMessage) => problems.push({ file: fileName, path: where, says: bounded(says) });

  const idOwners = new Map<string, string>();
  const claimId = (id: string, where: string) => {
    const owner = idOwners.get(id);
    if (owner) report(where, { key: "schema:duplicateId", values: { id, owner } });
    else idOwners.set(id, where);
  };
  const stageNumbers = new Map<number, string>();
  const sectionNumbers = new Map<string, string>();
  // One author's line is one item, so a member's ticked copy of the pages maps to items without doubt.
  const sourceOwners = new Map<string, string>();

  file.stages.forEach((stage, s) => {
    const stagePath = `stages[${s}]`;
    const earlier = stageNumbers.get(stage.number);
    if (earlier) report(`${stagePath}.number`, { key: "schema:duplicateStage", values: { number: stage.number, owner: earlier } });
    else stageNumbers.set(stage.number, stagePath);

    stage.sections.forEach((section, c) => {
      const sectionPath = `${stagePath}.sections[${c}]`;
      const owner = sectionNumbers.get(section.number);
      if (owner) report(`${sectionPath}.number`, { key: "schema:duplicateSection", values: { number: section.number, owner } });
      else sectionNumbers.set(section.number, sectionPath);

      section.items.forEach((item, i) => {
        const itemPath = `${sectionPath}.items[${i}]`;
        claimId(item.id, `${itemPath}.id`);
        (item.aliases ?? []).forEach((alias, a) => claimId(alias, `${itemPath}.aliases[${a}]`));
        if (!item.source) return;
        if (!file.source) {
          report(`${itemPath}.source`, { key: "schema:sourceNeedsRepository" });
          return;
        }
        const key = `${item.source.path}:${item.source.line}`;
        const sourceOwner = sourceOwners.get(key);
        if (sourceOwner) report(`${itemPath}.source`, { key: "schema:duplicateSource", values: { source: key, owner: sourceOwner } });
        else sourceOwners.set(key, `${itemPath}.source`);
      });
    });
  });

  const retired = new Set<string>();
  (file.retired ?? []).forEach((id, r) => {
    const where = `retired[${r}]`;
    const owner = idOwners.get(id);
    if (owner) report(where, { key: "schema:retiredInUse", values: { id, owner } });
    if (retired.has(id)) report(where, { key: "schema:retiredTwice", values: { id } });
    retired.add(id);
  });

  file.milestones.forEach((milestone, m) => {
    if (!stageNumbers.has(milestone.stage)) report(`milestones[${m}].stage`, { key: "schema:unknownStage", values: { stage: milestone.stage } });
  });
  return problems;
}
