import { config as loadDotenv } from "dotenv";
import { CliError, parseCommandLine, runCli } from "../cli/command-line.ts";
import { resolveRoadmapDir } from "../config.ts";
import { CatalogueError, loadCatalogue } from "./load.ts";

const USAGE = `Usage: npm run roadmap:validate -- [<folder>]

Checks every roadmap file (*.yaml) in a folder the way the bot loads them, and prints the
stages, sections and items it found. Without a folder it checks the one the bot would load:
ROADMAP_DIR (from the environment or a .env file), else ./roadmap.

Options:
  -h, --help     Show this help.

Exit status: 0 when every file is valid, 1 when one is not (each problem is printed with its
file and place), 2 for a usage error.`;

async function main(): Promise<void> {
  const { positionals } = parseCommandLine(process.argv.slice(2), { usage: USAGE, options: {}, positionals: true });
  if (positionals.length > 1) throw new CliError(`Give one folder, not ${positionals.length} (${USAGE.split("\n")[0]}; --help for more)`, 2);
  loadDotenv({ quiet: true });
  const directory = resolveRoadmapDir(positionals[0] ?? process.env.ROADMAP_DIR);
  const started = performance.now();
  const catalogue = await loadCatalogue(directory).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new CliError(`No folder ${directory}: pass the folder of roadmap files, or set ROADMAP_DIR.`);
    if (code === "ENOTDIR") throw new CliError(`${directory} is a file, not a folder: pass the folder that holds it.`);
    throw error;
  });
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
}

await runCli(main, (error) => error instanceof CatalogueError);
