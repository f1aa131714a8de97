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

const itemSchema = z.strictObject({
  id: kebabId,
  title: title(MAX_ITEM_TITLE),
  description: z.string().trim().max(500).optional(),
  resources: z.array(resourceSchema).max(10).optional(),
  /** Former ids of this item: progress recorded under them still counts. */
  aliases: z.array(kebabId).optional(),
});

const sectionSchema = z.strictObject({
  /** The author's own numbering, e.g. "2.3". */
  number: z.string().regex(/^\d+(\.\d+)*$/, 'must be a section number such as "2.3"'),
  title: title(100),
  items: z.array(itemSchema).min(1, "a section needs at least one item"),
});

const stageSchema = z
  .strictObject({
    number: z.number().int().min(1),
    title: title(100),
    goal: title(300),
    /** What finishing the stage makes you, e.g. "Job-Ready" or "Senior". */
    level: title(50),
    keySkills: title(300),
    completionCriteria: z.array(title(200)).min(1, "a stage needs its completion criteria"),
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
  /** The stage whose completion reaches this milestone. */
  stage: z.number().int().min(1),
});

export const roadmapFileSchema = z.strictObject({
  id: kebabId,
  title: title(100),
  description: z.string().trim().max(1000).optional(),
  stages: z.array(stageSchema).min(1, "a roadmap needs at least one stage"),
  milestones: z.array(milestoneSchema).default([]),
});

export type RoadmapFile = z.infer<typeof roadmapFileSchema>;
export type RoadmapFileStage = RoadmapFile["stages"][number];
export type RoadmapFileSection = RoadmapFileStage["sections"][number];
export type RoadmapFileItem = RoadmapFileSection["items"][number];
