import type { APIEmbed } from "discord.js";
import type { Roadmap } from "../../catalogue/catalogue.ts";
import { describeMilestone } from "../../milestones/milestones.ts";
import { COLOURS } from "./text.ts";

export interface ChannelMessage {
  readonly content: string;
  readonly embeds: APIEmbed[];
  readonly allowed_mentions: { readonly parse: [] };
}

/** One celebration post for the milestones a single check reached. */
export function renderMilestonePost(roadmap: Roadmap, userId: string, milestones: readonly string[]): ChannelMessage | undefined {
  const described = milestones.map((key) => describeMilestone(roadmap, key)).filter((d) => d !== undefined);
  const main = described.find((d) => d.stage !== undefined) ?? described.at(-1);
  if (!main) return undefined;
  const embed: APIEmbed = {
    title: "🎉 Milestone reached",
    color: COLOURS.success,
    description: described.map((d) => `<@${userId}> ${d.headline}`).join("\n"),
    footer: { text: roadmap.title },
  };
  if (main.criteria.length > 0) {
    embed.fields = [{ name: "What that means", value: main.criteria.map((c) => `✅ ${c}`).join("\n").slice(0, 1024) }];
  }
  return { content: `🎉 <@${userId}> ${main.headline}!`, embeds: [embed], allowed_mentions: { parse: [] } };
}
