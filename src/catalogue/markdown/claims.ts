/** The pages' claimed counts ("(0/25 items)", "Total Progress: 0/345 items") against what was found. */
import type { UserMessage } from "../../errors.ts";
import type { RoadmapFile } from "../schema.ts";
import type { SectionReport, StageReport } from "./report.ts";
import type { Claim, Structure } from "./structure.ts";

export function checkClaims(structure: Structure, roadmap: RoadmapFile): { stages: StageReport[]; mismatches: UserMessage[] } {
  const stages: StageReport[] = roadmap.stages.map((stage) => ({
    number: stage.number,
    title: stage.title,
    items: stage.sections.reduce((sum, section) => sum + section.items.length, 0),
    criteria: stage.completionCriteria.length,
    sections: stage.sections.map((section): SectionReport => ({ number: section.number, title: section.title, items: section.items.length })),
  }));
  const total = stages.reduce((sum, stage) => sum + stage.items, 0);
  const mismatches: UserMessage[] = [];
  const reported = new Set<string>();
  const once = (key: string, message: UserMessage) => {
    if (reported.has(key)) return;
    reported.add(key);
    mismatches.push(message);
  };
  for (const claim of structure.claims) {
    const page = claim.page.name;
    const { target } = claim;
    if (target.kind === "roadmap") {
      if (claim.claimed !== total) once(`roadmap ${claim.claimed}`, { key: "importer:mismatch.roadmap", values: { count: claim.claimed, found: total, page } });
      continue;
    }
    if (target.kind === "unknown") {
      once(`unknown ${claim.where}`, { key: "importer:mismatch.unknown", values: { label: claim.label, where: claim.where, count: claim.claimed } });
      continue;
    }
    const stage = stages.find((candidate) => candidate.number === target.stage);
    if (!stage) {
      once(`missing ${target.stage} ${claim.claimed}`, { key: "importer:mismatch.missingStage", values: { stage: target.stage, count: claim.claimed, page } });
      continue;
    }
    if (target.kind === "stage") {
      stage.claimed ??= claim.claimed;
      if (claim.claimed !== stage.items) {
        once(`stage ${stage.number} ${claim.claimed}`, {
          key: "importer:mismatch.stage",
          values: { stage: stage.number, title: stage.title, count: claim.claimed, found: stage.items, page },
        });
      }
      continue;
    }
    checkSection(claim, target.section.number ?? "", stage, once);
  }
  return { stages, mismatches };
}

function checkSection(claim: Claim, number: string, stage: StageReport, once: (key: string, message: UserMessage) => void): void {
  const section = stage.sections.find((candidate) => candidate.number === number);
  const found = section?.items ?? 0;
  if (section) section.claimed ??= claim.claimed;
  if (claim.claimed === found) return;
  const title = section?.title ?? claim.label;
  once(`section ${number} ${claim.claimed}`, {
    key: "importer:mismatch.section",
    values: { stage: stage.number, section: number, title, count: claim.claimed, found, page: claim.page.name },
  });
}
