import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import type { RoadmapFile } from "../../src/catalogue/schema.ts";

const WORDS = (
  "build evaluate deploy retrieval augmented generation vector database embeddings prompt engineering fine tuning " +
  "transformer attention tokenizer inference latency caching observability tracing agents tools function calling " +
  "guardrails safety benchmark dataset labeling python typescript docker kubernetes serverless streaming batch " +
  "pipeline orchestration monitoring drift regression classification clustering ranking search hybrid keyword " +
  "semantic chunking indexing reranking quantization distillation lora adapters gpu cost budget testing mocking " +
  "structured output json schema validation feedback loop human review analytics dashboard api gateway auth"
).split(" ");

/** A deterministic pseudo-random generator, so every run searches the same roadmap. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A valid roadmap (same schema as roadmap/*.yaml) with `itemCount` items of realistic titles. */
export function syntheticRoadmap(itemCount: number): RoadmapFile {
  const random = seededRandom(42);
  const word = () => WORDS[Math.floor(random() * WORDS.length)]!;
  const stageCount = 3;
  const sectionSize = 50;
  const stages: RoadmapFile["stages"] = [];
  let made = 0;
  for (let stage = 1; stage <= stageCount; stage++) {
    const stageItems = stage === stageCount ? itemCount - made : Math.floor(itemCount / stageCount);
    const sections: RoadmapFile["stages"][number]["sections"] = [];
    for (let section = 1; section * sectionSize - sectionSize < stageItems; section++) {
      const size = Math.min(sectionSize, stageItems - (section - 1) * sectionSize);
      const items = Array.from({ length: size }, () => {
        made += 1;
        const title = Array.from({ length: 3 + Math.floor(random() * 6) }, word).join(" ");
        return { id: `item-${made}`, title: `${title[0]!.toUpperCase()}${title.slice(1)}` };
      });
      sections.push({ number: `${stage}.${section}`, title: `${word()} ${word()}`, items });
    }
    stages.push({
      number: stage,
      title: `Stage ${stage}`,
      goal: "Synthetic stage for the benchmark",
      level: stage === 1 ? "Beginner" : stage === 2 ? "Job-Ready" : "Senior",
      keySkills: "benchmarking",
      completionCriteria: ["every item done"],
      sections,
    });
  }
  return { id: "synthetic", title: "Synthetic benchmark roadmap", stages, milestones: [] };
}

/** Writes the roadmap into a fresh temporary ROADMAP_DIR and returns the folder. */
export async function writeSyntheticRoadmapDir(itemCount: number): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "roadmap-bench-"));
  await writeFile(path.join(dir, "synthetic.yaml"), stringify(syntheticRoadmap(itemCount)));
  return dir;
}

/** Random prefixes (1–6 characters) of words in the titles, as members type them. */
export function titlePrefixes(titles: readonly string[], count: number, seed = 7): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const title = titles[Math.floor(random() * titles.length)]!;
    const words = title.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    const chosen = words[Math.floor(random() * words.length)] ?? title;
    return chosen.slice(0, 1 + Math.floor(random() * Math.min(6, chosen.length)));
  });
}
