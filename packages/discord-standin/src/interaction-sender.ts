import { GatewayDispatchEvents, InteractionType, type APIApplicationCommand, type APIInteraction } from "discord-api-types/v10";
import {
  commandData,
  componentData,
  interactionBase,
  interactionPayload,
  leafDefinitions,
  newInteractionToken,
  type AutocompleteInput,
  type CommandInput,
  type ComponentInput,
  type InteractionActor,
  type InteractionPlace,
} from "./interaction-payloads.ts";
import { clientRuleProblem } from "./client-rules.ts";
import { InteractionHandle, InteractionRecord } from "./interactions.ts";
import type { StoredMessage } from "./messages.ts";
import { MemberModel, type UserModel } from "./models.ts";
import type { StandInState } from "./state.ts";

function userOf(value: UserModel | MemberModel): UserModel {
  return value instanceof MemberModel ? value.user : value;
}

function commandLabel(input: CommandInput): string {
  return `/${[input.name, input.group, input.subcommand].filter(Boolean).join(" ")}`;
}

/** Builds interactions as a user would trigger them and dispatches them over the gateway. */
export class InteractionSender {
  readonly #state: StandInState;

  constructor(state: StandInState) {
    this.#state = state;
  }

  command(input: CommandInput): InteractionHandle {
    const place = this.#placeOf(input);
    const registered = this.#state.commands.find(input.name, place.guild?.id);
    if (this.#state.clientRules) this.#refuseWhatTheClientWouldNotSend(registered, input);
    const data = commandData(place, registered, this.#state.snowflakes.next(), input, undefined, (file) => this.#state.messages.addUserUpload(file));
    return this.#dispatch(place, InteractionType.ApplicationCommand, { data }, commandLabel(input));
  }

  autocomplete(input: AutocompleteInput): InteractionHandle {
    const place = this.#placeOf(input);
    const registered = this.#state.commands.find(input.name, place.guild?.id);
    const data = commandData(place, registered, this.#state.snowflakes.next(), input, { name: input.focused, value: input.value });
    return this.#dispatch(place, InteractionType.ApplicationCommandAutocomplete, { data }, `autocomplete ${commandLabel(input)} ${input.focused}=${JSON.stringify(input.value)}`);
  }

  /** A button press (no `values`) or a string-select choice (`values`). */
  component(input: ComponentInput, values?: string[]): InteractionHandle {
    const message = this.#state.messages.get(input.message.id);
    if (!message) throw new Error(`message ${input.message.id} does not exist (or was deleted); components can only be used on messages the bot sent`);
    const place = this.#placeOfMessage(message, input);
    const data = componentData(message.api, input.customId, values);
    const label = values === undefined ? `button "${input.customId}"` : `select "${input.customId}" [${values.join(", ")}]`;
    return this.#dispatch(place, InteractionType.MessageComponent, { data, message: structuredClone(message.api) }, label, message);
  }

  /** Discord's client offers only listed choices and keeps numbers and text within their limits. */
  #refuseWhatTheClientWouldNotSend(registered: APIApplicationCommand | undefined, input: CommandInput): void {
    const definitions = leafDefinitions(registered, input) ?? [];
    for (const [name, value] of Object.entries(input.options ?? {})) {
      const definition = definitions.find((option) => option.name === name);
      const problem = definition && clientRuleProblem(definition, value);
      if (problem) throw new Error(`${commandLabel(input)} option "${name}" ${problem}: Discord's client would not send ${JSON.stringify(value)}`);
    }
  }

  #placeOf(actor: InteractionActor): InteractionPlace {
    if ("dm" in actor) {
      const user = userOf(actor.user);
      return { guild: null, member: null, user, channel: this.#state.world.directMessageChannel(user), locale: actor.locale ?? user.locale };
    }
    const member = actor.member;
    const locale = actor.locale ?? member.user.locale;
    const guild = actor.guild ?? member.guild;
    if (guild !== member.guild) throw new Error(`${member.username} is a member of ${member.guild.name}, not of ${guild.name}`);
    if (!guild.members.has(member.id)) throw new Error(`${member.username} is no longer a member of ${guild.name}`);
    const channel = actor.channel ?? guild.textChannels[0];
    if (!channel) throw new Error(`${guild.name} has no text channel to interact in; pass channel or add one`);
    if (channel.guild !== guild) throw new Error(`channel #${channel.name} is not in ${guild.name}`);
    return { guild, member, user: member.user, channel, locale };
  }

  #placeOfMessage(message: StoredMessage, input: ComponentInput): InteractionPlace {
    const channel = message.channel;
    const guild = channel.guild;
    const actor = "member" in input ? input.member : input.user;
    if (input.guild !== undefined && input.guild !== guild) throw new Error(`message ${message.api.id} is not in ${input.guild.name}`);
    const locale = input.locale ?? userOf(actor).locale;
    if (!guild) return { guild: null, member: null, user: userOf(actor), channel, locale };
    const member = actor instanceof MemberModel ? actor : guild.member(actor.id);
    if (!member || member.guild !== guild) throw new Error(`${userOf(actor).username} is not a member of ${guild.name}, where message ${message.api.id} is`);
    return { guild, member, user: member.user, channel, locale };
  }

  #dispatch(place: InteractionPlace, type: InteractionType, extra: Record<string, unknown>, label: string, sourceMessage?: StoredMessage): InteractionHandle {
    const state = this.#state;
    const ids = { id: state.snowflakes.next(), applicationId: state.applicationId };
    const payload: APIInteraction = interactionPayload(interactionBase(place, ids, type, newInteractionToken()), extra);
    const record = new InteractionRecord({ payload, place, label, dispatchedAtMs: state.clock.now(), ...(sourceMessage && { sourceMessage }) });
    state.interactions.add(record);
    const delivered = state.gateway.dispatch(place.guild?.id ?? null, GatewayDispatchEvents.InteractionCreate, payload, null);
    if (delivered === 0) {
      const where = place.guild ? `guild ${place.guild.name} (${place.guild.id})` : "DMs (shard 0)";
      throw new Error(`${label}: no gateway session receives events for ${where}; log a client in and await standIn.waitForReady() first`);
    }
    return new InteractionHandle(record, state.signal, state.violations);
  }
}
