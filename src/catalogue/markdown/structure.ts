/**
 * Decides what every task item on every page is: an item of a stage's section, one of the stage's
 * completion criteria, a milestone, a claimed count, or skipped (and why). One rule set for every
 * layout; the layouts differ only in where stages and topics show up in the chain above an item.
 */
import { chainOf, cleanTitle, factsOf, parseSectionTitle, type ChainNode } from "./context.ts";
import type { Task } from "./outline.ts";
import type { Page, PageTree } from "./page-tree.ts";
import { SectionRegistry, type DraftSection } from "./sections.ts";
import { Skips } from "./skips.ts";
import { titleWords } from "./text.ts";
import { findClaim, mentionedStage, parseStageTitle } from "./vocabulary.ts";

export interface Located {
  where: string;
  page: Page;
}

export interface DraftStage {
  number: number;
  title: string;
  /** How the stage was recognised, for the report. */
  origin: string;
  hasPage: boolean;
  registry: SectionRegistry;
  criteria: (Located & { text: string })[];
  claimed?: number;
}

export type ClaimTarget =
  | { kind: "stage"; stage: number }
  | { kind: "section"; section: DraftSection; stage: number }
  | { kind: "roadmap" }
  | { kind: "unknown" };

export interface Claim extends Located {
  claimed: number;
  label: string;
  target: ClaimTarget;
}

export interface Structure {
  stages: DraftStage[];
  milestones: (Located & { text: string })[];
  claims: Claim[];
  skips: Skips;
  tasks: { total: number; items: number; criteria: number; milestones: number; claims: number };
}

interface StageAt {
  stage: number;
  /** Index in the chain of the node that makes the stage; items' sections come from the nodes below it. */
  index: number;
  title: string;
  origin: string;
}

export function inferStructure(tree: PageTree): Structure {
  return new StructureBuilder(tree).build();
}

class StructureBuilder {
  private readonly stages = new Map<number, DraftStage>();
  private readonly milestones: Structure["milestones"] = [];
  private readonly claims: Claim[] = [];
  private readonly skips = new Skips();
  private readonly counts = { total: 0, items: 0, criteria: 0, milestones: 0, claims: 0 };
  private readonly anyStage: boolean;
  private readonly stagePages = new Set<number>();
  private readonly sectionDepth = new Map<string, number>();

  constructor(private readonly tree: PageTree) {
    for (const page of tree.ordered) {
      const stage = factsOf({ kind: "page", page }).stage;
      if (stage) this.stagePages.add(stage.stage);
    }
    this.anyStage =
      this.stagePages.size > 0 ||
      tree.ordered.some((page) => page.outline.headings.some((_, index) => factsOf({ kind: "heading", page, index }).stage));
  }

  build(): Structure {
    this.registerTopicPages();
    for (const page of this.tree.ordered) {
      page.outline.tasks.forEach((task) => this.task(page, task));
      page.outline.bullets.forEach((bullet) => {
        if (bullet.nesting === 0) this.bullet(page, bullet.heading, bullet.text, bullet.line, bullet.amongTasks || this.holdsTasks(page, bullet.heading));
      });
      page.outline.paragraphs.forEach((paragraph) => this.paragraphClaim(page, paragraph.heading, paragraph.text, paragraph.line));
      page.outline.headings.forEach((heading, index) => this.headingClaim(page, index, heading.text, heading.line));
    }
    for (const stage of this.stages.values()) stage.registry.numberAll();
    this.claims.forEach((claim) => this.resolveNamedClaim(claim));
    const stages = [...this.stages.values()].sort((a, b) => a.number - b.number);
    return { stages, milestones: this.milestones, claims: this.claims, skips: this.skips, tasks: this.counts };
  }

  /** Topic pages (pages under a stage page) are sections before any item is read, so headings can match them. */
  private registerTopicPages(): void {
    for (const page of this.tree.ordered) {
      const parentStage = page.parent ? factsOf({ kind: "page", page: page.parent }).stage : undefined;
      const facts = factsOf({ kind: "page", page });
      if (!parentStage || facts.stage) continue;
      this.stage({ stage: parentStage.stage, index: 0, title: parentStage.title, origin: "" }, page).registry.forPage(page, facts.section?.number, facts.title);
    }
  }

