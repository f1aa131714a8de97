import { InteractionResponseType, type APIApplicationCommandOptionChoice, type APIInteraction, type InteractionType } from "discord-api-types/v10";
import type { ChangeSignal } from "./change-signal.ts";
import type { Violation, ViolationLog } from "./violations.ts";
import { viewOf, type MessageView, type StoredMessage } from "./messages.ts";
import type { InteractionPlace } from "./interaction-payloads.ts";

/** Discord drops an interaction nobody answered within 3 seconds. */
export const CALLBACK_DEADLINE_MS = 3_000;
/** Interaction tokens work on the webhook routes for 15 minutes. */
export const TOKEN_LIFETIME_MS = 15 * 60_000;
export const DEFAULT_WAIT_MS = 5_000;

/** What the bot POSTed to /interactions/{id}/{token}/callback. */
export interface CallbackBody {
  type: InteractionResponseType;
  data?: Record<string, unknown>;
}

export interface RejectedCallback {
  status: number;
  reason: string;
}

/** Server-side state of one interaction the stand-in dispatched. */
export class InteractionRecord {
  readonly payload: APIInteraction;
  readonly place: InteractionPlace;
  /** e.g. "/roadmap check" or "button roadmap:done". */
  readonly label: string;
  /** The message a component sat on. */
  readonly sourceMessage: StoredMessage | undefined;
  readonly dispatchedAtMs: number;
  readonly #dispatchedAtMonotonic = performance.now();
  acknowledgement: { body: CallbackBody; latencyMs: number } | undefined;
  /** The message @original refers to, once there is one. */
  original: StoredMessage | undefined;
  /** The first visible version of the response (for deferrals: after the first edit). */
  firstReply: MessageView | undefined;
  readonly followUps: StoredMessage[] = [];
  readonly rejected: RejectedCallback[] = [];

  constructor(init: { payload: APIInteraction; place: InteractionPlace; label: string; sourceMessage?: StoredMessage; dispatchedAtMs: number }) {
    this.payload = init.payload;
    this.place = init.place;
    this.label = init.label;
    this.sourceMessage = init.sourceMessage;
    this.dispatchedAtMs = init.dispatchedAtMs;
  }

  get id(): string {
    return this.payload.id;
  }

  get token(): string {
    return this.payload.token;
  }

  get type(): InteractionType {
    return this.payload.type;
  }

  acknowledge(body: CallbackBody): void {
    this.acknowledgement = { body, latencyMs: performance.now() - this.#dispatchedAtMonotonic };
  }
}

export class InteractionRegistry {
  readonly #byId = new Map<string, InteractionRecord>();
  readonly #byToken = new Map<string, InteractionRecord>();

  add(record: InteractionRecord): void {
    this.#byId.set(record.id, record);
    this.#byToken.set(record.token, record);
  }

  byId(id: string): InteractionRecord | undefined {
    return this.#byId.get(id);
  }

  byToken(token: string): InteractionRecord | undefined {
    return this.#byToken.get(token);
  }
}

const CALLBACK_NAMES: Partial<Record<InteractionResponseType, string>> = {
  [InteractionResponseType.ChannelMessageWithSource]: "4 (reply)",
  [InteractionResponseType.DeferredChannelMessageWithSource]: "5 (deferred reply)",
  [InteractionResponseType.DeferredMessageUpdate]: "6 (deferred update)",
  [InteractionResponseType.UpdateMessage]: "7 (update)",
  [InteractionResponseType.ApplicationCommandAutocompleteResult]: "8 (autocomplete result)",
  [InteractionResponseType.Modal]: "9 (modal)",
};

/** What a test holds after sending an interaction: waits for and inspects the bot's answer. */
export class InteractionHandle {
  readonly #record: InteractionRecord;
  readonly #signal: ChangeSignal;
  readonly #violations: ViolationLog;

  constructor(record: InteractionRecord, signal: ChangeSignal, violations: ViolationLog) {
    this.#record = record;
    this.#signal = signal;
    this.#violations = violations;
  }

  get id(): string {
    return this.#record.id;
  }

  get token(): string {
    return this.#record.token;
  }

