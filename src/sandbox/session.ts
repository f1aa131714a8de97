import { ApplicationCommandOptionType, PermissionFlagsBits, type APIApplicationCommand, type APIApplicationCommandBasicOption } from "discord-api-types/v10";
import type { RunningBot } from "../app.ts";
import { findGuild } from "../db/guild-repository.ts";
import type { MemberModel, MessageView, RoleModel, StandIn } from "@roadmap-bot/discord-standin";
import { CommandTextError, commandPath, completionPoint, hasAutocomplete, parseCommandText, staticChoices, type ParsedCommandText, type Suggestion } from "./command-text.ts";
import { PAGE_LANGUAGES, isPageLocale, type PageLanguage } from "./discord-languages.ts";
import { pageMessage, visibleTo, type PageMessage } from "./message-view.ts";
import type { OffsetClock } from "./offset-clock.ts";
import { displayName, resolvableOptions, resolveOptions, type PickedFile } from "./option-values.ts";
import type { StudyGroup } from "./seed.ts";

const REPLY_TIMEOUT_MS = 15_000;
const MAX_SUGGESTIONS = 25;

export interface PageMember {
  readonly id: string;
  readonly name: string;
  readonly username: string;
  readonly organiser: boolean;
  /** Their Discord client's language, sent as `locale` with every command they run. */
  readonly locale: string;
}

export interface PageState {
  /** `locale`: the server's Discord language (`guild_locale`). */
  readonly guild: { readonly id: string; readonly name: string; readonly locale: string };
  /** The Discord languages the page offers, for members and for the server. */
  readonly languages: readonly PageLanguage[];
  readonly channels: readonly { readonly id: string; readonly name: string; readonly topic: string | null }[];
  readonly members: readonly PageMember[];
  /** The server's roles (not @everyone), for role mentions and role options. */
  readonly roles: readonly { readonly id: string; readonly name: string }[];
  /** The bot's clock, which "skip to next weekly post" moves. */
  readonly now: string;
  readonly nextPostAt: string | null;
}

export interface Completion {
  readonly suggestions: readonly Suggestion[];
  /** What the option being typed wants, when there is nothing to pick from. */
  readonly hint?: string;
  /** The option being typed takes a file: the page offers its file picker, and puts the file's name after `prefix`. */
  readonly attach?: { readonly option: string; readonly prefix: string };
}

/** Where the page's DM view asks for messages: the viewer's DMs with the bot. */
export const DM_CHANNEL = "dm";

/** The limits Discord's client shows and keeps for a number or text option, e.g. " (1 to 3)". */
function limitsOf(option: APIApplicationCommandBasicOption): string {
  if (option.type === ApplicationCommandOptionType.Integer || option.type === ApplicationCommandOptionType.Number) {
    const { min_value: min, max_value: max } = option;
    if (min !== undefined && max !== undefined) return ` (${min} to ${max})`;
    if (min !== undefined) return ` (at least ${min})`;
    if (max !== undefined) return ` (at most ${max})`;
  }
  if (option.type === ApplicationCommandOptionType.String && option.max_length !== undefined) return ` (up to ${option.max_length} characters)`;
  return "";
}

function knownLocale(locale: string): string {
  if (!isPageLocale(locale)) throw new CommandTextError(`"${locale}" is not one of the languages the sandbox offers: ${PAGE_LANGUAGES.map((language) => language.locale).join(", ")}.`);
  return locale;
}

/** Which command, group and subcommand an interaction is for, as the stand-in takes them. */
function commandAddress(parsed: ParsedCommandText): { name: string; group?: string; subcommand?: string } {
  return {
    name: parsed.command.name,
    ...(parsed.group && { group: parsed.group.name }),
    ...(parsed.subcommand && { subcommand: parsed.subcommand.name }),
  };
}

/** What the sandbox page can do: everything goes through the stand-in to the real bot. */
export class SandboxSession {
  readonly #standIn: StandIn;
  readonly #bot: RunningBot;
  readonly #group: StudyGroup;
  readonly #clock: OffsetClock;
  readonly #onClockMoved: () => void;
  /** The command each interaction the page sent was typed as, for "Ada used /roadmap check". */
  readonly #commandLabels = new Map<string, string>();
  /** #general shows what happened after the sandbox opened; seeding ran before. */
  #openedAfterId = 0n;

  constructor(init: { standIn: StandIn; bot: RunningBot; group: StudyGroup; clock: OffsetClock; onClockMoved: () => void }) {
    this.#standIn = init.standIn;
    this.#bot = init.bot;
    this.#group = init.group;
    this.#clock = init.clock;
    this.#onClockMoved = init.onClockMoved;
  }

