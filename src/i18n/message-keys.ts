import type { Namespace } from "./catalogues.ts";

/**
 * The English catalogues' shapes, so `t("progress:title")` is checked by the compiler: a key
 * that English does not have is a build error. Add a namespace's file here when it is created.
 */
interface English {
  common: typeof import("../../locales/en/common.json", { with: { type: "json" } });
  progress: typeof import("../../locales/en/progress.json", { with: { type: "json" } });
  leaderboard: typeof import("../../locales/en/leaderboard.json", { with: { type: "json" } });
  group: typeof import("../../locales/en/group.json", { with: { type: "json" } });
  milestones: typeof import("../../locales/en/milestones.json", { with: { type: "json" } });
  reminders: typeof import("../../locales/en/reminders.json", { with: { type: "json" } });
  admin: typeof import("../../locales/en/admin.json", { with: { type: "json" } });
  import: typeof import("../../locales/en/import.json", { with: { type: "json" } });
  errors: typeof import("../../locales/en/errors.json", { with: { type: "json" } });
  roadmaps: typeof import("../../locales/en/roadmaps.json", { with: { type: "json" } });
  importer: typeof import("../../locales/en/importer.json", { with: { type: "json" } });
  schema: typeof import("../../locales/en/schema.json", { with: { type: "json" } });
}

type PluralForm = "zero" | "one" | "two" | "few" | "many" | "other";
type WithoutPlural<K extends string> = K extends `${infer Base}_${PluralForm}` ? Base : K;

/** `a.b.c` for every string leaf of a catalogue, plural forms named by their base key. */
type Leaves<T, Prefix extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${WithoutPlural<K>}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Every message a reply can ask for: `namespace:key`. (`commands` is read by the command loader, not by replies.) */
export type MessageKey = {
  [N in Exclude<Namespace, "commands">]: `${N}:${Leaves<English[N]>}`;
}[Exclude<Namespace, "commands">];
