import { z } from "zod";
import type { MessageKey } from "../i18n/message-keys.ts";

/**
 * Our own wording of a rule, as its catalogue key (`locales/<language>/schema.json`): zod carries
 * it as the issue's message and `load.ts` turns it into a message for the reader's language, with
 * the issue's `maximum` or `params` as its values. zod words its own issues (wrong type, too small).
 */
export type SchemaMessageKey = Extract<MessageKey, `schema:${string}`>;
const says = (key: SchemaMessageKey): string => key;

/** Longest title Discord shows in an autocomplete choice. */
export const MAX_ITEM_TITLE = 100;

const kebabId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, says("schema:kebabCase"))
  .max(64, says("schema:tooLong"));

const title = (max: number) =>
  z
    .string()
    .transform((value) => value.trim())
    .pipe(z.string().min(1, says("schema:empty")).max(max, says("schema:tooLong")));

const resourceSchema = z.strictObject({
  title: title(200),
  url: z.url({ protocol: /^https?$/, message: says("schema:httpUrl") }),
});

/** A path inside a folder: no leading slash or drive, no empty, "." or ".." segment. */
function relativePath() {
  return z
    .string()
    .min(1, says("schema:empty"))
    .superRefine((value, ctx) => {
      const problem = relativePathProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
}

function relativePathProblem(value: string): SchemaMessageKey | undefined {
  if (/^([/\\]|[A-Za-z]:)/.test(value)) return "schema:relativePath";
  const segments = value.split(/[/\\]/);
  if (segments.includes("..")) return "schema:leavesFolder";
  if (segments.some((segment) => segment === "" || segment === ".")) return "schema:emptySegment";
  return undefined;
}

/**
 * Where an item comes from in its author's pages: a page of the roadmap's folder (see
 * `sourceRepositorySchema`) and the 1-based line of the author's checkbox there.
 */
const itemSourceSchema = z.strictObject({
  path: relativePath()
    .refine((value) => value.toLowerCase().endsWith(".md"), says("schema:markdownPage"))
    .describe("The page, relative to the roadmap's source folder, e.g. `stage-1/README.md`."),
  line: z.number().int(says("schema:wholeNumber")).positive(says("schema:lineNumber")).describe("The 1-based line of the checkbox on that page; one item per line."),
});

/** The author's published roadmap: one repository folder at one commit, named once per roadmap. */
const sourceRepositorySchema = z.strictObject({
  repository: z.url({ protocol: /^https$/, message: says("schema:httpsRepository") }).describe("The repository's https address."),
  folder: relativePath().describe("The roadmap's folder in it, e.g. `guides/roadmap`."),
  commit: z.string().regex(/^[0-9a-f]{40}$/, says("schema:commitHash")).describe("The full commit hash the line numbers refer to."),
});

const itemSchema = z.strictObject({
  id: kebabId.describe("Stable forever: members' progress is stored under it."),
  title: title(MAX_ITEM_TITLE).describe("What the member does, as autocomplete shows it (Discord shows 100 characters)."),
  description: z.string().trim().max(500).optional().describe("More detail, shown on the item's page."),
  resources: z.array(resourceSchema).max(10).optional().describe("Links to learn from."),
  aliases: z.array(kebabId).optional().describe("Former ids of this item: progress recorded under them still counts."),
  source: itemSourceSchema.optional().describe("The author's checkbox this item keeps."),
});

const sectionSchema = z.strictObject({
  number: z.string().regex(/^\d+(\.\d+)*$/, says("schema:sectionNumber")).describe('The author\'s own numbering, e.g. "2.3"; unique in the file.'),
  title: title(100),
  items: z.array(itemSchema).min(1, says("schema:sectionNeedsItem")),
});

const stageSchema = z
  .strictObject({
    number: z.number().int().min(1).describe("1, 2, 3…; unique in the file."),
    title: title(100),
    goal: title(300).describe("What the stage is for, shown on progress views."),
    level: title(50).describe('What finishing the stage makes you, e.g. "Job-Ready" or "Senior".'),
    keySkills: title(300).describe("The skills the stage builds, in a line."),
    completionCriteria: z.array(title(200)).min(1, says("schema:stageNeedsCriteria")).describe("How a member knows the stage is done; shown in the celebration."),
    sections: z.array(sectionSchema).min(1, says("schema:stageNeedsSection")),
  })
  .refine((stage) => stage.sections.some((section) => section.items.length > 0), {
    message: says("schema:stageNeedsItem"),
    path: ["sections"],
  });

const milestoneSchema = z.strictObject({
  id: kebabId,
  title: title(100),
  description: title(300),
  stage: z.number().int().min(1).describe("The stage whose completion reaches this milestone."),
});

/**
 * A BCP 47 language tag (`pt-BR`, `de`, `zh-Hans`), written as `Intl` spells it: one tag, one way,
 * so the same language is always shown the same way.
 */
const languageTag = z.string().superRefine((value, ctx) => {
  let canonical: string | undefined;
  try {
    canonical = Intl.getCanonicalLocales(value)[0];
  } catch {
    canonical = undefined;
  }
  if (!canonical) ctx.addIssue({ code: "custom", message: says("schema:languageTag") });
  else if (canonical !== value) ctx.addIssue({ code: "custom", message: says("schema:writtenAs"), params: { canonical } });
});

export const roadmapFileSchema = z.strictObject({
  id: kebabId.describe("The roadmap's id, unique among the files of the folder."),
  title: title(100),
  language: languageTag
    .optional()
    .describe(
      "The language the roadmap is written in, e.g. `pt-BR`. The bot never translates a roadmap: it shows the language beside the title, so a server can run a translated copy as its own track.",
    ),
  description: z.string().trim().max(1000).optional(),
  source: sourceRepositorySchema.optional().describe("Where the items' `source` pages live: needed when any item has a source."),
  retired: z
    .array(kebabId)
    .optional()
    .describe(
      "Ids of items removed for good: progress under them stays in the database but no longer counts, and no item may take them again.",
    ),
  stages: z.array(stageSchema).min(1, says("schema:roadmapNeedsStage")),
  milestones: z.array(milestoneSchema).default([]),
});

export type RoadmapFile = z.infer<typeof roadmapFileSchema>;
export type RoadmapFileStage = RoadmapFile["stages"][number];
export type RoadmapFileSection = RoadmapFileStage["sections"][number];
export type RoadmapFileItem = RoadmapFileSection["items"][number];
export type ItemSource = z.infer<typeof itemSourceSchema>;
export type SourceRepository = z.infer<typeof sourceRepositorySchema>;
