import {
  MessageFlags,
  MessageType,
  type APIAttachment,
  type APIEmbed,
  type APIMessage,
  type APIMessageInteractionMetadata,
  type APIMessageTopLevelComponent,
} from "discord-api-types/v10";
import type { Clock } from "./clock.ts";
import type { ChannelModel, UserModel } from "./models.ts";
import { apiUser } from "./payloads.ts";
import type { SnowflakeGenerator } from "./snowflakes.ts";

/** A file part of a multipart request. */
export interface UploadedFile {
  /** The form field, e.g. `files[0]`. */
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface StoredMessage {
  /** Current state, as GET would return it. */
  readonly api: APIMessage;
  readonly channel: ChannelModel;
  /** Uploaded bytes by attachment id. */
  readonly files: Map<string, UploadedFile>;
  /** "channel": POST /channels/{id}/messages; "interaction": an interaction response or follow-up. */
  readonly origin: "channel" | "interaction";
  readonly ephemeral: boolean;
  deleted: boolean;
}

/** A message as tests look at it: the visible parts, normalised, plus the raw API object. */
export interface MessageView {
  id: string;
  channelId: string;
  content: string;
  embeds: APIEmbed[];
  components: APIMessageTopLevelComponent[];
  flags: number;
  attachments: APIAttachment[];
  ephemeral: boolean;
  /** Uploaded files, in attachment order. */
  files: UploadedFile[];
  /** A snapshot of the API message object. */
  message: APIMessage;
}

export type MessageEvent = "created" | "updated" | "deleted";

type Fields = Record<string, unknown>;

/** Message flags a sender may set; the rest are Discord's to set. */
const SETTABLE_FLAGS = MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.Ephemeral | MessageFlags.IsComponentsV2;

function normaliseEmbeds(value: unknown): APIEmbed[] {
  if (!Array.isArray(value)) return [];
  return value.map((embed: APIEmbed) => ({ type: "rich", ...embed }) as APIEmbed);
}

export function viewOf(stored: StoredMessage): MessageView {
  const message = structuredClone(stored.api);
  return {
    id: message.id,
    channelId: message.channel_id,
    content: message.content,
    embeds: message.embeds,
    components: message.components ?? [],
    flags: message.flags ?? 0,
    attachments: message.attachments,
    ephemeral: stored.ephemeral,
    files: message.attachments.flatMap((attachment) => {
      const file = stored.files.get(attachment.id);
      return file ? [file] : [];
    }),
    message,
  };
}

export interface CreateMessageInit {
  channel: ChannelModel;
  author: UserModel;
  body: Fields;
  files: UploadedFile[];
  type: MessageType;
  origin: StoredMessage["origin"];
  /** Extra flags Discord sets itself (e.g. LOADING for a deferred response). */
  systemFlags?: number;
  webhookId?: string;
  applicationId?: string;
  interactionMetadata?: APIMessageInteractionMetadata;
}

/** Every message the bot created, by id and per channel, plus the nonce memory for `enforce_nonce`. */
export class MessageStore {
  readonly #byId = new Map<string, StoredMessage>();
  readonly #byChannel = new Map<string, StoredMessage[]>();
  readonly #nonces = new Map<string, { message: StoredMessage; atMs: number }>();
  /** Files members attached to slash-command options, by attachment id. */
  readonly #userUploads = new Map<string, UploadedFile>();
  readonly #snowflakes: SnowflakeGenerator;
  readonly #clock: Clock;
  readonly #attachmentBaseUrl: () => string;
  readonly #onEvent: (event: MessageEvent, message: StoredMessage) => void;

  constructor(init: {
    snowflakes: SnowflakeGenerator;
    clock: Clock;
    attachmentBaseUrl: () => string;
    onEvent: (event: MessageEvent, message: StoredMessage) => void;
  }) {
    this.#snowflakes = init.snowflakes;
    this.#clock = init.clock;
    this.#attachmentBaseUrl = init.attachmentBaseUrl;
    this.#onEvent = init.onEvent;
  }

  get(messageId: string): StoredMessage | undefined {
    const stored = this.#byId.get(messageId);
    return stored && !stored.deleted ? stored : undefined;
  }

  /** A file a member attaches to a command option: served at its URL like Discord's CDN. */
  addUserUpload(file: { name: string; data: Buffer; contentType?: string }): APIAttachment {
    const id = this.#snowflakes.next();
    const contentType = file.contentType ?? "application/octet-stream";
    this.#userUploads.set(id, { field: "file", filename: file.name, contentType, data: file.data });
    const url = `${this.#attachmentBaseUrl()}/0/${id}/${encodeURIComponent(file.name)}`;
    return { id, filename: file.name, size: file.data.byteLength, url, proxy_url: url, content_type: contentType };
  }

  /** The bytes behind an attachment id, for serving attachment URLs. */
  findFile(attachmentId: string): UploadedFile | undefined {
    const upload = this.#userUploads.get(attachmentId);
    if (upload) return upload;
    for (const stored of this.#byId.values()) {
      const file = stored.files.get(attachmentId);
      if (file) return file;
    }
    return undefined;
  }

