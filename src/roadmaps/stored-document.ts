import { createHash } from "node:crypto";
import type { RoadmapFile } from "../catalogue/schema.ts";

/** Names a roadmap document's content: the same file gives the same hash, any edit another. */
export function documentHash(document: RoadmapFile): string {
  return createHash("sha256").update(canonicalJson(document)).digest("hex");
}

// Postgres' jsonb does not keep key order, so the hash is taken over sorted keys.
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
