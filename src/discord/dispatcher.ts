import {
  type APIApplicationCommandOptionChoice,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
} from "discord.js";
import type { AppContext } from "../context.ts";
import { isDatabaseUnavailable } from "../db/errors.ts";
import { UserError } from "../errors.ts";
import { whilePresent } from "../group/membership.ts";
import { subcommandKey, type ButtonHandler, type GuildButtonInteraction, type GuildCommandInteraction, type Precondition, type Reply, type SlashCommand } from "./command.ts";
import { Responder } from "./responder.ts";
import type { MessageKey } from "../i18n/message-keys.ts";
import type { Translator } from "../i18n/translator.ts";

/** What the dispatcher itself tells a member, in their language (`locales/<language>/errors.json`). */
export const MESSAGES = {
  notInGuild: "errors:notInGuild",
  unknownGuild: "errors:unknownGuild",
  databaseDown: "errors:databaseDown",
  unexpected: "errors:unexpected",
  unknownCommand: "errors:unknownCommand",
  unknownButton: "errors:unknownButton",
} as const satisfies Record<string, MessageKey>;

/** Autocomplete answers after Discord's deadline are wasted; give up early and show nothing. */
const AUTOCOMPLETE_BUDGET_MS = 2_500;

/**
 * How one command or button press is answered: everything the shared reply path needs, decided
 * before the handler runs (and so before any deferral).
 */
interface Route {
  readonly interaction: ChatInputCommandInteraction | ButtonInteraction;
  /** A command's reply, or an update of the message a button is on. */
  readonly mode: "reply" | "update";
  /** Who sees the answer; errors are always private. */
  readonly ephemeral: boolean;
  /** Defer at once: the handler is always slower than Discord waits. */
  readonly deferAtOnce?: boolean;
  readonly fields: Record<string, unknown>;
  /** What the member is told when nothing here handles it (any more). */
  readonly gone: MessageKey;
  /** Undefined outside a server the bot knows, or when nothing handles it. */
  readonly handler: Handler | undefined;
}

interface Handler {
  /** The interaction, as discord.js types it inside a server it has cached. */
  readonly interaction: GuildCommandInteraction | GuildButtonInteraction;
  readonly preconditions: readonly Precondition[];
  run(): Promise<Reply>;
}

