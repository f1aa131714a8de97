import type { InteractionHandle, StandIn } from "../standin/index.ts";
import type { TestBot } from "./bot.ts";

/** Bidirectional overrides and isolates: echoed, they would reverse the rest of the bot's line. */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;

/**
 * Rewrites the next INTERACTION_CREATE as the bot receives it. The stand-in builds only what a
 * real client can send (a press names a custom id on that message; every guild has the bot), so
 * forged or replayed payloads are made here, after the wire. The interaction id and token stay the
 * stand-in's, so the bot's answer is still checked and recorded on the handle.
 */
export function tamperNextInteraction(bot: TestBot, rewrite: (payload: Record<string, unknown>) => void): void {
  const listener = (packet: { t?: string | null; d?: unknown }) => {
    if (packet.t !== "INTERACTION_CREATE") return;
    bot.client.off("raw", listener);
    rewrite(packet.d as Record<string, unknown>);
  };
  bot.client.on("raw", listener);
}

/** The allowed_mentions of every message the bot sent to answer this interaction. */
export function mentionPolicies(standIn: StandIn, handle: InteractionHandle): unknown[] {
  return standIn.requests
    .filter((request) => request.path.startsWith(`/interactions/${handle.id}/`) || request.path.includes(`/${handle.token}`))
    .flatMap((request) => {
      const body = request.body as { data?: { content?: unknown; allowed_mentions?: unknown }; content?: unknown; allowed_mentions?: unknown } | undefined;
      const message = body?.data ?? body;
      return message && "content" in message ? [message.allowed_mentions] : [];
    });
}
