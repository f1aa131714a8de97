import type { APIApplicationCommandOptionChoice } from "discord.js";
import { findStoredRoadmap, listUsableRoadmaps, type StoredRoadmap } from "../db/roadmap-repository.ts";
import type { AppContext } from "../context.ts";
import { truncate } from "../discord/render/text.ts";
import type { Translator } from "../i18n/translator.ts";

/**
 * How a roadmap is named in organisers' choices: its title, its declared language ("Roteiro de IA
 * (pt-BR, uploaded, version 2)"), and whether it is bundled or this server's. Plain: choices read no markdown.
 */
export function roadmapLabel(roadmap: Pick<StoredRoadmap, "title" | "language" | "guildId" | "currentVersion">, t: Translator): string {
  const kind = roadmap.guildId === null ? "bundled" : "uploaded";
  const values = { title: roadmap.title, version: roadmap.currentVersion };
  return roadmap.language === null
    ? t.plain(`roadmaps:label.${kind}`, values)
    : t.plain(`roadmaps:label.${kind}In`, { ...values, language: roadmap.language });
}

/** A track's name in members' choices: its title, and the language it declares. */
export function trackLabel(roadmap: Pick<StoredRoadmap, "title" | "language">, t: Translator): string {
  return roadmap.language === null ? t.plain("roadmaps:label.track", { title: roadmap.title }) : t.plain("roadmaps:label.trackIn", { title: roadmap.title, language: roadmap.language });
}

/**
 * A label cut to Discord's 100 characters, shortening the title rather than the language and
 * version after it, so two copies of one roadmap in different languages stay told apart.
 */
export function choiceName(label: (title: string) => string, title: string): string {
  const whole = label(title);
  if (whole.length <= 100) return whole;
  const room = Math.max(1, title.length - (whole.length - 100));
  return truncate(label(truncate(title, room)), 100);
}

/** Autocomplete over the roadmaps this server may use; Discord shows 25 choices of 100 characters. */
export async function roadmapChoices(
  ctx: Pick<AppContext, "db">,
  guildId: string,
  typed: string,
  t: Translator,
  filter: (roadmap: StoredRoadmap) => boolean = () => true,
): Promise<APIApplicationCommandOptionChoice[]> {
  const needle = typed.trim().toLowerCase();
  const roadmaps = await listUsableRoadmaps(ctx.db, guildId);
  return roadmaps
    .filter(filter)
    .filter((roadmap) => needle === "" || roadmap.title.toLowerCase().includes(needle) || roadmap.roadmapId.includes(needle))
    .slice(0, 25)
    .map((roadmap) => ({ name: choiceName((title) => roadmapLabel({ ...roadmap, title }, t), roadmap.title), value: roadmap.roadmapId }));
}

/** A stored roadmap's title, for answers that name a track; its id when it is not stored. */
export async function roadmapTitle(ctx: Pick<AppContext, "db">, roadmapId: string): Promise<string> {
  return (await findStoredRoadmap(ctx.db, roadmapId))?.title ?? roadmapId;
}
