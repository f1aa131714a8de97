import type { APIEmbed } from "discord.js";
import type { LeaderboardImageInput } from "../pictures/leaderboard-image.ts";

/** A channel post as queued in the outbox: Discord's message body, plus a picture to draw at delivery. */
export interface LeaderboardPostPayload {
  readonly embeds: APIEmbed[];
  readonly allowed_mentions: { readonly parse: [] };
  readonly picture?: { readonly kind: "leaderboard"; readonly input: LeaderboardImageInput };
}

export const LEADERBOARD_PICTURE_FILE = "leaderboard.png";
