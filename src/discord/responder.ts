import {
  MessageFlags,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type InteractionEditReplyOptions,
} from "discord.js";
import type { Logger } from "pino";
import type { MessageKey } from "../i18n/message-keys.ts";
import type { Translator } from "../i18n/translator.ts";
import type { Reply } from "./command.ts";

/** Discord drops an interaction not answered within 3 s; deferring earlier leaves room for the network. */
export const DEFER_AFTER_MS = 1_800;
/** Discord's own deadline for the first answer. */
const INTERACTION_DEADLINE_MS = 3_000;

/**
 * When to defer: DEFER_AFTER_MS after Discord created the interaction, not after we received it, so
 * a backlog (a burst, a busy event loop) still defers in time. Only an age Discord could still accept
 * counts: a negative one, or one past its deadline, can only be our clock disagreeing with Discord's.
 */
export function deferDelayMs(createdTimestamp: number, now: number, deferAfterMs = DEFER_AFTER_MS): number {
  const age = now - createdTimestamp;
  const counted = age > 0 && age < INTERACTION_DEADLINE_MS ? age : 0;
  return Math.max(deferAfterMs - counted, 0);
}

const NO_PINGS = { parse: [] } as const;

function toPayload(reply: Reply) {
  return {
    content: reply.content ?? "",
    embeds: [...(reply.embeds ?? [])],
    components: [...(reply.components ?? [])],
    files: (reply.files ?? []).map((file) => ({ attachment: file.data, name: file.name, description: file.description })),
    allowedMentions: NO_PINGS,
  } satisfies InteractionEditReplyOptions;
}

/** What a public "thinking…" placeholder says between settling it and deleting it (and if the delete fails). */
export const SETTLED_PLACEHOLDER = "errors:answeredPrivately" satisfies MessageKey;

/**
 * Answers one interaction exactly once: directly when the handler is quick, or by deferring after
 * DEFER_AFTER_MS and editing the deferred reply when it is slow. Who sees the answer is fixed when
 * the responder is made, so it is the same whether or not it was deferred; errors are always
 * private.
 */
export class Responder {
  private deferral: Promise<boolean> | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly interaction: ChatInputCommandInteraction | ButtonInteraction,
    /** A command's reply, or an update of the message a button is on. */
    private readonly mode: "reply" | "update",
    private readonly ephemeral: boolean,
    private readonly logger: Logger,
    deferAfterMs = DEFER_AFTER_MS,
  ) {
    this.timer = setTimeout(() => this.defer(), deferDelayMs(interaction.createdTimestamp, Date.now(), deferAfterMs));
  }

  private defer(): void {
    const deferring =
      this.mode === "update" && this.interaction.isButton()
        ? this.interaction.deferUpdate()
        : this.interaction.deferReply(this.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    this.deferral = deferring.then(
      () => true,
      (error: unknown) => {
        this.logger.warn({ err: error }, "could not defer the interaction");
        return false;
      },
    );
  }

  async send(reply: Reply): Promise<void> {
    clearTimeout(this.timer);
    const payload = toPayload(reply);
    if (this.deferral && (await this.deferral)) {
      await this.interaction.editReply(payload);
      return;
    }
    if (this.mode === "update" && this.interaction.isButton()) {
      await this.interaction.update(payload);
      return;
    }
    await this.interaction.reply({ ...payload, flags: this.ephemeral ? MessageFlags.Ephemeral : undefined });
  }

  /** Tells the member something went wrong, only to them, whatever state the interaction is in; `t` is their language. */
  async fail(message: string, t: Translator): Promise<void> {
    clearTimeout(this.timer);
    const payload = { content: message, allowedMentions: NO_PINGS };
    try {
      if (!this.deferral || !(await this.deferral)) {
        await this.interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
        return;
      }
      if (this.mode === "reply" && this.ephemeral) {
        await this.interaction.editReply({ ...payload, embeds: [], components: [] });
        return;
      }
      if (this.mode === "update") {
        // A deferred button update leaves its message as it was; the error goes to the presser alone.
        await this.interaction.followUp({ ...payload, flags: MessageFlags.Ephemeral });
        return;
      }
      await this.failAfterPublicDeferral(payload, t.t(SETTLED_PLACEHOLDER));
    } catch (error) {
      this.logger.warn({ err: error }, "could not tell the member about a failure");
    }
  }

  /**
   * A public "thinking…" message cannot turn private, and Discord fills it in with the first
   * follow-up, which then stays public whatever its flags say. So the placeholder is settled to a
   * neutral line first, the error goes out as a private message of its own, and the line is
   * deleted: the channel is left as a quick refusal leaves it, with nothing in it.
   */
  private async failAfterPublicDeferral(payload: { content: string; allowedMentions: typeof NO_PINGS }, placeholder: string): Promise<void> {
    await this.interaction.editReply({ content: placeholder, embeds: [], components: [], allowedMentions: NO_PINGS });
    try {
      await this.interaction.followUp({ ...payload, flags: MessageFlags.Ephemeral });
    } finally {
      await this.interaction.deleteReply().catch((error: unknown) => {
        this.logger.warn({ err: error }, "could not delete the answered-privately placeholder");
      });
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
