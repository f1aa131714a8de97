/** What the importer inferred about the pages' structure, in a few lines a person can check. */
import { factsOf } from "./context.ts";
import type { PageTree } from "./page-tree.ts";
import type { Structure } from "./structure.ts";

export function describeStructure(tree: PageTree, structure: Structure): string[] {
  const lines: string[] = [];
  const stagePages = tree.ordered.filter((page) => factsOf({ kind: "page", page }).stage);
  const withTasks = tree.ordered.filter((page) => page.outline.tasks.length > 0).length;
  lines.push(
    `${tree.ordered.length} page(s): the hub, ${stagePages.length} stage page(s), ${tree.ordered.length - 1 - stagePages.length} other page(s); ` +
      `${withTasks} with task items`,
  );
  for (const stage of structure.stages) {
    const origins = new Map<string, number>();
    for (const section of stage.registry.sections) {
      if (section.items.length === 0) continue;
      const kind = section.origin.replace(/ on .*$| [^ ]+\.md$/i, "");
      origins.set(kind, (origins.get(kind) ?? 0) + 1);
    }
    const sources = [...origins].map(([kind, count]) => `${count} from ${kind}${count === 1 ? "" : "s"}`).join(", ");
    lines.push(`Stage ${stage.number} "${stage.title}": recognised from ${stage.origin || "its topic pages"}; sections: ${sources || "none"}`);
  }
  const unplaced = tree.ordered.filter((page) => page.outline.tasks.length === 0 && page !== tree.hub && !factsOf({ kind: "page", page }).stage);
  if (unplaced.length > 0) lines.push(`${unplaced.length} page(s) without task items (guides and tutorials): ${unplaced.map((page) => page.name).join(", ")}`);
  return lines;
}
