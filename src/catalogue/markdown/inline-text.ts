/**
 * The plain text of inline Markdown as its author meant it: code, emphasis and link text kept,
 * markup gone, links collected as resources.
 */
import type { Nodes } from "mdast";
import { toString } from "mdast-util-to-string";
import { collapseSpaces } from "./text.ts";

export interface Resource {
  title: string;
  url: string;
}

export interface InlineText {
  text: string;
  resources: Resource[];
  /** "**Term** - rest" or "**Term**: rest": the bold term, which names the item. */
  term?: string;
  /** The text after the term and its separator. */
  rest?: string;
}

/** Word characters next to an underscore run mean it was part of a name (`__init__.py`), not emphasis. */
const WORDISH = /[\p{L}\p{N}_]/u;

export function inlineText(nodes: readonly Nodes[], source: string): InlineText {
  const resources: Resource[] = [];
  const text = collapseSpaces(nodes.map((node) => textOf(node, source, resources)).join(""));
  return { text, resources, ...splitTerm(nodes, source) };
}

function textOf(node: Nodes, source: string, resources: Resource[]): string {
  switch (node.type) {
    case "text":
    case "inlineCode":
      return node.value;
    case "break":
      return " ";
    case "html":
    case "image":
    case "imageReference":
    case "footnoteReference":
      return " ";
    case "emphasis":
    case "strong":
    case "delete": {
      const inner = node.children.map((child) => textOf(child, source, resources)).join("");
      const marks = literalUnderscores(node, source);
      return marks ? `${marks}${inner}${marks}` : inner;
    }
    case "link": {
      const label = collapseSpaces(node.children.map((child) => textOf(child, source, resources)).join(""));
      if (/^https?:\/\//i.test(node.url)) resources.push({ title: label || node.url, url: node.url });
      return label;
    }
    case "linkReference":
      return node.children.map((child) => textOf(child, source, resources)).join("");
    default:
      return "children" in node ? node.children.map((child) => textOf(child as Nodes, source, resources)).join("") : toString(node);
  }
}

/**
 * CommonMark reads `__init__.py` as "init" in bold. When the underscores touch a word or a file
 * extension on the outside, the author wrote a name: give the underscores back.
 */
function literalUnderscores(node: Nodes, source: string): string | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined || source.charAt(start) !== "_") return undefined;
  const marks = node.type === "strong" ? "__" : "_";
  const before = source.charAt(start - 1);
  const after = source.charAt(end);
  const extension = after === "." && WORDISH.test(source.charAt(end + 1));
  return WORDISH.test(before) || WORDISH.test(after) || extension ? marks : undefined;
}

const SEPARATOR = /^\s*(?::|[-–—]\s)\s*/u;

function splitTerm(nodes: readonly Nodes[], source: string): Pick<InlineText, "term" | "rest"> {
  const [first, ...others] = nodes;
  if (first?.type !== "strong") return {};
  const ignored: Resource[] = [];
  let term = collapseSpaces(textOf(first, source, ignored));
  const restText = collapseSpaces(others.map((node) => textOf(node, source, ignored)).join(""));
  if (term.endsWith(":")) return { term: term.slice(0, -1).trim(), rest: restText };
  if (restText === "") return { term, rest: "" };
  const separator = SEPARATOR.exec(restText);
  if (!separator) return {};
  term = term.trim();
  return { term, rest: restText.slice(separator[0].length) };
}