  /** Hides everything #general has so far (the seeding's commands) from the page. */
  open(): void {
    const last = this.#standIn.channelMessages(this.#group.general, { includeInteractionResponses: true }).at(-1);
    this.#openedAfterId = last ? BigInt(last.id) : 0n;
  }

  /** Moves the bot's clock and the stand-in's together, so message times agree with the bot's. */
  moveClock(to: Date): void {
    const delta = to.getTime() - this.#clock.now().getTime();
    this.#clock.advance(delta);
    this.#standIn.advanceClock(delta);
    this.#onClockMoved();
  }

  members(): PageMember[] {
    return this.#group.members.map((member) => ({
      id: member.id,
      name: displayName(member),
      username: member.username,
      organiser: this.#isOrganiser(member),
      locale: member.user.locale,
    }));
  }

  async state(): Promise<PageState> {
    const guild = await findGuild(this.#bot.context.db, this.#group.guild.id);
    return {
      guild: { id: this.#group.guild.id, name: this.#group.guild.name, locale: this.#group.guild.preferredLocale },
      languages: PAGE_LANGUAGES,
      channels: [this.#group.general, this.#group.progress].map((channel) => ({ id: channel.id, name: channel.name, topic: channel.topic })),
      members: this.members(),
      roles: this.#roles().map((role) => ({ id: role.id, name: role.name })),
      now: this.#clock.now().toISOString(),
      nextPostAt: guild?.next_post_at?.toISOString() ?? null,
    };
  }

  messages(channelId: string, viewerId: string | undefined): PageMessage[] {
    if (channelId === DM_CHANNEL) {
      const viewer = viewerId === undefined ? undefined : this.#group.members.find((member) => member.id === viewerId);
      return viewer ? this.#standIn.directMessages(viewer).map((view) => this.#pageMessage(view)) : [];
    }
    const channel = [this.#group.general, this.#group.progress].find((candidate) => candidate.id === channelId);
    if (!channel) throw new CommandTextError(`There is no channel ${channelId} in the sandbox.`);
    const since = channel === this.#group.general ? this.#openedAfterId : 0n;
    return this.#standIn
      .channelMessages(channel, { includeInteractionResponses: true })
      .filter((view) => BigInt(view.id) > since && visibleTo(view, viewerId))
      .map((view) => this.#pageMessage(view));
  }

  /** Runs typed text as a slash command in #general and waits for the bot's first visible reply. */
  async command(memberId: string, text: string, files: ReadonlyMap<string, PickedFile> = new Map()): Promise<PageMessage> {
    const member = this.#member(memberId);
    const parsed = parseCommandText(text, this.#commands());
    const options = resolveOptions(parsed, this.#group.guild, files);
    const handle = await this.#standIn.command({
      member,
      channel: this.#group.general,
      ...commandAddress(parsed),
      options,
    });
    this.#commandLabels.set(handle.id, commandPath(parsed));
    return this.#pageMessage(await handle.reply(REPLY_TIMEOUT_MS));
  }

  /** Suggestions for the command box: commands, options, choices, or the bot's own autocomplete. */
  async autocomplete(memberId: string, text: string): Promise<Completion> {
    const member = this.#member(memberId);
    const commands = this.#commands().filter((command) => this.#canSee(member, command));
    const point = completionPoint(text, commands);
    if (point.kind === "command") return { suggestions: point.suggestions.slice(0, MAX_SUGGESTIONS), ...(point.hint && { hint: point.hint }) };
    const { option, typed, prefix, parsed } = point;
    const pick = (name: string, value: string): Suggestion => ({ label: name, text: `${prefix}${value} ` });
    const lower = typed.toLowerCase();
    const choices = staticChoices(option);
    if (choices) {
      return { suggestions: choices.filter((choice) => choice.name.toLowerCase().includes(lower)).map((choice) => pick(choice.name, String(choice.value))) };
    }
    if (hasAutocomplete(option)) {
      const handle = await this.#standIn.autocomplete({
        member,
        channel: this.#group.general,
        ...commandAddress(parsed),
        focused: option.name,
        value: typed,
        options: resolvableOptions(parsed, this.#group.guild, option.name),
      });
      const offered = await handle.autocompleteChoices(REPLY_TIMEOUT_MS);
      return { suggestions: offered.map((choice) => pick(choice.name, String(choice.value))), hint: option.description };
    }
    switch (option.type) {
      case ApplicationCommandOptionType.Boolean:
        return { suggestions: ["True", "False"].filter((value) => value.toLowerCase().startsWith(lower)).map((value) => pick(value, value)) };
      case ApplicationCommandOptionType.User:
      case ApplicationCommandOptionType.Mentionable:
        return {
          suggestions: this.members()
            .filter((candidate) => candidate.name.toLowerCase().includes(lower.replace(/^@/, "")) || candidate.username.includes(lower.replace(/^@/, "")))
            .map((candidate) => pick(`@${candidate.name}`, candidate.username)),
        };
      case ApplicationCommandOptionType.Role:
        return {
          suggestions: this.#roles()
            .filter((role) => role.name.toLowerCase().includes(lower.replace(/^@/, "")))
            .map((role) => pick(`@${role.name}`, `@${role.name}`)),
        };
      case ApplicationCommandOptionType.Attachment:
        return { suggestions: [], hint: `${option.description}: pick it with "Attach a file".`, attach: { option: option.name, prefix } };
      case ApplicationCommandOptionType.Channel:
        return {
          suggestions: [this.#group.general, this.#group.progress]
            .filter((channel) => channel.name.includes(lower.replace(/^#/, "")))
            .map((channel) => pick(`#${channel.name}`, `#${channel.name}`)),
        };
      default:
        return { suggestions: [], hint: `${option.description}${limitsOf(option)}` };
    }
  }

  /** Sets a member's Discord client language: their next interactions carry it as `locale`. */
  setMemberLocale(memberId: string, locale: string): void {
    this.#member(memberId).user.locale = knownLocale(locale);
  }

  /** Sets the server's Discord language (`guild_locale`), which its posts follow unless an organiser picked one. */
  setServerLocale(locale: string): void {
    this.#group.guild.setPreferredLocale(knownLocale(locale));
  }

  /** Presses a button on a message the bot sent, as `memberId`, and waits for the bot to answer. */
  async pressButton(memberId: string, messageId: string, customId: string): Promise<void> {
    const member = this.#member(memberId);
    let handle;
    try {
      handle = await this.#standIn.pressButton({ member, message: { id: messageId }, customId });
    } catch (error) {
      throw new CommandTextError(error instanceof Error ? error.message : String(error));
    }
    this.#commandLabels.set(handle.id, "a button");
    await handle.response(REPLY_TIMEOUT_MS);
  }

  /** Moves the clock to just after the group's next weekly slot; the scheduler posts within a second. */
  async skipToNextWeeklyPost(): Promise<{ slot: string; now: string }> {
    const slot = (await findGuild(this.#bot.context.db, this.#group.guild.id))?.next_post_at;
    if (!slot) throw new CommandTextError("The group has no weekly leaderboard yet: an organiser runs /roadmap-admin setup first.");
    if (slot.getTime() > this.#clock.now().getTime()) this.moveClock(new Date(slot.getTime() + 5_000));
    return { slot: slot.toISOString(), now: this.#clock.now().toISOString() };
  }

  fileOf(attachmentId: string): { data: Buffer; contentType: string; filename: string } | undefined {
    const file = this.#standIn.attachmentFile(attachmentId);
    return file && { data: file.data, contentType: file.contentType, filename: file.filename };
  }

  #pageMessage(view: MessageView): PageMessage {
    return pageMessage(view, {
      user: (id, fallback) => {
        const member = this.#group.guild.member(id);
        return member ? displayName(member) : fallback;
      },
      command: (interactionId) => this.#commandLabels.get(interactionId),
    });
  }

  /** Roles a member could pick in Discord: every role but @everyone and the bot's own. */
  #roles(): RoleModel[] {
    const guild = this.#group.guild;
    return [...guild.roles.values()].filter((role) => role.id !== guild.everyoneRole.id && role.managedForBotId === null);
  }

  /** What Discord's client lists in the server: its guild commands, and the global ones they do not shadow. */
  #commands(): APIApplicationCommand[] {
    const inGuild = this.#standIn.registeredCommands(this.#group.guild);
    const global = this.#standIn.registeredCommands().filter((command) => !inGuild.some((own) => own.name === command.name));
    return [...global, ...inGuild];
  }

  #member(memberId: string): MemberModel {
    const member = this.#group.members.find((candidate) => candidate.id === memberId);
    if (!member) throw new CommandTextError("Pick who you are first.");
    return member;
  }

  #permissions(member: MemberModel): bigint {
    const roles = [this.#group.guild.everyoneRole.id, ...member.roles];
    return roles.reduce((all, roleId) => all | (this.#group.guild.roles.get(roleId)?.permissions ?? 0n), 0n);
  }

  #isOrganiser(member: MemberModel): boolean {
    return (this.#permissions(member) & PermissionFlagsBits.ManageGuild) !== 0n;
  }

  /** Like Discord, commands with default_member_permissions are not offered to members without them. */
  #canSee(member: MemberModel, command: APIApplicationCommand): boolean {
    if (!command.default_member_permissions) return true;
    const needed = BigInt(command.default_member_permissions);
    return (this.#permissions(member) & needed) === needed;
  }
}
