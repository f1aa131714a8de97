import { InteractionResponseType, InteractionType, MessageFlags, MessageType, type APIMessageInteractionMetadata } from "discord-api-types/v10";
import { alreadyAcknowledged, invalidWebhookToken, unknownInteraction, unknownMessage, unknownWebhook } from "./discord-errors.ts";
import type { RestResponse } from "./failures.ts";
import { CALLBACK_DEADLINE_MS, TOKEN_LIFETIME_MS, type CallbackBody, type InteractionRecord } from "./interactions.ts";
import { invalidFormBody, issue } from "./issues.ts";
import { viewOf, type StoredMessage, type UploadedFile } from "./messages.ts";
import { apiUser } from "./payloads.ts";
import { RestFailure, type RestRequest, type RestRouter } from "./rest-router.ts";
import type { StandInState } from "./state.ts";

/** Interaction callbacks and the interaction webhook (@original edits, follow-ups). */

type Fields = Record<string, unknown>;

const ok = (body: unknown): RestResponse => ({ status: 200, body });

/** Callback types Discord accepts for each interaction type. */
const ALLOWED_CALLBACKS: Record<number, InteractionResponseType[]> = {
  [InteractionType.ApplicationCommand]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.Modal,
    InteractionResponseType.LaunchActivity,
  ],
  [InteractionType.MessageComponent]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
    InteractionResponseType.Modal,
  ],
  [InteractionType.ApplicationCommandAutocomplete]: [InteractionResponseType.ApplicationCommandAutocompleteResult],
  [InteractionType.ModalSubmit]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
  ],
};

function isLoading(message: StoredMessage): boolean {
  return ((message.api.flags ?? 0) & MessageFlags.Loading) !== 0;
}