/** Owns every interaction: routes it, answers it exactly once, and turns failures into polite replies. */
export function createDispatcher(ctx: AppContext, commands: readonly SlashCommand[]) {
  const commandsByName = new Map(commands.map((command) => [command.data.name, command]));
  const buttonsByPrefix = new Map<string, { handler: ButtonHandler; command: SlashCommand }>();
  for (const command of commands) {
    for (const handler of command.buttons) {
      const taken = buttonsByPrefix.get(handler.prefix);
      if (taken) throw new Error(`button prefix "${handler.prefix}" is used by both /${taken.command.data.name} and /${command.data.name}`);
      buttonsByPrefix.set(handler.prefix, { handler, command });
    }
  }

  function explain(error: unknown, fields: Record<string, unknown>, t: Translator): string {
    if (error instanceof UserError) return error.shownIn(t);
    if (isDatabaseUnavailable(error)) {
      ctx.logger.warn({ ...fields, err: error }, "database unavailable while handling an interaction");
      return t.t(MESSAGES.databaseDown);
    }
    ctx.logger.error({ ...fields, err: error }, "interaction handler failed");
    return t.t(MESSAGES.unexpected);
  }

  function outsideGuildMessage(interaction: Interaction): MessageKey | undefined {
    if (!interaction.inGuild()) return MESSAGES.notInGuild;
    if (!interaction.inCachedGuild()) return MESSAGES.unknownGuild;
    return undefined;
  }

  function commandRoute(interaction: ChatInputCommandInteraction): Route {
    const command = commandsByName.get(interaction.commandName);
    const subcommand = command?.subcommands.get(subcommandKey(interaction.options));
    const cached = interaction.inCachedGuild() ? interaction : undefined;
    return {
      interaction,
      mode: "reply",
      ephemeral: subcommand?.ephemeral ?? true,
      deferAtOnce: subcommand?.deferAtOnce ?? false,
      fields: { guildId: interaction.guildId, userId: interaction.user.id, command: interaction.commandName, subcommand: subcommandKey(interaction.options) || undefined },
      gone: MESSAGES.unknownCommand,
      handler:
        command && subcommand && cached
          ? { interaction: cached, preconditions: command.preconditions, run: () => subcommand.execute(ctx, cached) }
          : undefined,
    };
  }

  function buttonRoute(interaction: ButtonInteraction): Route {
    const found = buttonsByPrefix.get(interaction.customId.split(":")[0] ?? "");
    const cached = interaction.inCachedGuild() ? interaction : undefined;
    return {
      interaction,
      mode: "update",
      ephemeral: true,
      fields: { guildId: interaction.guildId, userId: interaction.user.id, button: found?.handler.prefix },
      gone: MESSAGES.unknownButton,
      handler:
        found && cached
          ? { interaction: cached, preconditions: found.command.preconditions, run: () => found.handler.handle(ctx, cached) }
          : undefined,
    };
  }

  /** The one reply path, for commands and buttons alike. */
  async function answer(route: Route): Promise<string> {
    const { interaction } = route;
    const t = ctx.i18n.forLocale(interaction.locale);
    const responder = new Responder(interaction, route.mode, route.ephemeral, ctx.logger, route.deferAtOnce ? 0 : undefined);
    try {
      const refusal = outsideGuildMessage(interaction);
      if (refusal) {
        await responder.fail(t.t(refusal), t);
        return "refused";
      }
      const { handler } = route;
      if (!handler) {
        await responder.fail(t.t(route.gone), t);
        return "unknown";
      }
      for (const precondition of handler.preconditions) precondition(handler.interaction);
      // Whoever used the bot is in the server again, in this locale (written while it answers).
      const member = { guildId: handler.interaction.guildId, userId: handler.interaction.user.id };
      const reply = await whilePresent(ctx, member, handler.interaction.locale, handler.run);
      await responder.send(reply);
      return "ok";
    } catch (error) {
      await responder.fail(explain(error, route.fields, t), t);
      return error instanceof UserError ? "user-error" : "error";
    } finally {
      responder.dispose();
    }
  }

  async function onAutocomplete(interaction: AutocompleteInteraction): Promise<string> {
    let choices: APIApplicationCommandOptionChoice[] = [];
    let outcome = "ok";
    const subcommand = commandsByName.get(interaction.commandName)?.subcommands.get(subcommandKey(interaction.options));
    if (subcommand?.autocomplete && interaction.inCachedGuild()) {
      let timer: NodeJS.Timeout | undefined;
      try {
        const deadline = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error("autocomplete took too long")), AUTOCOMPLETE_BUDGET_MS);
        });
        choices = await Promise.race([subcommand.autocomplete(ctx, interaction), deadline]);
      } catch (error) {
        outcome = "error";
        ctx.logger.warn({ guildId: interaction.guildId, command: interaction.commandName, err: error }, "autocomplete failed");
      } finally {
        clearTimeout(timer);
      }
    }
    await interaction.respond(choices.slice(0, 25)).catch((error: unknown) => {
      outcome = "error";
      ctx.logger.warn({ err: error }, "could not send autocomplete choices");
    });
    return outcome;
  }

  return async function dispatch(interaction: Interaction): Promise<void> {
    const started = performance.now();
    let kind = "other";
    let outcome = "ignored";
    try {
      if (interaction.isChatInputCommand()) {
        kind = "command";
        outcome = await answer(commandRoute(interaction));
      } else if (interaction.isAutocomplete()) {
        kind = "autocomplete";
        outcome = await onAutocomplete(interaction);
      } else if (interaction.isButton()) {
        kind = "button";
        outcome = await answer(buttonRoute(interaction));
      }
    } catch (error) {
      outcome = "error";
      ctx.logger.error({ err: error, interactionId: interaction.id }, "interaction dispatch failed");
    }
    const durationMs = performance.now() - started;
    const command = interaction.isCommand() || interaction.isAutocomplete() ? interaction.commandName : undefined;
    const subcommand = interaction.isChatInputCommand() || interaction.isAutocomplete() ? subcommandKey(interaction.options) : undefined;
    const name = [command, subcommand].filter(Boolean).join(" ") || undefined;
    ctx.metrics.interaction(kind, name, outcome, durationMs / 1000);
    // Autocomplete fires on every keystroke: keep it out of the info log.
    ctx.logger[kind === "autocomplete" ? "debug" : "info"](
      { kind, outcome, guildId: interaction.guildId, userId: interaction.user.id, command: name, durationMs: Math.round(durationMs) },
      "interaction handled",
    );
  };
}
