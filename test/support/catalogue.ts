import path from "node:path";
import type { Catalogue } from "../../src/catalogue/catalogue.ts";
import { loadCatalogue } from "../../src/catalogue/load.ts";

export const ROADMAP_DIR = path.resolve(import.meta.dirname, "../../roadmap");

export function loadRealCatalogue(): Promise<Catalogue> {
  return loadCatalogue(ROADMAP_DIR);
}
