/**
 * Which page is the hub, and which page each other page belongs to. Authors keep a roadmap as a
 * folder tree where most pages are called README.md, so pages are named by their path relative to
 * the hub's folder, and a page belongs to the nearest README.md above it; a page with none belongs
 * to the first page (in reading order from the hub) that links to it, else to the hub.
 */
import path from "node:path";
import type { Link, Outline } from "./outline.ts";

export interface Page {
  /** Posix path relative to the hub's folder, e.g. "stage-2-tools/rag/README.md". */
  readonly name: string;
  readonly outline: Outline;
  readonly source: string;
  parent: Page | undefined;
  children: Page[];
  /** Links from other pages to this one, parent's first: their text and the heading above them. */
  incoming: { text: string; heading: string; from: Page }[];
}

export interface PageTree {
  hub: Page;
  /** Hub first, then depth-first in the order each page links its children. */
  ordered: Page[];
}

export function normalizePageName(name: string): string {
  return path.posix.normalize(name.replace(/\\/g, "/")).replace(/^(\.\/)+/, "");
}

export function buildPageTree(pages: readonly { name: string; outline: Outline; source: string }[]): PageTree {
  const all: Page[] = pages
    .map((page) => ({ ...page, name: normalizePageName(page.name), parent: undefined, children: [], incoming: [] }))
    .sort((a, b) => compareNames(a.name, b.name));
  const byName = new Map(all.map((page) => [page.name.toLowerCase(), page]));
  const linksOf = new Map(all.map((page) => [page, resolveLinks(page, byName)]));
  const hub = chooseHub(all, linksOf);
  for (const page of all) {
    for (const { target, link } of linksOf.get(page) ?? []) {
      target.incoming.push({ text: link.text, heading: page.outline.headings[link.heading]?.text ?? "", from: page });
    }
  }
  assignParents(all, hub, byName, linksOf);
  for (const page of all) {
    page.incoming.sort((a, b) => Number(b.from === page.parent) - Number(a.from === page.parent));
  }
  return { hub, ordered: depthFirst(hub, linksOf) };
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function resolveLinks(page: Page, byName: ReadonlyMap<string, Page>): { target: Page; link: Link }[] {
  const resolved: { target: Page; link: Link }[] = [];
  for (const link of page.outline.links) {
    const target = byName.get(resolveLink(page.name, link.url)?.toLowerCase() ?? "");
    if (target && target !== page) resolved.push({ target, link });
  }
  return resolved;
}

/** A relative link's target page name; undefined for web links, anchors and absolute paths. */
export function resolveLink(from: string, url: string): string | undefined {
  const bare = url.split("#")[0]?.split("?")[0] ?? "";
  if (bare === "" || /^[a-z][a-z0-9+.-]*:/i.test(bare) || bare.startsWith("/")) return undefined;
  let decoded = bare;
  try {
    decoded = decodeURI(bare);
  } catch {
    // An undecodable link is compared as written.
  }
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(from), decoded));
  return joined.endsWith("/") ? `${joined}README.md` : joined;
}

/** The shallowest page, preferring README.md / index.md, then the one that links to most pages. */
function chooseHub(all: readonly Page[], linksOf: ReadonlyMap<Page, { target: Page }[]>): Page {
  const score = (page: Page) => ({
    depth: page.name.split("/").length,
    readme: /^(readme|index)\.md$/i.test(path.posix.basename(page.name)) ? 0 : 1,
    links: -new Set((linksOf.get(page) ?? []).map((link) => link.target)).size,
  });
  const ranked = [...all].sort((a, b) => {
    const x = score(a);
    const y = score(b);
    return x.depth - y.depth || x.readme - y.readme || x.links - y.links || compareNames(a.name, b.name);
  });
  const hub = ranked[0];
  if (!hub) throw new Error("no pages to import");
  return hub;
}

function pathParent(page: Page, byName: ReadonlyMap<string, Page>): Page | undefined {
  const isReadme = /^(readme|index)\.md$/i.test(path.posix.basename(page.name));
  let folder = path.posix.dirname(page.name);
  if (isReadme) folder = folder === "." ? "" : path.posix.dirname(folder);
  for (;;) {
    for (const candidate of ["README.md", "index.md"]) {
      const name = (folder === "." || folder === "" ? candidate : `${folder}/${candidate}`).toLowerCase();
      const found = byName.get(name);
      if (found && found !== page) return found;
    }
    if (folder === "." || folder === "") return undefined;
    folder = path.posix.dirname(folder);
  }
}

function assignParents(
  all: readonly Page[],
  hub: Page,
  byName: ReadonlyMap<string, Page>,
  linksOf: ReadonlyMap<Page, { target: Page }[]>,
): void {
  const byPath = new Map(all.map((page) => [page, page === hub ? undefined : pathParent(page, byName)]));
  const visited = new Set<Page>([hub]);
  const queue: Page[] = [hub];
  for (let next = 0; next < queue.length; next++) {
    const page = queue[next]!;
    const pathChildren = all.filter((child) => byPath.get(child) === page);
    const linked = (linksOf.get(page) ?? []).map((link) => link.target).filter((child) => byPath.get(child) === undefined);
    for (const child of [...pathChildren, ...linked]) {
      if (visited.has(child) || child === hub) continue;
      visited.add(child);
      child.parent = page;
      queue.push(child);
    }
  }
  for (const page of all) {
    if (page !== hub && !visited.has(page)) page.parent = byPath.get(page) ?? hub;
  }
  for (const page of all) page.parent?.children.push(page);
}

/** Children in the order their parent links them; unlinked ones after, by name. */
function depthFirst(hub: Page, linksOf: ReadonlyMap<Page, { target: Page }[]>): Page[] {
  const ordered: Page[] = [];
  const stack: Page[] = [hub];
  while (stack.length > 0) {
    const page = stack.pop()!;
    ordered.push(page);
    const linkOrder = (linksOf.get(page) ?? []).map((link) => link.target);
    const rank = (child: Page) => {
      const index = linkOrder.indexOf(child);
      return index < 0 ? Number.MAX_SAFE_INTEGER : index;
    };
    page.children.sort((a, b) => rank(a) - rank(b) || compareNames(a.name, b.name));
    stack.push(...[...page.children].reverse());
  }
  return ordered;
}