  inChannel(channelId: string): StoredMessage[] {
    return (this.#byChannel.get(channelId) ?? []).filter((stored) => !stored.deleted);
  }

  /** The message created earlier in `channelId` with this nonce, if within `windowMs`. */
  findByNonce(channelId: string, nonce: string | number, windowMs: number): StoredMessage | undefined {
    const remembered = this.#nonces.get(`${channelId}:${String(nonce)}`);
    if (!remembered || this.#clock.now() - remembered.atMs > windowMs) return undefined;
    return remembered.message;
  }

  create(init: CreateMessageInit): StoredMessage {
    const id = this.#snowflakes.next();
    const files = new Map<string, UploadedFile>();
    const flags = (Number(init.body.flags ?? 0) & SETTABLE_FLAGS) | (init.systemFlags ?? 0);
    const api: APIMessage = {
      id,
      channel_id: init.channel.id,
      author: apiUser(init.author),
      content: typeof init.body.content === "string" ? init.body.content : "",
      timestamp: new Date(this.#clock.now()).toISOString(),
      edited_timestamp: null,
      tts: init.body.tts === true,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: this.#attachmentsFor(init.channel, init.body, init.files, [], files),
      embeds: normaliseEmbeds(init.body.embeds),
      components: Array.isArray(init.body.components) ? (init.body.components as APIMessageTopLevelComponent[]) : [],
      pinned: false,
      type: init.type,
      flags,
      ...(typeof init.body.nonce === "string" || typeof init.body.nonce === "number" ? { nonce: init.body.nonce } : {}),
      ...(init.webhookId !== undefined && { webhook_id: init.webhookId }),
      ...(init.applicationId !== undefined && { application_id: init.applicationId }),
      ...(init.interactionMetadata !== undefined && { interaction_metadata: init.interactionMetadata }),
    };
    const stored: StoredMessage = {
      api,
      channel: init.channel,
      files,
      origin: init.origin,
      ephemeral: (flags & MessageFlags.Ephemeral) !== 0,
      deleted: false,
    };
    this.#byId.set(id, stored);
    const inChannel = this.#byChannel.get(init.channel.id) ?? [];
    inChannel.push(stored);
    this.#byChannel.set(init.channel.id, inChannel);
    if (!stored.ephemeral) init.channel.lastMessageId = id;
    if (api.nonce !== undefined) this.#nonces.set(`${init.channel.id}:${String(api.nonce)}`, { message: stored, atMs: this.#clock.now() });
    this.#onEvent("created", stored);
    return stored;
  }

  /** Applies a PATCH body: fields present replace, fields absent stay. */
  edit(stored: StoredMessage, body: Fields, uploads: UploadedFile[]): void {
    const api = stored.api;
    const wasLoading = ((api.flags ?? 0) & MessageFlags.Loading) !== 0;
    if ("content" in body) api.content = typeof body.content === "string" ? body.content : "";
    if ("embeds" in body) api.embeds = normaliseEmbeds(body.embeds);
    if ("components" in body) api.components = Array.isArray(body.components) ? (body.components as APIMessageTopLevelComponent[]) : [];
    if ("attachments" in body || uploads.length > 0) {
      api.attachments = this.#attachmentsFor(stored.channel, body, uploads, api.attachments, stored.files);
    }
    const fixedFlags = (api.flags ?? 0) & (MessageFlags.Ephemeral | MessageFlags.IsComponentsV2);
    const requested = typeof body.flags === "number" ? body.flags & (MessageFlags.SuppressEmbeds | MessageFlags.IsComponentsV2) : (api.flags ?? 0) & MessageFlags.SuppressEmbeds;
    api.flags = fixedFlags | requested;
    // The edit that completes a deferred response is its first visible version, not an edit.
    api.edited_timestamp = wasLoading ? null : new Date(this.#clock.now()).toISOString();
    this.#onEvent("updated", stored);
  }

  delete(stored: StoredMessage): void {
    stored.deleted = true;
    this.#onEvent("deleted", stored);
  }

  /**
   * New uploads become attachments (described by the body's `attachments` entries whose id is the
   * upload's index, as discord.js sends them); existing attachments survive when the body lists
   * their id, or when the body has no `attachments` at all.
   */
  #attachmentsFor(channel: ChannelModel, body: Fields, uploads: UploadedFile[], existing: APIAttachment[], files: Map<string, UploadedFile>): APIAttachment[] {
    const described = Array.isArray(body.attachments) ? (body.attachments as Fields[]) : undefined;
    const kept = described === undefined ? existing : existing.filter((attachment) => described.some((entry) => String(entry.id) === attachment.id));
    const added = uploads.map((upload, index) => {
      const fieldIndex = /\[(\d+)\]/.exec(upload.field)?.[1] ?? String(index);
      const description = described?.find((entry) => String(entry.id) === fieldIndex);
      const id = this.#snowflakes.next();
      files.set(id, upload);
      const url = `${this.#attachmentBaseUrl()}/${channel.id}/${id}/${encodeURIComponent(upload.filename)}`;
      return {
        id,
        filename: upload.filename,
        size: upload.data.length,
        url,
        proxy_url: url,
        content_type: upload.contentType,
        ...(typeof description?.description === "string" && { description: description.description }),
      } satisfies APIAttachment;
    });
    return [...kept, ...added];
  }
}