  /** The INTERACTION_CREATE payload that was dispatched. */
  get payload(): APIInteraction {
    return this.#record.payload;
  }

  /** Milliseconds from dispatch to the accepted callback; undefined until then. */
  get callbackLatencyMs(): number | undefined {
    return this.#record.acknowledgement?.latencyMs;
  }

  /** Callbacks the stand-in refused (invalid body, too late, ...), with the reason. */
  get rejectedCallbacks(): readonly RejectedCallback[] {
    return this.#record.rejected;
  }

  /** Violations recorded on this interaction's callback and webhook requests. */
  violations(): Violation[] {
    const { id, token } = this.#record;
    return this.#violations.list.filter((violation) => violation.path.startsWith(`/interactions/${id}/`) || violation.path.includes(`/${token}`));
  }

  /** The first accepted callback body ({ type, data }). */
  response(timeoutMs = DEFAULT_WAIT_MS): Promise<CallbackBody> {
    return this.#signal.waitFor(() => this.#record.acknowledgement?.body, timeoutMs, () => this.#describeMissing("no interaction callback", timeoutMs));
  }

  /**
   * The first visible reply: the message of a type 4 or 7 callback, or for a deferral (5, 6) the
   * message after the first edit of @original (or first follow-up, which Discord turns into that edit).
   */
  reply(timeoutMs = DEFAULT_WAIT_MS): Promise<MessageView> {
    return this.#signal.waitFor(
      () => {
        const acknowledgement = this.#record.acknowledgement;
        if (!acknowledgement) return undefined;
        const type = acknowledgement.body.type;
        if (type === InteractionResponseType.ApplicationCommandAutocompleteResult || type === InteractionResponseType.Modal || type === InteractionResponseType.Pong) {
          throw new Error(`${this.#record.label} was answered with callback type ${CALLBACK_NAMES[type] ?? type}, not a message`);
        }
        return this.#record.firstReply;
      },
      timeoutMs,
      () =>
        this.#record.acknowledgement
          ? `${this.#record.label}: the bot deferred (callback type ${CALLBACK_NAMES[this.#record.acknowledgement.body.type] ?? this.#record.acknowledgement.body.type}) but did not edit the response within ${timeoutMs}ms`
          : this.#describeMissing("no reply", timeoutMs),
    );
  }

  /** The response message as it is now (after any edits), if there is one. */
  original(): MessageView | undefined {
    const original = this.#record.original;
    return original && !original.deleted ? viewOf(original) : undefined;
  }

  /** Follow-up messages sent through the interaction webhook, current state, in order. */
  followUps(): MessageView[] {
    return this.#record.followUps.filter((message) => !message.deleted).map(viewOf);
  }

  waitForFollowUps(count: number, timeoutMs = DEFAULT_WAIT_MS): Promise<MessageView[]> {
    return this.#signal.waitFor(
      () => {
        const followUps = this.followUps();
        return followUps.length >= count ? followUps : undefined;
      },
      timeoutMs,
      () => `${this.#record.label}: expected ${count} follow-up(s) within ${timeoutMs}ms, got ${this.followUps().length}`,
    );
  }

  /** The choices of a type 8 (autocomplete result) callback. */
  async autocompleteChoices(timeoutMs = DEFAULT_WAIT_MS): Promise<APIApplicationCommandOptionChoice[]> {
    const body = await this.response(timeoutMs);
    if (body.type !== InteractionResponseType.ApplicationCommandAutocompleteResult) {
      throw new Error(`${this.#record.label} was answered with callback type ${CALLBACK_NAMES[body.type] ?? body.type}, not an autocomplete result`);
    }
    const choices = body.data?.choices;
    return Array.isArray(choices) ? (choices as APIApplicationCommandOptionChoice[]) : [];
  }

  #describeMissing(what: string, timeoutMs: number): string {
    const rejected = this.#record.rejected.map((rejection) => `\n  refused (${rejection.status}): ${rejection.reason}`).join("");
    const hint = rejected === "" ? " (is the client logged in, ready and handling interactionCreate?)" : "";
    return `${this.#record.label} (interaction ${this.#record.id}): ${what} within ${timeoutMs}ms${hint}${rejected}`;
  }
}
