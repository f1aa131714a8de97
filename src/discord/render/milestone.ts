import type { APIEmbed } from "discord.js";
import type { Roadmap } from "../../catalogue/catalogue.ts";
import { describeMilestone } from "../../milestones/milestones.ts";
import type { Translator } from "../../i18n/translator.ts";
import { COLOURS } from "./text.ts";

export interface ChannelMessage {
  readonly content: string;
  readonly embeds: APIEmbed[];
  readonly allowed_mentions: { readonly parse: [] };
}

/** One celebration post for the milestones a single check reached, in the server's language. */
export function renderMilestonePost(roadmap: Roadmap, userId: string, milestones: readonly string[], t: Translator): ChannelMessage | undefined {
  const member = `<@${userId}>`;
  const described = milestones.map((key) => describeMilestone(roadmap, key, t, member)).filter((d) => d !== undefined);
  const main = described.find((d) => d.stage !== undefined) ?? described.at(-1);
  if (!main) return undefined;
  const embed: APIEmbed = {
    title: t.t("milestones:title"),
    color: COLOURS.success,
    description: described.map((d) => d.headline).join("\n"),
    footer: { text: roadmap.title },
  };
  if (main.criteria.length > 0) {
    embed.fields = [{ name: t.t("milestones:criteria"), value: main.criteria.map((c) => `✅ ${c}`).join("\n").slice(0, 1024) }];
  }
  return { content: t.t("milestones:announce", { headline: main.headline }), embeds: [embed], allowed_mentions: { parse: [] } };
}
