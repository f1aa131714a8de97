import type { APIApplicationCommandOptionChoice } from "discord.js";
import type { CatalogueItem, Roadmap } from "../catalogue/catalogue.ts";
import { resolveItem } from "../catalogue/resolve.ts";
import { normaliseQuery } from "../catalogue/search.ts";
import type { AppContext } from "../context.ts";
import type { Translator } from "../i18n/translator.ts";
import { UserError } from "../errors.ts";
import { listProgress } from "../db/progress-repository.ts";
import { resolveMemberTrack } from "../tracks/tracks.ts";
import { namedTrackOption, trackOptionChoices } from "./track-option.ts";
import { nextItems } from "../progress/progress-service.ts";
import type { GuildAutocompleteInteraction } from "./command.ts";
import { callerKey } from "./members.ts";
import { escapeText, truncate } from "./render/text.ts";

/** Discord shows at most 25 choices. */
export const MAX_CHOICES = 25;
const MAX_QUERY = 100;

/** Discord's limit on a choice's name. */
const MAX_CHOICE_NAME = 100;
/** A section name cut shorter than this says nothing; it is left out instead. */
const SECTION_NAME_AT_LEAST = 12;

/** Cut between words when a word boundary leaves enough to read. */
function cutAtWord(text: string, max: number): string {
  const cut = truncate(text, max);
  if (cut === text) return text;
  const space = cut.lastIndexOf(" ", cut.length - 2);
  return space >= SECTION_NAME_AT_LEAST ? `${cut.slice(0, space)}…` : cut;
}

/**
 * "Item title · S2 2.3 Section name · ✓ done", at most 100 characters: the title comes first and
 * whole when it can; the section's name takes what is left, cut between words, or is left out.
 */
export function itemChoice(item: CatalogueItem, done: boolean, t: Translator): APIApplicationCommandOptionChoice<string> {
  const place = ` · ${t.plain("progress:choice.stage", { stage: item.stage })} ${item.section}`;
  const mark = done ? ` · ${t.plain("progress:choice.done")}` : "";
  const room = MAX_CHOICE_NAME - place.length - mark.length;
  const title = truncate(item.title, room);
  const sectionName = item.sectionTitle ? ` ${item.sectionTitle}` : "";
  const left = room - title.length;
  const section = left >= Math.min(sectionName.length, SECTION_NAME_AT_LEAST) ? cutAtWord(sectionName, left) : "";
  return { name: `${title}${place}${section}${mark}`, value: item.id };
}

/**
 * Choices for an `item` option: for check, matches (or the next unchecked items when nothing is typed);
 * for uncheck, only items the member has done (most recent first when nothing is typed).
 */
export async function itemChoices(
  ctx: AppContext,
  interaction: GuildAutocompleteInteraction,
  mode: "check" | "uncheck",
): Promise<APIApplicationCommandOptionChoice<string>[]> {
  const tracks = await trackOptionChoices(ctx, interaction);
  if (tracks) return tracks;
  const query = String(interaction.options.getFocused()).slice(0, MAX_QUERY);
  // The items of the track the command works on; a track that is not running offers none.
  const track = await resolveMemberTrack(ctx, callerKey(interaction), namedTrackOption(interaction)).catch((error: unknown) => {
    if (error instanceof UserError) return undefined;
    throw error;
  });
  if (!track) return [];
  const { roadmap } = track;
  const t = ctx.i18n.forLocale(interaction.locale);
  // Nothing typed for a check: the member's next items (none of them done).
  if (mode === "check" && !query.trim()) {
    return (await nextItems(ctx.db, callerKey(interaction), roadmap, MAX_CHOICES)).map((item) => itemChoice(item, false, t));
  }
  const rows = await listProgress(ctx.db, callerKey(interaction), roadmap.id);
  const doneAt = new Map<string, number>();
  for (const row of rows) {
    const item = roadmap.item(row.item_id);
    if (item) doneAt.set(item.id, row.done_at.getTime());
  }

  let items: CatalogueItem[];
  if (mode === "uncheck") {
    items = query.trim()
      ? roadmap.search.search(query, roadmap.items.length).filter((item) => doneAt.has(item.id))
      : [...doneAt.keys()]
          .sort((a, b) => doneAt.get(b)! - doneAt.get(a)!)
          .map((id) => roadmap.item(id)!);
  } else {
    items = roadmap.search.search(query, MAX_CHOICES);
  }
  return items.slice(0, MAX_CHOICES).map((item) => itemChoice(item, doneAt.has(item.id), t));
}

/** The item a member named, or a polite refusal that lists the closest matches. */
export function resolveItemOption(roadmap: Roadmap, typed: string): CatalogueItem {
  // Invisible characters alone (zero-width spaces, direction marks) name nothing, like blanks.
  if (!normaliseQuery(typed)) throw new UserError({ key: "progress:itemOption.empty" });
  const resolution = resolveItem(roadmap, typed.slice(0, 200));
  if (resolution.kind === "found") return resolution.item;
  // Escaped by the message itself, so only bounded here.
  const shown = truncate(typed, 80);
  if (resolution.closest.length === 0) {
    throw new UserError({ key: "progress:itemOption.notFound", values: { typed: shown } });
  }
  const list = resolution.closest.map((item) => `• ${escapeText(item.title)} (\`${item.id}\`)`).join("\n");
  throw new UserError({ key: "progress:itemOption.ambiguous", values: { typed: shown, list } });
}
