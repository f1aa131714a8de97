import { createHash } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import type { Roadmap } from "../catalogue/catalogue.ts";
import type { Database } from "./schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

/**
 * A roadmap's shape as the database stores it (`roadmap_layouts`, `roadmap_layout_items`), so the
 * server-side functions can place a member: one row per id progress may be stored under.
 */
export interface RoadmapLayout {
  /** Names the content: another item order, alias, stage or section gives another hash. */
  readonly hash: string;
  readonly roadmapId: string;
  readonly storedIds: readonly string[];
  readonly itemIds: readonly string[];
  readonly positions: readonly number[];
  readonly stages: readonly number[];
  readonly sections: readonly string[];
}

// A pure function of an immutable roadmap, asked on every check: computed once per roadmap.
const layouts = new WeakMap<Roadmap, RoadmapLayout>();

export function roadmapLayout(roadmap: Roadmap): RoadmapLayout {
  const known = layouts.get(roadmap);
  if (known) return known;
  const rows = roadmap.items.flatMap((item) =>
    [item.id, ...item.aliases].map((storedId) => ({ storedId, item: item.id, position: item.position, stage: item.stage, section: item.section })),
  );
  const hash = createHash("sha256")
    .update(JSON.stringify([roadmap.id, rows]))
    .digest("hex");
  const layout: RoadmapLayout = {
    hash,
    roadmapId: roadmap.id,
    storedIds: rows.map((row) => row.storedId),
    itemIds: rows.map((row) => row.item),
    positions: rows.map((row) => row.position),
    stages: rows.map((row) => row.stage),
    sections: rows.map((row) => row.section),
  };
  layouts.set(roadmap, layout);
  return layout;
}

/**
 * Stores a layout unless it is there. One statement, so a layout row never exists without its
 * items and sections; a concurrent store waits on the key and then does nothing.
 */
export async function storeRoadmapLayout(db: Db, layout: RoadmapLayout): Promise<void> {
  await sql`
    with layout as (
      insert into roadmap_layouts (layout_hash, roadmap_id) values (${layout.hash}, ${layout.roadmapId})
      on conflict do nothing
      returning layout_hash
    ),
    rows as (
      select layout.layout_hash, i.*
        from layout,
             unnest(${[...layout.storedIds]}::text[], ${[...layout.itemIds]}::text[], ${[...layout.positions]}::int[],
                    ${[...layout.stages]}::int[], ${[...layout.sections]}::text[])
               as i(stored_id, item_id, position, stage, section)
    ),
    items as (
      insert into roadmap_layout_items (layout_hash, stored_id, item_id, position, stage, section)
      select layout_hash, stored_id, item_id, position, stage, section from rows
    )
    insert into roadmap_layout_sections (layout_hash, stage, section, first_position, size)
    select layout_hash, stage, section, min(position), count(*)
      from rows
     where stored_id = item_id
     group by layout_hash, stage, section`.execute(db);
}

/**
 * Runs `work` with the roadmap's layout hash; when `work` reports the layout missing (it wrote
 * nothing), stores the layout and runs it once more. Missing once per database and catalogue.
 */
export async function withLayout<T>(db: Db, roadmap: Roadmap, work: (hash: string) => Promise<T | "layout-missing">): Promise<T> {
  const layout = roadmapLayout(roadmap);
  const first = await work(layout.hash);
  if (first !== "layout-missing") return first;
  await storeRoadmapLayout(db, layout);
  const second = await work(layout.hash);
  if (second === "layout-missing") throw new Error(`roadmap layout ${layout.hash} is still missing after it was stored`);
  return second;
}
