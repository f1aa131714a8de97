/**
 * One page as the parser sees it, flattened into what the importer needs: headings (with their
 * parents), task items (GFM `listItem.checked`), plain bullets, paragraphs, tables and links, each
 * under the heading it follows. One pass over the tree: linear in the page's size.
 */
import type { List, ListItem, Nodes, Paragraph, PhrasingContent, Root, RootContent, Table } from "mdast";
import { inlineText, type InlineText, type Resource } from "./inline-text.ts";
import { parseTree } from "./parse-tree.ts";

export interface Heading {
  depth: number;
  text: string;
  line: number;
  /** Index of the nearest earlier heading of smaller depth, or -1. */
  parent: number;
}

export interface Link {
  /** As written, e.g. "./rag/README.md#setup". */
  url: string;
  text: string;
  /** The heading the link is under (-1: none). */
  heading: number;
}

export interface Task {
  text: InlineText;
  checked: boolean;
  line: number;
  /** 0 for a top-level list item, 1 for one nested in it, ... */
  nesting: number;
  heading: number;
  /** Plain bullets nested under the task: more description and resources. */
  details: InlineText[];
}

export interface Bullet {
  text: string;
  line: number;
  nesting: number;
  heading: number;
  /** A plain bullet in a list that also has task items: probably a forgotten checkbox. */
  amongTasks: boolean;
}

export interface Block {
  text: string;
  line: number;
  heading: number;
  /** A paragraph that is only bold text, e.g. "**Core Skills**": a label, not content. */
  label: boolean;
}

export interface TableRows {
  heading: number;
  rows: { text: string; links: Link[] }[][];
}

export interface Outline {
  /** The page's first heading when it is a `#` heading before any content: the page title. */
  titleHeading: number;
  headings: Heading[];
  tasks: Task[];
  bullets: Bullet[];
  paragraphs: Block[];
  tables: TableRows[];
  links: Link[];
  /** Lines such as "- [ ] x" inside fenced or indented code: examples, not items. */
  codeTaskLines: number;
}

const CODE_TASK_LINE = /^\s{0,12}(?:[-*+]|\d{1,9}[.)])\s{1,4}\[[ xX]\]/;

export function parseOutline(source: string): Outline {
  const walker = new OutlineWalker();
  const root: Root = parseTree(source);
  walker.piece(source, 0);
  walker.blocks(root.children);
  return walker.outline;
}

class OutlineWalker {
  readonly outline: Outline = { titleHeading: -1, headings: [], tasks: [], bullets: [], paragraphs: [], tables: [], links: [], codeTaskLines: 0 };
  private current = -1;
  private contentSeen = false;

  private source = "";
  private lineOffset = 0;

  /** The piece of the page being walked: offsets are within it, lines within the whole page. */
  piece(source: string, lineOffset: number): void {
    this.source = source;
    this.lineOffset = lineOffset;
  }

  private lineOf(node: { position?: { start: { line: number } } | undefined }): number {
    return (node.position?.start.line ?? 0) + this.lineOffset;
  }

  blocks(nodes: readonly RootContent[]): void {
    for (const node of nodes) this.block(node);
  }

  private block(node: RootContent): void {
    switch (node.type) {
      case "heading":
        this.heading(node.depth, node.children, this.lineOf(node));
        return;
      case "list":
        this.contentSeen = true;
        this.list(node, 0, undefined);
        return;
      case "paragraph":
        this.paragraph(node);
        return;
      case "table":
        this.table(node);
        return;
      case "code":
        this.outline.codeTaskLines += node.value.split("\n").filter((line) => CODE_TASK_LINE.test(line)).length;
        return;
      case "blockquote":
        this.blocks(node.children);
        return;
      default:
        return;
    }
  }

  private heading(depth: number, children: PhrasingContent[], line: number): void {
    const { headings } = this.outline;
    let parent = headings.length - 1;
    while (parent >= 0 && (headings[parent]?.depth ?? 0) >= depth) parent = headings[parent]?.parent ?? -1;
    const index = headings.length;
    headings.push({ depth, text: inlineText(children, this.source).text, line, parent });
    if (index === 0 && depth === 1 && !this.contentSeen) this.outline.titleHeading = index;
    this.current = index;
    this.collectLinks(children, this.outline.links);
  }

  private paragraph(node: Paragraph): void {
    this.contentSeen = true;
    const text = inlineText(node.children, this.source).text;
    const label = node.children.length === 1 && node.children[0]?.type === "strong";
    this.outline.paragraphs.push({ text, line: this.lineOf(node), heading: this.current, label });
    this.collectLinks(node.children, this.outline.links);
  }

  private table(node: Table): void {
    this.contentSeen = true;
    const rows = node.children.map((row) =>
      row.children.map((cell) => {
        const links: Link[] = [];
        this.collectLinks(cell.children, links);
        this.outline.links.push(...links);
        return { text: inlineText(cell.children, this.source).text, links };
      }),
    );
    this.outline.tables.push({ heading: this.current, rows });
  }

  /** A list's items; `owner` is the task a plain nested bullet adds detail to. */
  private list(node: List, nesting: number, owner: Task | undefined): void {
    const amongTasks = node.children.some((item) => typeof item.checked === "boolean");
    for (const item of node.children) this.listItem(item, nesting, owner, amongTasks);
  }

  private listItem(item: ListItem, nesting: number, owner: Task | undefined, amongTasks: boolean): void {
    const first = item.children[0];
    const phrasing = first?.type === "paragraph" ? first.children : [];
    const text = inlineText(phrasing, this.source);
    this.collectLinks(phrasing, this.outline.links);
    const line = this.lineOf(item);
    let nextOwner = owner;
    if (typeof item.checked === "boolean") {
      const task: Task = { text, checked: item.checked, line, nesting, heading: this.current, details: [] };
      this.outline.tasks.push(task);
      nextOwner = task;
    } else if (owner) {
      owner.details.push(text);
    } else {
      this.outline.bullets.push({ text: text.text, line, nesting, heading: this.current, amongTasks });
    }
    for (const child of item.children.slice(first?.type === "paragraph" ? 1 : 0)) {
      if (child.type === "list") this.list(child, nesting + 1, nextOwner);
      else if (child.type === "paragraph" && nextOwner) nextOwner.details.push(inlineText(child.children, this.source));
      else this.block(child);
    }
  }

  private collectLinks(nodes: readonly Nodes[], into: Link[]): void {
    // A stack, children pushed in reverse, so links come out in reading order without recursion.
    const pending = [...nodes].reverse();
    while (pending.length > 0) {
      const node = pending.pop();
      if (!node) break;
      if (node.type === "link") into.push({ url: node.url, text: inlineText(node.children, this.source).text, heading: this.current });
      else if ("children" in node) pending.push(...[...(node.children as Nodes[])].reverse());
    }
  }
}

export type { Resource };