  private stage(at: StageAt, page: Page): DraftStage {
    let stage = this.stages.get(at.stage);
    if (!stage) {
      stage = { number: at.stage, title: at.title, origin: at.origin, hasPage: this.stagePages.has(at.stage), registry: new SectionRegistry(at.stage), criteria: [] };
      this.stages.set(at.stage, stage);
    }
    if (stage.origin === "" && at.origin !== "") stage.origin = at.origin;
    if (stage.title === "" && at.title !== "") stage.title = at.title;
    const pageStage = factsOf({ kind: "page", page }).stage;
    if (pageStage?.stage === at.stage && pageStage.title !== "") stage.title = pageStage.title;
    return stage;
  }

  private locate(chain: readonly ChainNode[]): StageAt | undefined {
    for (let index = chain.length - 1; index >= 0; index--) {
      const node = chain[index]!;
      const stage = factsOf(node).stage;
      if (stage) return { stage: stage.stage, index, title: stage.title, origin: describeNode(node) };
    }
    for (let index = chain.length - 1; index >= 0; index--) {
      const number = factsOf(chain[index]!).section?.number;
      const page = chain[chain.length - 1]!.page;
      if (number) return { stage: Number(number.split(".")[0]), index: 0, title: factsOf({ kind: "page", page }).title, origin: `section numbers on ${page.name}` };
    }
    if (this.anyStage) return undefined;
    return { stage: 1, index: 0, title: factsOf({ kind: "page", page: this.tree.hub }).title, origin: "the whole roadmap (no stage headings found)" };
  }

  private task(page: Page, task: Task): void {
    this.counts.total++;
    const where = `${page.name}:${task.line}`;
    const text = task.text.text;
    if (text === "") return this.skips.add({ key: "importer:skip.emptyTaskItems" }, where);
    const chain = chainOf(page, task.heading);
    const claim = findClaim(text);
    if (claim) {
      this.counts.claims++;
      this.claims.push({ ...claim, where, page, target: { kind: "unknown" } });
      return;
    }
    const at = this.locate(chain);
    const from = at ? at.index + 1 : 0;
    if (chain.slice(from).some((node) => factsOf(node).milestone)) {
      this.counts.milestones++;
      this.milestones.push({ text, where, page });
      return;
    }
    if (this.criterion(chain, at, page, text, where)) {
      this.counts.criteria++;
      return;
    }
    if (!at) return this.skips.add({ key: "importer:skip.outsideStage" }, where, text);
    if (this.stagePages.has(at.stage) && !chain.some((node) => node.kind === "page" && factsOf(node).stage?.stage === at.stage)) {
      return this.skips.add({ key: "importer:skip.stageSummary" }, where, text);
    }
    const stage = this.stage(at, page);
    this.sectionFor(stage, chain, at, page, task.heading).items.push({ task, page });
    this.counts.items++;
  }

  /** Under a criteria heading (below the item's stage): a completion criterion. */
  private criterion(chain: readonly ChainNode[], at: StageAt | undefined, page: Page, text: string, where: string): boolean {
    const from = at ? at.index + 1 : 0;
    const heading = chain.slice(from).reverse().find((node) => factsOf(node).criteria);
    if (!heading) return false;
    const number = at?.stage ?? mentionedStage(factsOf(heading).title);
    if (number === undefined) {
      this.skips.add({ key: "importer:skip.criteriaOutsideStage" }, where, text);
      return true;
    }
    const stage = this.stage(at ?? { stage: number, index: 0, title: "", origin: "" }, page);
    stage.criteria.push({ text, where, page });
    return true;
  }

  private bullet(page: Page, heading: number, text: string, line: number, amongTasks: boolean): void {
    const chain = chainOf(page, heading);
    const at = this.locate(chain);
    const where = `${page.name}:${line}`;
    if (text !== "" && this.criterion(chain, at, page, text, where)) return;
    if (amongTasks && text !== "") this.skips.add({ key: "importer:skip.plainLines" }, where, text);
  }

  private readonly sectionOfHeading = new Map<Page, Map<number, DraftSection>>();

  /** Every item under the same heading of the same page lands in the same section: worked out once. */
  private sectionFor(stage: DraftStage, chain: readonly ChainNode[], at: StageAt, page: Page, heading: number): DraftSection {
    let known = this.sectionOfHeading.get(page);
    if (!known) {
      known = new Map();
      this.sectionOfHeading.set(page, known);
    }
    const cached = known.get(heading);
    if (cached) return cached;
    const section = this.findSection(stage, chain, at);
    known.set(heading, section);
    return section;
  }

