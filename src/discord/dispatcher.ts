import {
  DiscordjsErrorCodes,
  DiscordjsTypeError,
  type APIApplicationCommandOptionChoice,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
} from "discord.js";
import type { AppContext } from "../context.ts";
import { isDatabaseUnavailable } from "../db/errors.ts";
import { UserError } from "../errors.ts";
import { memberIsPresent } from "../group/membership.ts";
import { subcommandKey, type ButtonHandler, type SlashCommand } from "./command.ts";
import { Responder } from "./responder.ts";

export const MESSAGES = {
  notInGuild:
    "Roadmap Bot works inside a study group's server. Please use it in a server channel where the bot is installed.",
  unknownGuild:
    "I'm not fully set up in this server yet. Please ask an organiser to invite me with the `bot` and `applications.commands` scopes.",
  databaseDown: "I can't reach my database right now, so nothing was changed. Please try again shortly.",
  unexpected: "Sorry, something went wrong on my side. It has been logged; please try again in a moment.",
  unknownCommand: "I don't know that command any more. Discord may still be updating the command list; try again in a minute.",
  brokenOptions: "That command arrived with missing or malformed options. Please pick the options again from Discord's menu.",
} as const;

/** Autocomplete answers after Discord's deadline are wasted; give up early and show nothing. */
const AUTOCOMPLETE_BUDGET_MS = 2_500;

const OPTION_ERRORS = new Set<string>([
  DiscordjsErrorCodes.CommandInteractionOptionNotFound,
  DiscordjsErrorCodes.CommandInteractionOptionType,
  DiscordjsErrorCodes.CommandInteractionOptionEmpty,
  DiscordjsErrorCodes.CommandInteractionOptionNoSubcommand,
  DiscordjsErrorCodes.CommandInteractionOptionNoSubcommandGroup,
]);

export function isBrokenOptions(error: unknown): boolean {
  return error instanceof DiscordjsTypeError && OPTION_ERRORS.has(error.code);
}

/** Owns every interaction: routes it, answers it exactly once, and turns failures into polite replies. */
export function createDispatcher(ctx: AppContext, commands: readonly SlashCommand[], buttons: readonly ButtonHandler[]) {
  const commandsByName = new Map(commands.map((command) => [command.data.name, command]));
  const buttonsByPrefix = new Map(buttons.map((handler) => [handler.prefix, handler]));

  function explain(error: unknown, fields: Record<string, unknown>): string {
    if (error instanceof UserError) return error.message;
    if (isBrokenOptions(error)) return MESSAGES.brokenOptions;
    if (isDatabaseUnavailable(error)) {
      ctx.logger.warn({ ...fields, err: error }, "database unavailable while handling an interaction");
      return MESSAGES.databaseDown;
    }
    ctx.logger.error({ ...fields, err: error }, "interaction handler failed");
    return MESSAGES.unexpected;
  }

  function outsideGuildMessage(interaction: Interaction): string | undefined {
    if (!interaction.inGuild()) return MESSAGES.notInGuild;
    if (!interaction.inCachedGuild()) return MESSAGES.unknownGuild;
    return undefined;
  }

  async function onChatInput(interaction: ChatInputCommandInteraction): Promise<string> {
    const refusal = outsideGuildMessage(interaction);
    const command = commandsByName.get(interaction.commandName);
    const subcommand = command?.subcommands.get(subcommandKey(interaction.options));
    const responder = new Responder(interaction, "reply", subcommand?.ephemeral ?? true, ctx.logger, subcommand?.deferAtOnce ? 0 : undefined);
    const fields = { guildId: interaction.guildId, userId: interaction.user.id, command: interaction.commandName, subcommand: subcommand?.data.name };
    try {
      if (refusal) {
        await responder.fail(refusal);
        return "refused";
      }
      if (!subcommand || !interaction.inCachedGuild()) {
        await responder.fail(MESSAGES.unknownCommand);
        return "unknown";
      }
      for (const precondition of command?.preconditions ?? []) precondition(interaction);
      await responder.send(await subcommand.execute(ctx, interaction));
      return "ok";
    } catch (error) {
      await responder.fail(explain(error, fields));
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

  async function onButton(interaction: ButtonInteraction): Promise<string> {
    const handler = buttonsByPrefix.get(interaction.customId.split(":")[0] ?? "");
    const responder = new Responder(interaction, "update", true, ctx.logger);
    const fields = { guildId: interaction.guildId, userId: interaction.user.id, button: handler?.prefix };
    try {
      const refusal = outsideGuildMessage(interaction);
      if (refusal) {
        await responder.fail(refusal);
        return "refused";
      }
      if (!handler || !interaction.inCachedGuild()) {
        await responder.fail("This button no longer works. Please run the command again.");
        return "unknown";
      }
      await responder.send(await handler.handle(ctx, interaction));
      return "ok";
    } catch (error) {
      await responder.fail(explain(error, fields));
      return error instanceof UserError ? "user-error" : "error";
    } finally {
      responder.dispose();
    }
  }

  return async function dispatch(interaction: Interaction): Promise<void> {
    const started = performance.now();
    let kind = "other";
    let outcome = "ignored";
    try {
      if (interaction.isChatInputCommand()) {
        kind = "command";
        outcome = await onChatInput(interaction);
      } else if (interaction.isAutocomplete()) {
        kind = "autocomplete";
        outcome = await onAutocomplete(interaction);
      } else if (interaction.isButton()) {
        kind = "button";
        outcome = await onButton(interaction);
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
    // Whoever uses a command is in the server again: after the answer and its accounting, so it delays neither.
    if (kind === "command" && outcome === "ok" && interaction.inGuild()) {
      await memberIsPresent(ctx, { guildId: interaction.guildId, userId: interaction.user.id });
    }
  };
}
