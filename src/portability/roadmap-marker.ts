// Pure: the import worker reads these markers too.

/** Which roadmap (and version of it) an exported file is for; an import reads it back. */
export interface RoadmapStamp {
  readonly id: string;
  readonly title: string;
  readonly version: number;
}

/** What an import read of the roadmap a file names: older exports name none. */
export interface NamedRoadmap {
  readonly id: string;
  readonly version?: number;
}

/** The Markdown export's marker line: invisible when rendered, exact when imported. */
export function roadmapMarker(stamp: RoadmapStamp): string {
  return `<!-- roadmap: ${stamp.id} version ${stamp.version} -->`;
}

/** Anchored, each part's characters unlike the next's: linear on any line. */
const ROADMAP_MARKER = /^<!--[ \t]*roadmap:[ \t]*([a-z0-9-]{1,100})(?:[ \t]+version[ \t]+(\d{1,9}))?[ \t]*-->$/;

export function readRoadmapMarker(line: string): NamedRoadmap | undefined {
  const match = ROADMAP_MARKER.exec(line.trim());
  if (!match) return undefined;
  return match[2] === undefined ? { id: match[1]! } : { id: match[1]!, version: Number(match[2]) };
}

/** A CSV export's `roadmap_id` / `roadmap_version` cells, the same on every row. */
export function readRoadmapCells(record: Record<string, string | undefined>): NamedRoadmap | undefined {
  const id = record.roadmap_id?.trim().toLowerCase();
  if (!id || !/^[a-z0-9-]{1,100}$/.test(id)) return undefined;
  const version = Number(record.roadmap_version);
  return Number.isInteger(version) && version > 0 ? { id, version } : { id };
}
