import type { CatalogueStage, Roadmap } from "../catalogue/catalogue.ts";
import { UserError } from "../errors.ts";

/**
 * The stage a member named. Discord's menu only stops numbers below 1: how many stages there are
 * is the roadmap's to say (an organiser's roadmap may have any number), so the bound is checked here.
 */
export function resolveStageOption(roadmap: Roadmap, number: number): CatalogueStage {
  const stage = roadmap.stage(number);
  if (!stage) throw new UserError({ key: "errors:noSuchStage", values: { count: roadmap.stages.length, number } });
  return stage;
}
