import type { APIEmbed } from "discord.js";
import type { CatalogueStage } from "../../catalogue/catalogue.ts";
import type { Translator } from "../../i18n/translator.ts";
import { COLOURS, escapeText, pageMark, progressBar, truncate } from "./text.ts";

const MAX_LINES_PER_PAGE = 30;
const MAX_CHARS_PER_PAGE = 3_500;

/**
 * Splits a stage's checklist into pages that fit an embed description, keeping section headings with
 * their items. A page that starts inside a section repeats its heading, marked "(continued)", so a
 * reader never sees items without knowing which section they belong to.
 */
export function paginateStage(stage: CatalogueStage, doneIds: ReadonlySet<string>, t: Translator): string[] {
  const pages: string[][] = [[]];
  let chars = 0;
  const fits = (page: readonly string[], lines: readonly string[]) =>
    page.length + lines.length <= MAX_LINES_PER_PAGE && chars + lines.reduce((sum, line) => sum + line.length + 1, 0) <= MAX_CHARS_PER_PAGE;
  const add = (page: string[], line: string) => {
    page.push(line);
    chars += line.length + 1;
  };
  /** `needs` lines must fit with this one (a heading keeps its first item); `continued` opens a new page inside a section. */
  const push = (line: string, needs: readonly string[], continued: string | undefined) => {
    let page = pages[pages.length - 1]!;
    if (page.length > 0 && !fits(page, [line, ...needs])) {
      page = [];
      pages.push(page);
      chars = 0;
      if (continued) add(page, continued);
    }
    add(page, line);
  };
  for (const section of stage.sections) {
    const done = section.items.filter((item) => doneIds.has(item.id)).length;
    const lines = section.items.map((item) => `${doneIds.has(item.id) ? "✅" : "⬜"} ${escapeText(item.title)}`);
    push(t.t("progress:stage.section", { number: section.number, title: section.title, done, count: section.items.length }), lines.slice(0, 1), undefined);
    const continued = t.t("progress:stage.continued", { number: section.number, title: section.title });
    for (const line of lines) push(line, [], continued);
  }
  return pages.map((lines) => lines.join("\n"));
}

export function renderStagePage(args: {
  stage: CatalogueStage;
  doneIds: ReadonlySet<string>;
  pages: readonly string[];
  page: number;
  displayName: string;
  t: Translator;
}): APIEmbed {
  const { stage, doneIds, pages, page, t } = args;
  const done = stage.items.filter((item) => doneIds.has(item.id)).length;
  return {
    title: t.t("progress:stage.title", { number: stage.number, title: stage.title, name: truncate(args.displayName, 80) }),
    color: done === stage.items.length ? COLOURS.success : COLOURS.brand,
    description: pages[page] ?? "",
    footer: {
      text: t.plain("progress:stage.footer", { bar: progressBar(done, stage.items.length), done, count: stage.items.length }) + pageMark(page, pages.length, t),
    },
  };
}
