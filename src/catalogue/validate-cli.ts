import path from "node:path";
import { CatalogueError, loadCatalogue } from "./load.ts";

const directory = path.resolve(process.argv[2] ?? "roadmap");

try {
  const started = performance.now();
  const catalogue = await loadCatalogue(directory);
  const elapsed = performance.now() - started;
  for (const roadmap of catalogue.roadmaps.values()) {
    console.log(`${roadmap.id}: ${roadmap.title}`);
    console.log(`  ${roadmap.stages.length} stages, ${roadmap.items.length} items, ${roadmap.milestones.length} milestones`);
    for (const stage of roadmap.stages) {
      console.log(`  Stage ${stage.number}: ${stage.title} (${stage.level}): ${stage.items.length} items in ${stage.sections.length} sections`);
      for (const section of stage.sections) {
        console.log(`    ${section.number} ${section.title}: ${section.items.length}`);
      }
    }
  }
  console.log(`Valid. Loaded ${catalogue.roadmaps.size} roadmap(s) from ${directory} in ${elapsed.toFixed(1)} ms.`);
} catch (error) {
  if (!(error instanceof CatalogueError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
