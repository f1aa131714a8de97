/** A task item's title, description and resources, within the roadmap file's limits. */
import { MAX_ITEM_TITLE } from "../schema.ts";
import type { InlineText, Resource } from "./inline-text.ts";
import type { Task } from "./outline.ts";
import { cutOnWordBoundary } from "./text.ts";

const MAX_DESCRIPTION = 500;
const MAX_RESOURCES = 10;
const MAX_RESOURCE_TITLE = 200;

export interface ItemText {
  title: string;
  description?: string;
  resources: Resource[];
  /** What the id is made from: the bold term when there is one, else the title. */
  slugSource: string;
}

export function itemText(task: Task): ItemText {
  const main = titleAndDescription(task.text);
  const details = task.details.filter((detail) => !isOnlyLinks(detail)).map((detail) => detail.text);
  const description = [main.description, ...details].filter((part): part is string => Boolean(part)).join("\n");
  const resources = uniqueResources([...task.text.resources, ...task.details.flatMap((detail) => detail.resources)]);
  return {
    title: main.title,
    ...(description ? { description: cutOnWordBoundary(description, MAX_DESCRIPTION) } : {}),
    resources,
    slugSource: main.slugSource,
  };
}

function titleAndDescription(text: InlineText): { title: string; description?: string; slugSource: string } {
  if (text.term) {
    const combined = text.rest ? `${text.term}: ${text.rest}` : text.term;
    if (combined.length <= MAX_ITEM_TITLE) return { title: combined, slugSource: text.term };
    if (text.term.length <= MAX_ITEM_TITLE) return { title: text.term, description: text.rest ?? "", slugSource: text.term };
    return { title: cutOnWordBoundary(text.term, MAX_ITEM_TITLE), description: combined, slugSource: text.term };
  }
  if (text.text.length <= MAX_ITEM_TITLE) return { title: text.text, slugSource: text.text };
  return { title: cutOnWordBoundary(text.text, MAX_ITEM_TITLE), description: text.text, slugSource: text.text };
}

/** A nested bullet that is only a link adds a resource, not a line of description. */
function isOnlyLinks(detail: InlineText): boolean {
  if (detail.resources.length === 0) return false;
  const linkText = detail.resources.map((resource) => resource.title).join(" ");
  return detail.text.replace(/[\s,;:|\-–—]+/g, " ").trim() === linkText;
}

function uniqueResources(resources: readonly Resource[]): Resource[] {
  const seen = new Set<string>();
  const unique: Resource[] = [];
  for (const resource of resources) {
    if (seen.has(resource.url) || unique.length >= MAX_RESOURCES) continue;
    seen.add(resource.url);
    unique.push({ title: cutOnWordBoundary(resource.title, MAX_RESOURCE_TITLE), url: resource.url });
  }
  return unique;
}
