import { ApplicationCommandOptionType, type APIApplicationCommandBasicOption } from "discord-api-types/v10";
import { clientRuleProblem, type GuildModel, type MemberModel, type OptionValue } from "@roadmap-bot/discord-standin";
import { CommandTextError, staticChoices, type ParsedCommandText } from "./command-text.ts";

/** Turns typed option text into the values a member would pick in Discord's own command box. */

export function displayName(member: MemberModel): string {
  return member.nick ?? member.globalName ?? member.username;
}

export function findMember(guild: GuildModel, typed: string): MemberModel | undefined {
  const mention = /^<@!?(\d+)>$/.exec(typed);
  if (mention) return guild.member(mention[1]!);
  const name = typed.replace(/^@/, "").toLowerCase();
  return [...guild.members.values()].find(
    (member) => !member.bot && [member.username, member.globalName, member.nick].some((candidate) => candidate?.toLowerCase() === name),
  );
}

/** A file the member picked for an attachment option, by option name. */
export interface PickedFile {
  readonly name: string;
  readonly data: Buffer;
  readonly contentType?: string;
}

/** A typed value, checked as Discord's client checks what it sends (limits, choices). */
function optionValue(option: APIApplicationCommandBasicOption, raw: string, guild: GuildModel, files: ReadonlyMap<string, PickedFile>): OptionValue {
  const value = typedValue(option, raw, guild, files);
  const problem = clientRuleProblem(option, value);
  if (problem) throw new CommandTextError(`${option.name}: ${problem}.`);
  return value;
}

function typedValue(option: APIApplicationCommandBasicOption, raw: string, guild: GuildModel, files: ReadonlyMap<string, PickedFile>): OptionValue {
  const where = `${option.name}:`;
  if (raw === "") throw new CommandTextError(`${where} needs a value.`);
  const choices = staticChoices(option);
  if (choices) {
    // Discord's client fills in the choice picked from its list; typing its name (quoted or not) picks it here.
    const typed = raw.replace(/^"(.*)"$/s, "$1").toLowerCase();
    const choice = choices.find((candidate) => String(candidate.value).toLowerCase() === typed || candidate.name.toLowerCase() === typed);
    if (!choice) throw new CommandTextError(`${where} must be one of ${choices.map((candidate) => candidate.name).join(", ")}.`);
    return choice.value;
  }
  switch (option.type) {
    case ApplicationCommandOptionType.String:
      return raw;
    case ApplicationCommandOptionType.Integer:
      if (!/^-?\d+$/.test(raw)) throw new CommandTextError(`${where} must be a whole number.`);
      return Number(raw);
    case ApplicationCommandOptionType.Number:
      if (!Number.isFinite(Number(raw))) throw new CommandTextError(`${where} must be a number.`);
      return Number(raw);
    case ApplicationCommandOptionType.Boolean:
      if (/^(true|yes)$/i.test(raw)) return true;
      if (/^(false|no)$/i.test(raw)) return false;
      throw new CommandTextError(`${where} must be True or False.`);
    case ApplicationCommandOptionType.User:
    case ApplicationCommandOptionType.Mentionable: {
      const member = findMember(guild, raw);
      if (!member) throw new CommandTextError(`${where} nobody called "${raw}" is in ${guild.name}.`);
      return member;
    }
    case ApplicationCommandOptionType.Channel: {
      const name = raw.replace(/^#/, "").toLowerCase();
      const channel = [...guild.channels.values()].find((candidate) => candidate.name.toLowerCase() === name || `<#${candidate.id}>` === raw);
      if (!channel) throw new CommandTextError(`${where} there is no #${name} channel.`);
      return channel;
    }
    case ApplicationCommandOptionType.Role: {
      const name = raw.replace(/^@/, "").toLowerCase();
      const role = [...guild.roles.values()].find((candidate) => candidate.name.toLowerCase() === name);
      if (!role) throw new CommandTextError(`${where} there is no @${name} role.`);
      return role;
    }
    case ApplicationCommandOptionType.Attachment: {
      const file = files.get(option.name);
      if (!file || file.name !== raw) throw new CommandTextError(`${where} pick a file with the "Attach a file" button.`);
      return { upload: { name: file.name, data: file.data, ...(file.contentType && { contentType: file.contentType }) } };
    }
  }
}

/** Every typed option as an interaction value; throws a CommandTextError naming the first problem. */
export function resolveOptions(parsed: ParsedCommandText, guild: GuildModel, files: ReadonlyMap<string, PickedFile> = new Map()): Record<string, OptionValue> {
  const missing = parsed.definitions.filter((definition) => "required" in definition && definition.required && !parsed.values.has(definition.name));
  if (missing.length > 0) throw new CommandTextError(`Missing ${missing.map((definition) => `${definition.name}:`).join(", ")}`);
  const options: Record<string, OptionValue> = {};
  for (const [name, raw] of parsed.values) {
    const definition = parsed.definitions.find((candidate) => candidate.name === name)!;
    options[name] = optionValue(definition, raw, guild, files);
  }
  return options;
}

/** The other options of an autocomplete request: those that make sense so far, the rest left out. */
export function resolvableOptions(parsed: ParsedCommandText, guild: GuildModel, except: string): Record<string, OptionValue> {
  const options: Record<string, OptionValue> = {};
  for (const [name, raw] of parsed.values) {
    if (name === except) continue;
    const definition = parsed.definitions.find((candidate) => candidate.name === name)!;
    try {
      options[name] = optionValue(definition, raw, guild, new Map());
    } catch {
      // Half-typed options are simply not sent, as Discord leaves out options not filled in yet.
    }
  }
  return options;
}