export function registerInteractionRoutes(router: RestRouter, state: StandInState): void {
  /** Refuses a callback: remembered on the interaction (for the handle's error messages) and thrown. */
  const refuse = (record: InteractionRecord, failure: RestFailure): never => {
    record.rejected.push({ status: failure.response.status, reason: failure.violation ?? JSON.stringify(failure.response.body) });
    throw failure;
  };

  const createResponseMessage = (record: InteractionRecord, data: Fields, files: UploadedFile[], systemFlags: number): StoredMessage => {
    const isCommand = record.type === InteractionType.ApplicationCommand;
    const metadata = {
      id: record.id,
      type: record.type,
      user: apiUser(record.place.user),
      authorizing_integration_owners: record.payload.authorizing_integration_owners,
      ...(record.sourceMessage && { interacted_message_id: record.sourceMessage.api.id }),
    } as APIMessageInteractionMetadata;
    return state.messages.create({
      channel: record.place.channel,
      author: state.world.botUser,
      body: data,
      files,
      type: isCommand ? MessageType.ChatInputCommand : MessageType.Default,
      origin: "interaction",
      systemFlags,
      webhookId: state.applicationId,
      applicationId: state.applicationId,
      interactionMetadata: metadata,
    });
  };

  router.add(
    "POST",
    "/interactions/{interactionId}/{interactionToken}/callback",
    (request) => {
      const record = state.interactions.byId(request.params.interactionId ?? "");
      if (!record || record.token !== request.params.interactionToken) {
        throw unknownInteraction(`callback for unknown interaction ${request.params.interactionId ?? ""} (or wrong token)`);
      }
      const body = request.body as CallbackBody;
      const data = (body.data ?? {}) as Fields;
      const elapsedMs = state.clock.now() - record.dispatchedAtMs;
      if (record.acknowledgement) {
        refuse(record, alreadyAcknowledged(`${record.label}: second callback (type ${body.type}); it was already acknowledged with type ${record.acknowledgement.body.type}`));
      }
      if (elapsedMs > CALLBACK_DEADLINE_MS) {
        refuse(record, unknownInteraction(`${record.label}: callback arrived ${Math.round(elapsedMs)}ms after dispatch; Discord only waits ${CALLBACK_DEADLINE_MS}ms`));
      }
      if (!(ALLOWED_CALLBACKS[record.type] ?? []).includes(body.type)) {
        const reason = `${record.label}: callback type ${body.type} is not valid for interaction type ${record.type}`;
        refuse(record, new RestFailure({ status: 400, body: invalidFormBody([issue(["type"], "INTERACTION_CALLBACK_TYPE_INVALID", reason)]) }, reason));
      }
      record.acknowledge(body);
      switch (body.type) {
        case InteractionResponseType.ChannelMessageWithSource:
          record.original = createResponseMessage(record, data, request.files, 0);
          record.firstReply = viewOf(record.original);
          break;
        case InteractionResponseType.DeferredChannelMessageWithSource:
          record.original = createResponseMessage(record, { flags: data.flags }, [], MessageFlags.Loading);
          break;
        case InteractionResponseType.DeferredMessageUpdate:
          record.original = record.sourceMessage;
          break;
        case InteractionResponseType.UpdateMessage:
          if (record.sourceMessage) {
            state.messages.edit(record.sourceMessage, data, request.files);
            record.original = record.sourceMessage;
            record.firstReply = viewOf(record.sourceMessage);
          }
          break;
        default:
          break;
      }
      state.signal.notify();
      if (request.query.get("with_response") !== "true") return { status: 204 };
      const message = record.original;
      return ok({
        interaction: {
          id: record.id,
          type: record.type,
          ...(message && {
            response_message_id: message.api.id,
            response_message_loading: isLoading(message),
            response_message_ephemeral: message.ephemeral,
          }),
        },
        resource: { type: body.type, ...(message && { message: message.api }) },
      });
    },
    {
      requiresBotToken: false,
      onInvalid: (request, reason) => {
        const record = state.interactions.byId(request.params.interactionId ?? "");
        if (record) {
          record.rejected.push({ status: 400, reason });
          state.signal.notify();
        }
      },
    },
  );

  const webhookRecord = (request: RestRequest): InteractionRecord => {
    if (request.params.applicationId !== state.applicationId) throw unknownWebhook();
    const record = state.interactions.byToken(request.params.interactionToken ?? "");
    if (!record) throw unknownWebhook("interaction webhook used with an unknown interaction token");
    const ageMs = state.clock.now() - record.dispatchedAtMs;
    if (ageMs > TOKEN_LIFETIME_MS) {
      throw invalidWebhookToken(`${record.label}: interaction token used ${Math.round(ageMs / 60_000)} minutes after dispatch; it is valid for 15`);
    }
    return record;
  };
  const original = (record: InteractionRecord): StoredMessage => {
    if (!record.original || record.original.deleted) throw unknownMessage(`${record.label}: @original used before there is a response message`);
    return record.original;
  };
  /** A message of this interaction: "@original" or the id of the original or a follow-up. */
  const ownMessage = (record: InteractionRecord, messageId: string): StoredMessage => {
    if (messageId === "@original") return original(record);
    const message = [record.original, ...record.followUps].find((candidate) => candidate?.api.id === messageId && !candidate.deleted);
    if (!message) throw unknownMessage();
    return message;
  };
  const edit = (request: RestRequest): RestResponse => {
    const record = webhookRecord(request);
    const message = ownMessage(record, request.params.messageId ?? "@original");
    state.messages.edit(message, (request.body ?? {}) as Fields, request.files);
    if (message === record.original && record.firstReply === undefined) record.firstReply = viewOf(message);
    state.signal.notify();
    return ok(message.api);
  };

  for (const messagePath of ["@original", "{messageId}"]) {
    const template = `/webhooks/{applicationId}/{interactionToken}/messages/${messagePath}`;
    const options = { requiresBotToken: false };
    router.add("GET", template, (request) => ok(ownMessage(webhookRecord(request), request.params.messageId ?? "@original").api), options);
    router.add("PATCH", template, edit, options);
    router.add(
      "DELETE",
      template,
      (request) => {
        state.messages.delete(ownMessage(webhookRecord(request), request.params.messageId ?? "@original"));
        state.signal.notify();
        return { status: 204 };
      },
      options,
    );
  }

  router.add(
    "POST",
    "/webhooks/{applicationId}/{interactionToken}",
    (request) => {
      const record = webhookRecord(request);
      const acknowledged = record.acknowledgement?.body.type;
      if (acknowledged === undefined || acknowledged === InteractionResponseType.ApplicationCommandAutocompleteResult) {
        throw unknownWebhook(`${record.label}: follow-up message without a message response to follow`);
      }
      const body = (request.body ?? {}) as Fields;
      let message: StoredMessage;
      // Discord: the first follow-up after a deferred reply fills in the deferred message instead.
      if (record.original && isLoading(record.original)) {
        message = record.original;
        state.messages.edit(message, body, request.files);
        record.firstReply ??= viewOf(message);
      } else {
        message = createResponseMessage(record, body, request.files, 0);
        record.followUps.push(message);
      }
      state.signal.notify();
      return request.query.get("wait") === "false" ? { status: 204 } : ok(message.api);
    },
    { requiresBotToken: false },
  );
}
