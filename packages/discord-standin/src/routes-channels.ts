import { MessageType, PermissionFlagsBits } from "discord-api-types/v10";
import type { RestResponse } from "./failures.ts";
import { cannotMessageUser, missingAccess, missingPermissions, unknownChannel, unknownMessage, unknownUser } from "./discord-errors.ts";
import { invalidFormBody, issue } from "./issues.ts";
import type { ChannelModel } from "./models.ts";
import { apiChannel } from "./payloads.ts";
import { channelPermissions, hasPermission } from "./permissions.ts";
import { RestFailure, type RestRequest, type RestRouter } from "./rest-router.ts";
import type { StandInState } from "./state.ts";

/** Channels, channel messages and the bot's DM channels. */

type Fields = Record<string, unknown>;

const ok = (body: unknown): RestResponse => ({ status: 200, body });

export function registerChannelRoutes(router: RestRouter, state: StandInState): void {
  /** The channel, if the bot can see it (like Discord: 404 if unknown, 403 Missing Access if hidden). */
  const visibleChannel = (request: RestRequest): ChannelModel => {
    const channel = state.world.channel(request.params.channelId ?? "");
    if (!channel) throw unknownChannel();
    if (channel.guild && !hasPermission(channelPermissions(channel, channel.guild.botMember), PermissionFlagsBits.ViewChannel)) throw missingAccess();
    return channel;
  };
  const channelMessage = (request: RestRequest) => {
    const channel = visibleChannel(request);
    const message = state.messages.get(request.params.messageId ?? "");
    if (!message || message.channel !== channel || message.ephemeral) throw unknownMessage();
    return message;
  };

  router.add("GET", "/channels/{channelId}", (request) => ok(apiChannel(visibleChannel(request))));

  router.add("GET", "/channels/{channelId}/messages", (request) => {
    const channel = visibleChannel(request);
    const limit = Math.min(Number(request.query.get("limit") ?? 50) || 50, 100);
    const before = request.query.get("before");
    const after = request.query.get("after");
    const newestFirst = state.messages
      .inChannel(channel.id)
      .filter((message) => !message.ephemeral)
      .filter((message) => (before === null || BigInt(message.api.id) < BigInt(before)) && (after === null || BigInt(message.api.id) > BigInt(after)))
      .reverse();
    return ok(newestFirst.slice(0, limit).map((message) => message.api));
  });

  router.add("GET", "/channels/{channelId}/messages/{messageId}", (request) => ok(channelMessage(request).api));

  router.add("POST", "/channels/{channelId}/messages", (request) => {
    const channel = visibleChannel(request);
    if (channel.guild && !hasPermission(channelPermissions(channel, channel.guild.botMember), PermissionFlagsBits.SendMessages)) throw missingPermissions();
    if (channel.recipient && !channel.recipient.acceptsDirectMessages) throw cannotMessageUser();
    const body = (request.body ?? {}) as Fields;
    const nonce = body.nonce;
    if (body.enforce_nonce === true && (typeof nonce === "string" || typeof nonce === "number")) {
      const earlier = state.messages.findByNonce(channel.id, nonce, state.nonceWindowMs);
      if (earlier) return ok(earlier.api);
    }
    const reference = replyReference(state, channel, body);
    const message = state.messages.create({
      channel,
      author: state.world.botUser,
      body,
      files: request.files,
      type: reference ? MessageType.Reply : MessageType.Default,
      origin: "channel",
    });
    if (reference) {
      message.api.message_reference = { type: 0, message_id: reference.api.id, channel_id: channel.id, ...(channel.guild && { guild_id: channel.guild.id }) };
      message.api.referenced_message = reference.api;
    }
    return ok(message.api);
  });

  router.add("PATCH", "/channels/{channelId}/messages/{messageId}", (request) => {
    const message = channelMessage(request);
    if (message.api.author.id !== state.world.botUser.id) throw new RestFailure({ status: 403, body: { message: "Cannot edit a message authored by another user", code: 50005 } });
    state.messages.edit(message, (request.body ?? {}) as Fields, request.files);
    return ok(message.api);
  });

  router.add("DELETE", "/channels/{channelId}/messages/{messageId}", (request) => {
    state.messages.delete(channelMessage(request));
    return { status: 204 };
  });

  router.add("POST", "/channels/{channelId}/typing", (request) => {
    visibleChannel(request);
    return { status: 204 };
  });

  router.add("POST", "/users/@me/channels", (request) => {
    const recipientId = (request.body as Fields | undefined)?.recipient_id;
    const user = typeof recipientId === "string" ? state.world.users.get(recipientId) : undefined;
    if (!user) throw unknownUser();
    return ok(apiChannel(state.world.directMessageChannel(user)));
  });
}

/** The message a reply points at, or a 400 like Discord's when it does not exist and must. */
function replyReference(state: StandInState, channel: ChannelModel, body: Fields) {
  const reference = body.message_reference as Fields | undefined;
  if (!reference || typeof reference.message_id !== "string" || (reference.type !== undefined && reference.type !== 0)) return undefined;
  const referenced = state.messages.get(reference.message_id);
  if (referenced && referenced.channel === channel) return referenced;
  if (reference.fail_if_not_exists === false) return undefined;
  throw new RestFailure({
    status: 400,
    body: invalidFormBody([issue(["message_reference"], "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message")]),
  });
}
