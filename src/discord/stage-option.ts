import type { CatalogueStage, Roadmap } from "../catalogue/catalogue.ts";
import { UserError } from "../errors.ts";

/** "stages 1 to 3", or "only stage 1" for a roadmap of one stage. */
export function stageRange(roadmap: Roadmap): string {
  return roadmap.stages.length === 1 ? "only stage 1" : `stages 1 to ${roadmap.stages.length}`;
}

/**
 * The stage a member named. Discord's menu only stops numbers below 1: how many stages there are
 * is the roadmap's to say (an organiser's roadmap may have any number), so the bound is checked here.
 */
export function resolveStageOption(roadmap: Roadmap, number: number): CatalogueStage {
  const stage = roadmap.stage(number);
  if (!stage) throw new UserError(`This roadmap has ${stageRange(roadmap)}; there is no stage ${number}.`);
  return stage;
}