  private findSection(stage: DraftStage, chain: readonly ChainNode[], at: StageAt): DraftSection {
    const below = chain.slice(at.index + 1);
    const topicPage = below.find((node) => node.kind === "page");
    if (topicPage) {
      const facts = factsOf(topicPage);
      return stage.registry.forPage(topicPage.page, facts.section?.number, facts.title);
    }
    const headings = below.filter((node): node is Extract<ChainNode, { kind: "heading" }> => node.kind === "heading");
    const numbered = headings.find((node) => factsOf(node).section?.number.startsWith(`${stage.number}.`));
    if (numbered) {
      const facts = factsOf(numbered);
      return stage.registry.findOrCreate(facts.section?.number, facts.title, `numbered heading on ${numbered.page.name}`, facts.words);
    }
    for (const node of [...headings].reverse()) {
      const known = stage.registry.matching(factsOf(node).words);
      if (known) return known;
    }
    const topic = this.topicHeading(headings, at, chain);
    if (topic) return stage.registry.findOrCreate(undefined, factsOf(topic).title, `heading on ${topic.page.name}`, factsOf(topic).words);
    return stage.registry.findOrCreate(undefined, stage.title, "items directly under the stage");
  }

  /**
   * The heading at the page's topic level: the shallowest heading depth that holds task items
   * directly (so "## Checklist" above "### Git" is a container, not a topic).
   */
  private topicHeading(headings: readonly Extract<ChainNode, { kind: "heading" }>[], at: StageAt, chain: readonly ChainNode[]) {
    const first = headings[0];
    if (!first) return undefined;
    const stageNode = chain[at.index];
    const stageDepth = stageNode?.kind === "heading" && stageNode.page === first.page ? (first.page.outline.headings[stageNode.index]?.depth ?? 0) : 0;
    const depth = this.topicDepth(first.page, stageDepth);
    const fitting = headings.filter((node) => (node.page.outline.headings[node.index]?.depth ?? 0) <= depth);
    return fitting.at(-1) ?? first;
  }

  private topicDepth(page: Page, below: number): number {
    const key = `${page.name}\u0000${below}`;
    const cached = this.sectionDepth.get(key);
    if (cached !== undefined) return cached;
    const { headings, tasks, titleHeading } = page.outline;
    const holding = new Set(tasks.filter((task) => !findClaim(task.text.text)).map((task) => task.heading));
    let depth = 7;
    headings.forEach((heading, index) => {
      const facts = factsOf({ kind: "heading", page, index });
      if (index === titleHeading || heading.depth <= below || facts.criteria || facts.milestone || facts.stage) return;
      if (holding.has(index)) depth = Math.min(depth, heading.depth);
    });
    this.sectionDepth.set(key, depth);
    return depth;
  }

  private readonly taskHeadings = new Map<Page, Set<number>>();

  /** Whether task items sit directly under this heading: a plain bullet there is probably a forgotten checkbox. */
  private holdsTasks(page: Page, heading: number): boolean {
    let headings = this.taskHeadings.get(page);
    if (!headings) {
      headings = new Set(page.outline.tasks.map((task) => task.heading));
      this.taskHeadings.set(page, headings);
    }
    return heading >= 0 && headings.has(heading);
  }

  private paragraphClaim(page: Page, heading: number, text: string, line: number): void {
    const claim = findClaim(text);
    if (!claim) return;
    const at = this.locate(chainOf(page, heading));
    const target: ClaimTarget = at && at.origin !== "" && factsOf({ kind: "page", page }).stage ? { kind: "stage", stage: at.stage } : page === this.tree.hub ? { kind: "roadmap" } : { kind: "unknown" };
    this.claims.push({ ...claim, where: `${page.name}:${line}`, page, target });
  }

  private headingClaim(page: Page, index: number, text: string, line: number): void {
    const claim = findClaim(text);
    if (claim) this.claims.push({ ...claim, where: `${page.name}:${line}`, page, target: { kind: "unknown" } });
  }

  /** A claim that names what it counts: "Stage 1: Basics (0/100 items)", "2.1 AI APIs (0/15 items)". */
  private resolveNamedClaim(claim: Claim): void {
    if (claim.target.kind !== "unknown") return;
    const stage = parseStageTitle(cleanTitle(claim.label))?.stage;
    if (stage !== undefined) {
      claim.target = { kind: "stage", stage };
      return;
    }
    const number = parseSectionTitle(claim.label)?.number;
    for (const draft of this.stages.values()) {
      const section = number
        ? draft.registry.findNumber(number)
        : draft.registry.matching(titleWords(claim.label).slice(0, 16));
      if (section) {
        claim.target = { kind: "section", section, stage: draft.number };
        return;
      }
    }
  }
}

function describeNode(node: ChainNode): string {
  if (node.kind === "page") return `the title of ${node.page.name} or a link to it`;
  return `a heading on ${node.page.name}`;
}
