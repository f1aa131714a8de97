/**
 * A page's Markdown as an mdast tree, parsed by markdown-it (CommonMark with GFM tables,
 * strikethrough and autolinks). micromark, the mdast family's own parser, takes 2-4 s per MB of a
 * long checklist here; markdown-it about 0.3 s, in time linear in the page. Only the node types
 * the outline reads are built, each block with its line; GFM task list items are recognised as
 * GitHub does: a list item whose first paragraph starts with `[ ]` or `[x]` and a space.
 */
import MarkdownIt from "markdown-it";
import type { Token } from "markdown-it";
import type { BlockContent, Heading, List, ListItem, Paragraph, PhrasingContent, Root, RootContent, Table, TableCell, TableRow } from "mdast";

const parser = new MarkdownIt({ html: true, linkify: true });

const TASK_MARKER = /^\[([ xX])\][ \t]/;

type Block = RootContent;
type Phrasing = PhrasingContent;

/** The tree of one page; `position.start.line` is 1-based, as in mdast. */
export function parseTree(source: string): Root {
  const tokens = parser.parse(source, {});
  const cursor = { index: 0 };
  return { type: "root", children: blocksUntil(tokens, cursor, undefined) };
}

function at(line: number) {
  return { start: { line, column: 1 }, end: { line, column: 1 } };
}

function lineOf(token: Token): number {
  return (token.map?.[0] ?? 0) + 1;
}

/** Block tokens up to (and past) the closing token of type `close`, or to the end. */
function blocksUntil(tokens: Token[], cursor: { index: number }, close: string | undefined): Block[] {
  const blocks: Block[] = [];
  while (cursor.index < tokens.length) {
    const token = tokens[cursor.index++]!;
    if (token.type === close) break;
    const block = blockOf(token, tokens, cursor);
    if (block) blocks.push(block);
  }
  return blocks;
}

function blockOf(token: Token, tokens: Token[], cursor: { index: number }): Block | undefined {
  switch (token.type) {
    case "heading_open": {
      const inline = tokens[cursor.index++];
      cursor.index++; // heading_close
      const heading: Heading = { type: "heading", depth: Number(token.tag.slice(1)) as Heading["depth"], children: phrasing(inline?.children ?? []), position: at(lineOf(token)) };
      return heading;
    }
    case "paragraph_open": {
      const inline = tokens[cursor.index++];
      cursor.index++; // paragraph_close
      const paragraph: Paragraph = { type: "paragraph", children: phrasing(inline?.children ?? []), position: at(lineOf(token)) };
      return paragraph;
    }
    case "bullet_list_open":
    case "ordered_list_open":
      return listOf(token, tokens, cursor);
    case "blockquote_open":
      return { type: "blockquote", children: blocksUntil(tokens, cursor, "blockquote_close") as BlockContent[], position: at(lineOf(token)) };
    case "fence":
    case "code_block":
      return { type: "code", value: token.content.replace(/\n$/, ""), position: at(lineOf(token)) };
    case "html_block":
      return { type: "html", value: token.content, position: at(lineOf(token)) };
    case "table_open":
      return tableOf(token, tokens, cursor);
    default:
      return undefined;
  }
}

function listOf(open: Token, tokens: Token[], cursor: { index: number }): List {
  const close = open.type === "bullet_list_open" ? "bullet_list_close" : "ordered_list_close";
  const items: ListItem[] = [];
  while (cursor.index < tokens.length) {
    const token = tokens[cursor.index++]!;
    if (token.type === close) break;
    if (token.type !== "list_item_open") continue;
    const children = blocksUntil(tokens, cursor, "list_item_close") as BlockContent[];
    items.push(taskItem({ type: "listItem", spread: false, checked: null, children, position: at(lineOf(token)) }));
  }
  return { type: "list", ordered: open.type === "ordered_list_open", spread: false, children: items, position: at(lineOf(open)) };
}

