import type { APIEmbed } from "discord.js";
import { z } from "zod";
import type { OutboxRow } from "../db/schema.ts";
import type { LeaderboardImageInput } from "../pictures/leaderboard-image.ts";
import type { ReminderPayload } from "../reminders/reminder-message.ts";

/** A channel post as queued in the outbox: Discord's message body, plus a picture to draw at delivery. */
export interface LeaderboardPostPayload {
  readonly content?: string;
  readonly embeds: APIEmbed[];
  readonly allowed_mentions: { readonly parse: [] };
  readonly picture?: { readonly kind: "leaderboard"; readonly input: LeaderboardImageInput };
}

export interface RolePayload {
  readonly userId: string;
  readonly roleId: string;
  readonly stage: number;
}

export const LEADERBOARD_PICTURE_FILE = "leaderboard.png";

const snowflake = z.string().regex(/^\d{17,20}$/, "not a Discord id");
/** Embeds are Discord's own shape and Discord checks them; here only that each is an object with text where text goes. */
const embed = z.looseObject({ title: z.string().optional(), description: z.string().optional() }).transform((value) => value as APIEmbed);
const embeds = z.array(embed).max(10);

const leaderboardImageInput: z.ZodType<LeaderboardImageInput> = z.object({
  title: z.string(),
  subtitle: z.string().optional(),
  entries: z.array(z.object({ rank: z.int().min(1), displayName: z.string(), score: z.number(), overallPercent: z.number() })),
});

const channelPost: z.ZodType<LeaderboardPostPayload> = z.object({
  content: z.string().optional(),
  embeds,
  allowed_mentions: z.object({ parse: z.tuple([]) }),
  picture: z.object({ kind: z.literal("leaderboard"), input: leaderboardImageInput }).optional(),
});

const rolePayload: z.ZodType<RolePayload> = z.object({ userId: snowflake, roleId: snowflake, stage: z.int().min(1) });
const reminderPayload: z.ZodType<ReminderPayload> = z.object({ userId: snowflake, content: z.string(), embeds });

export type StoredPayload =
  | { readonly kind: "role"; readonly role: RolePayload }
  | { readonly kind: "reminder"; readonly reminder: ReminderPayload }
  | { readonly kind: "post"; readonly post: LeaderboardPostPayload };

/** A stored payload that is not what its kind promises: no retry can fix it, so the entry fails with this reason. */
export class UnreadablePayload extends Error {
  override readonly name = "UnreadablePayload";
}

/**
 * Reads an outbox entry's payload as its kind says. The outbox outlives releases, so what a row
 * holds is checked rather than trusted: an older or damaged row fails alone, with the reason.
 */
export function parseStoredPayload(row: Pick<OutboxRow, "kind" | "payload">): StoredPayload {
  const unreadable = (error: z.ZodError) => new UnreadablePayload(`stored ${row.kind} payload is unreadable: ${z.prettifyError(error).replace(/\n/g, " ")}`);
  if (row.kind === "role") {
    const parsed = rolePayload.safeParse(row.payload);
    if (!parsed.success) throw unreadable(parsed.error);
    return { kind: "role", role: parsed.data };
  }
  if (row.kind === "reminder") {
    const parsed = reminderPayload.safeParse(row.payload);
    if (!parsed.success) throw unreadable(parsed.error);
    return { kind: "reminder", reminder: parsed.data };
  }
  const parsed = channelPost.safeParse(row.payload);
  if (!parsed.success) throw unreadable(parsed.error);
  return { kind: "post", post: parsed.data };
}
