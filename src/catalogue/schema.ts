import { z } from "zod";

/** Longest title Discord shows in an autocomplete choice. */
export const MAX_ITEM_TITLE = 100;

const kebabId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lower-case kebab-case (a-z, 0-9 and single hyphens)")
  .max(64, "must be at most 64 characters");

const title = (max: number) =>
  z
    .string()
    .transform((value) => value.trim())
    .pipe(z.string().min(1, "must not be empty").max(max, `must be at most ${max} characters`));

const resourceSchema = z.strictObject({
  title: title(200),
  url: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }),
});

/** A path inside a folder: no leading slash or drive, no empty, "." or ".." segment. */
function relativePath() {
  return z
    .string()
    .min(1, "must not be empty")
    .superRefine((value, ctx) => {
      const problem = relativePathProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
}

function relativePathProblem(value: string): string | undefined {
  if (/^([/\\]|[A-Za-z]:)/.test(value)) return "must be a relative path (no leading slash or drive)";
  const segments = value.split(/[/\\]/);
  if (segments.includes("..")) return 'must not contain ".." (it would leave the folder)';
  if (segments.some((segment) => segment === "" || segment === ".")) return 'must not contain empty or "." segments';
  return undefined;
}

/**
 * Where an item comes from in its author's pages: a page of the roadmap's folder (see
 * `sourceRepositorySchema`) and the 1-based line of the author's checkbox there.
 */
const itemSourceSchema = z.strictObject({
  path: relativePath()
    .refine((value) => value.toLowerCase().endsWith(".md"), "must name a Markdown page (.md)")
    .describe("The page, relative to the roadmap's source folder, e.g. `stage-1/README.md`."),
  line: z.number().int("must be a whole number").positive("must be a line number from 1").describe("The 1-based line of the checkbox on that page; one item per line."),
});

/** The author's published roadmap: one repository folder at one commit, named once per roadmap. */
const sourceRepositorySchema = z.strictObject({
  repository: z.url({ protocol: /^https$/, message: "must be an https URL of the repository" }).describe("The repository's https address."),
  folder: relativePath().describe("The roadmap's folder in it, e.g. `guides/roadmap`."),
  commit: z.string().regex(/^[0-9a-f]{40}$/, "must be a full 40-character commit hash").describe("The full commit hash the line numbers refer to."),
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
  number: z.string().regex(/^\d+(\.\d+)*$/, 'must be a section number such as "2.3"').describe('The author\'s own numbering, e.g. "2.3"; unique in the file.'),
  title: title(100),
  items: z.array(itemSchema).min(1, "a section needs at least one item"),
});

const stageSchema = z
  .strictObject({
    number: z.number().int().min(1).describe("1, 2, 3…; unique in the file."),
    title: title(100),
    goal: title(300).describe("What the stage is for, shown on progress views."),
    level: title(50).describe('What finishing the stage makes you, e.g. "Job-Ready" or "Senior".'),
    keySkills: title(300).describe("The skills the stage builds, in a line."),
    completionCriteria: z.array(title(200)).min(1, "a stage needs its completion criteria").describe("How a member knows the stage is done; shown in the celebration."),
    sections: z.array(sectionSchema).min(1, "a stage needs at least one section"),
  })
  .refine((stage) => stage.sections.some((section) => section.items.length > 0), {
    message: "a stage needs at least one item",
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
  if (!canonical) ctx.addIssue({ code: "custom", message: 'must be a language tag such as "en", "pt-BR" or "zh-CN"' });
  else if (canonical !== value) ctx.addIssue({ code: "custom", message: `must be written "${canonical}"` });
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
  stages: z.array(stageSchema).min(1, "a roadmap needs at least one stage"),
  milestones: z.array(milestoneSchema).default([]),
});

export type RoadmapFile = z.infer<typeof roadmapFileSchema>;
export type RoadmapFileStage = RoadmapFile["stages"][number];
export type RoadmapFileSection = RoadmapFileStage["sections"][number];
export type RoadmapFileItem = RoadmapFileSection["items"][number];
export type ItemSource = z.infer<typeof itemSourceSchema>;
export type SourceRepository = z.infer<typeof sourceRepositorySchema>;
