/** The pages' claimed counts ("(0/25 items)", "Total Progress: 0/345 items") against what was found. */
import type { RoadmapFile } from "../schema.ts";
import type { SectionReport, StageReport } from "./report.ts";
import type { Claim, Structure } from "./structure.ts";

export function checkClaims(structure: Structure, roadmap: RoadmapFile): { stages: StageReport[]; mismatches: string[] } {
  const stages: StageReport[] = roadmap.stages.map((stage) => ({
    number: stage.number,
    title: stage.title,
    items: stage.sections.reduce((sum, section) => sum + section.items.length, 0),
    criteria: stage.completionCriteria.length,
    sections: stage.sections.map((section): SectionReport => ({ number: section.number, title: section.title, items: section.items.length })),
  }));
  const total = stages.reduce((sum, stage) => sum + stage.items, 0);
  const mismatches: string[] = [];
  const reported = new Set<string>();
  const once = (key: string, message: string) => {
    if (reported.has(key)) return;
    reported.add(key);
    mismatches.push(message);
  };
  for (const claim of structure.claims) {
    const page = claim.page.name;
    const { target } = claim;
    if (target.kind === "roadmap") {
      if (claim.claimed !== total) once(`roadmap ${claim.claimed}`, `The roadmap: the page claims ${claim.claimed} items, ${total} were found (${page})`);
      continue;
    }
    if (target.kind === "unknown") {
      once(`unknown ${claim.where}`, `"${claim.label}" (${claim.where}): the page claims ${claim.claimed}, but it names no stage or section that has items here`);
      continue;
    }
    const stage = stages.find((candidate) => candidate.number === target.stage);
    if (!stage) {
      once(`missing ${target.stage} ${claim.claimed}`, `Stage ${target.stage}: the page claims ${claim.claimed} items, but the stage has no items here (${page})`);
      continue;
    }
    if (target.kind === "stage") {
      stage.claimed ??= claim.claimed;
      if (claim.claimed !== stage.items) {
        once(`stage ${stage.number} ${claim.claimed}`, `Stage ${stage.number} "${stage.title}": the page claims ${claim.claimed} items, ${stage.items} were found (${page})`);
      }
      continue;
    }
    checkSection(claim, target.section.number ?? "", stage, once);
  }
  return { stages, mismatches };
}

function checkSection(claim: Claim, number: string, stage: StageReport, once: (key: string, message: string) => void): void {
  const section = stage.sections.find((candidate) => candidate.number === number);
  const found = section?.items ?? 0;
  if (section) section.claimed ??= claim.claimed;
  if (claim.claimed === found) return;
  const title = section?.title ?? claim.label;
  once(
    `section ${number} ${claim.claimed}`,
    `Stage ${stage.number}, section ${number} "${title}": the page claims ${claim.claimed} items, ${found} were found (${claim.page.name})`,
  );
}
