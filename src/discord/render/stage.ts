import type { APIEmbed } from "discord.js";
import type { CatalogueStage } from "../../catalogue/catalogue.ts";
import { COLOURS, progressBar, safeText } from "./text.ts";

const MAX_LINES_PER_PAGE = 30;
const MAX_CHARS_PER_PAGE = 3_500;

/** Splits a stage's checklist into pages that fit an embed description, keeping section headings with their items. */
export function paginateStage(stage: CatalogueStage, doneIds: ReadonlySet<string>): string[] {
  const pages: string[][] = [[]];
  let chars = 0;
  const push = (line: string, keepWithNext: boolean) => {
    let page = pages[pages.length - 1]!;
    const reserve = keepWithNext ? 1 : 0;
    if (page.length > 0 && (page.length + 1 + reserve > MAX_LINES_PER_PAGE || chars + line.length + 1 > MAX_CHARS_PER_PAGE)) {
      page = [];
      pages.push(page);
      chars = 0;
    }
    page.push(line);
    chars += line.length + 1;
  };
  for (const section of stage.sections) {
    const done = section.items.filter((item) => doneIds.has(item.id)).length;
    push(`**${section.number} ${section.title}** (${done}/${section.items.length})`, true);
    for (const item of section.items) {
      push(`${doneIds.has(item.id) ? "✅" : "⬜"} ${item.title}`, false);
    }
  }
  return pages.map((lines) => lines.join("\n"));
}

export function renderStagePage(args: {
  stage: CatalogueStage;
  doneIds: ReadonlySet<string>;
  pages: readonly string[];
  page: number;
  displayName: string;
}): APIEmbed {
  const { stage, doneIds, pages, page } = args;
  const done = stage.items.filter((item) => doneIds.has(item.id)).length;
  return {
    title: `Stage ${stage.number}: ${stage.title} · ${safeText(args.displayName, 80)}`,
    color: done === stage.items.length ? COLOURS.success : COLOURS.brand,
    description: pages[page] ?? "",
    footer: {
      text: `${progressBar(done, stage.items.length)} ${done}/${stage.items.length} done · page ${page + 1}/${pages.length}`,
    },
  };
}