/** `[ ] text` / `[x] text` at the start of the item's first paragraph makes it a task item. */
function taskItem(item: ListItem): ListItem {
  const first = item.children[0];
  if (first?.type !== "paragraph") return item;
  const lead = first.children[0];
  if (lead?.type !== "text") return item;
  const marker = TASK_MARKER.exec(lead.value);
  if (!marker) return item;
  lead.value = lead.value.slice(marker[0].length).replace(/^[ \t]+/, "");
  if (lead.value === "") first.children.shift();
  return { ...item, checked: marker[1] !== " " };
}

function tableOf(open: Token, tokens: Token[], cursor: { index: number }): Table {
  const rows: TableRow[] = [];
  let cells: TableCell[] | undefined;
  while (cursor.index < tokens.length) {
    const token = tokens[cursor.index++]!;
    if (token.type === "table_close") break;
    if (token.type === "tr_open") cells = [];
    else if (token.type === "tr_close" && cells) rows.push({ type: "tableRow", children: cells });
    else if (token.type === "inline" && cells) cells.push({ type: "tableCell", children: phrasing(token.children ?? []) });
  }
  return { type: "table", children: rows, position: at(lineOf(open)) };
}

/** Inline tokens as phrasing nodes; underscores that touch a word or a file extension stay text (`__init__.py`). */
function phrasing(tokens: Token[]): Phrasing[] {
  const cursor = { index: 0 };
  return inlineUntil(tokens, cursor, undefined);
}

function inlineUntil(tokens: Token[], cursor: { index: number }, close: string | undefined): Phrasing[] {
  const nodes: Phrasing[] = [];
  while (cursor.index < tokens.length) {
    const token = tokens[cursor.index++]!;
    if (token.type === close) break;
    switch (token.type) {
      case "text":
        pushText(nodes, token.content);
        break;
      case "code_inline":
        nodes.push({ type: "inlineCode", value: token.content });
        break;
      case "softbreak":
      case "hardbreak":
        nodes.push({ type: "break" });
        break;
      case "html_inline":
        nodes.push({ type: "html", value: token.content });
        break;
      case "image":
        nodes.push({ type: "image", url: String(token.attrGet("src") ?? ""), alt: token.content });
        break;
      case "strong_open":
      case "em_open": {
        const kind = token.type === "strong_open" ? "strong" : "emphasis";
        const children = inlineUntil(tokens, cursor, token.type === "strong_open" ? "strong_close" : "em_close");
        if (token.markup.startsWith("_") && touchesWord(nodes, tokens[cursor.index])) {
          pushText(nodes, token.markup);
          for (const child of children) child.type === "text" ? pushText(nodes, child.value) : nodes.push(child);
          pushText(nodes, token.markup);
        } else nodes.push({ type: kind, children });
        break;
      }
      case "s_open":
        nodes.push({ type: "delete", children: inlineUntil(tokens, cursor, "s_close") });
        break;
      case "link_open":
        nodes.push({ type: "link", url: String(token.attrGet("href") ?? ""), children: inlineUntil(tokens, cursor, "link_close") });
        break;
      default:
        break;
    }
  }
  return nodes;
}

const WORDISH = /[\p{L}\p{N}_]/u;

/** CommonMark reads `__init__.py` as bold "init": when the underscores touch a word or an extension, the author wrote a name. */
function touchesWord(before: readonly Phrasing[], next: Token | undefined): boolean {
  const previous = before.at(-1);
  const previousChar = previous?.type === "text" ? previous.value.slice(-1) : "";
  const following = next?.type === "text" ? next.content : "";
  const extension = following.startsWith(".") && WORDISH.test(following.charAt(1));
  return WORDISH.test(previousChar) || WORDISH.test(following.charAt(0)) || extension;
}

function pushText(nodes: Phrasing[], value: string): void {
  const last = nodes.at(-1);
  if (last?.type === "text") last.value += value;
  else nodes.push({ type: "text", value });
}
