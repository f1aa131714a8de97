// Discord's markdown, read with discord-markdown-parser (simple-markdown with Discord's own rules,
// as Discord's client uses it) and drawn as DOM nodes: text is always a text node, never HTML.
// The sandbox bundles this file with app.js for the page (see src/sandbox/page-bundle.ts).

import { parse } from "discord-markdown-parser";

/**
 * @param {string} text
 * @param {{ el: Function, user(id: string): string, channel(id: string): string, role(id: string): string, timestamp(seconds: number, style: string | undefined): Node }} draw
 * @param {"normal" | "extended"} flavour "extended" (masked links) where bots and embeds write.
 */
export function markdownNodes(text, draw, flavour = "extended") {
  return nodes(parse(String(text), flavour), draw);
}

function nodes(ast, draw) {
  return ast.flatMap((node) => node === undefined ? [] : [one(node, draw)]);
}

function children(node, draw) {
  return Array.isArray(node.content) ? nodes(node.content, draw) : [String(node.content ?? "")];
}

/** Only web addresses become links: a `javascript:` target stays text. */
function safeHref(target) {
  return /^https?:\/\//i.test(String(target ?? "")) ? String(target) : undefined;
}

function one(node, draw) {
  const { el } = draw;
  switch (node.type) {
    case "text":
      return document.createTextNode(String(node.content));
    case "br":
    case "newline":
      return el("br");
    case "strong":
      return el("strong", {}, ...children(node, draw));
    case "em":
      return el("em", {}, ...children(node, draw));
    case "underline":
      return el("u", {}, ...children(node, draw));
    case "strikethrough":
      return el("s", {}, ...children(node, draw));
    case "inlineCode":
      return el("code", {}, String(node.content));
    case "codeBlock":
      return el("pre", {}, el("code", node.lang ? { "data-lang": node.lang } : {}, String(node.content)));
    case "blockQuote":
      return el("blockquote", {}, ...children(node, draw));
    case "spoiler": {
      const spoiler = el("span", { class: "spoiler", role: "button", tabindex: "0", "aria-label": "Spoiler, select to reveal" }, ...children(node, draw));
      const reveal = () => {
        spoiler.classList.add("revealed");
        spoiler.removeAttribute("role");
        spoiler.removeAttribute("aria-label");
      };
      spoiler.addEventListener("click", reveal, { once: true });
      spoiler.addEventListener("keydown", (event) => (event.key === "Enter" || event.key === " ") && reveal());
      return spoiler;
    }
    case "heading":
      return el(`h${Math.min(3, Number(node.level) || 1) + 3}`, { class: "md-heading" }, ...children(node, draw));
    case "subtext":
      return el("div", { class: "subtext" }, ...children(node, draw));
    case "url":
    case "autolink":
    case "link": {
      const href = safeHref(node.target);
      const inside = node.type === "link" ? children(node, draw) : [String(node.target)];
      return href ? el("a", { href, target: "_blank", rel: "noopener noreferrer" }, ...inside) : el("span", {}, ...inside);
    }
    case "user":
      return el("span", { class: "mention" }, `@${draw.user(node.id)}`);
    case "channel":
      return el("span", { class: "mention" }, `#${draw.channel(node.id)}`);
    case "role":
      return el("span", { class: "mention" }, `@${draw.role(node.id)}`);
    case "everyone":
    case "here":
      return el("span", { class: "mention" }, `@${node.type}`);
    case "slashCommand":
      return el("span", { class: "mention" }, `/${node.fullName ?? node.name}`);
    case "timestamp":
      return draw.timestamp(Number(node.timestamp), node.format);
    case "emoji":
      return el("span", { class: "emoji", title: `:${node.name}:` }, `:${node.name}:`);
    case "twemoji":
      return document.createTextNode(String(node.name));
    default:
      return Array.isArray(node.content) ? el("span", {}, ...children(node, draw)) : document.createTextNode(String(node.content ?? ""));
  }
}
