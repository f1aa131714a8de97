import {
  ApplicationCommandOptionType,
  type APIApplicationCommand,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  type APIApplicationCommandOptionChoice,
} from "discord-api-types/v10";

/**
 * The sandbox's command box: typed text such as `/roadmap check item:rag-basics note:built it`
 * read against the commands the bot registered, so the sandbox never keeps its own list.
 */

/** Something the member typed that does not make a command; the message is shown under the box. */
export class CommandTextError extends Error {
  override readonly name = "CommandTextError";
}

export interface ParsedCommandText {
  readonly command: APIApplicationCommand;
  /** The subcommand group typed, when the leaf sits in one (`/roadmap-admin roadmap upload`: roadmap). */
  readonly group: APIApplicationCommandOption | undefined;
  /** The leaf subcommand, when the command has subcommands. */
  readonly subcommand: APIApplicationCommandOption | undefined;
  /** The options the leaf takes. */
  readonly definitions: readonly APIApplicationCommandBasicOption[];
  /** Option name -> the raw text typed after `name:` (trimmed), in typed order. */
  readonly values: ReadonlyMap<string, string>;
  /** The last option and whether the text ends inside its value (no space typed after it yet). */
  readonly last: { readonly name: string; readonly raw: string } | undefined;
  /** Text after the last complete option that is not `name:value` yet (a partly typed option name). */
  readonly trailing: string;
}

/** What the command box offers next: the whole new text, so the page only replaces its value. */
export interface Suggestion {
  readonly label: string;
  readonly description?: string;
  readonly text: string;
}

function leafOptions(option: APIApplicationCommandOption | APIApplicationCommand): APIApplicationCommandBasicOption[] {
  const options = ("options" in option ? option.options : undefined) ?? [];
  return options.filter(
    (child): child is APIApplicationCommandBasicOption =>
      child.type !== ApplicationCommandOptionType.Subcommand && child.type !== ApplicationCommandOptionType.SubcommandGroup,
  );
}

type CommandNode = APIApplicationCommand | APIApplicationCommandOption;

/** What may follow a command or a group: its subcommands and subcommand groups (none for a leaf). */
function branchesOf(node: CommandNode): APIApplicationCommandOption[] {
  const options = ("options" in node ? node.options : undefined) ?? [];
  return options.filter((option) => option.type === ApplicationCommandOptionType.Subcommand || option.type === ApplicationCommandOptionType.SubcommandGroup);
}

/** `/roadmap-admin roadmap upload`: the command and the groups and subcommand typed after it. */
export function commandPath(parsed: Pick<ParsedCommandText, "command" | "group" | "subcommand">): string {
  return `/${[parsed.command.name, parsed.group?.name, parsed.subcommand?.name].filter(Boolean).join(" ")}`;
}

interface Walk {
  /** The groups and subcommand typed so far, in order. */
  readonly path: readonly APIApplicationCommandOption[];
  /** Where the walk stopped: a leaf, or a command or group still waiting for a subcommand. */
  readonly node: CommandNode;
  /** The text after the last word walked. */
  readonly rest: string;
}

/**
 * Follows the words after the command name down its groups and subcommands, as far as they are
 * complete words (followed by a space or by more text) that name a branch; the rest is options.
 */
function walkBranches(command: APIApplicationCommand, afterName: string, endOfText: boolean): Walk {
  const path: APIApplicationCommandOption[] = [];
  let node: CommandNode = command;
  let rest = afterName;
  for (;;) {
    const branches = branchesOf(node);
    const word = /^\s+(\S+)/.exec(rest);
    if (branches.length === 0 || !word) return { path, node, rest };
    const consumed = word[0].length;
    // A last word with nothing after it may still be half typed: it is completed, not walked.
    if (endOfText && consumed === rest.length) return { path, node, rest };
    const branch = branches.find((candidate) => candidate.name === word[1]!.toLowerCase());
    if (!branch) return { path, node, rest };
    path.push(branch);
    node = branch;
    rest = rest.slice(consumed);
  }
}

function nodeLabel(command: APIApplicationCommand, path: readonly APIApplicationCommandOption[]): string {
  return `/${[command.name, ...path.map((branch) => branch.name)].join(" ")}`;
}

/** Splits `opt:value opt2:more words` at the known option names; a value runs until the next ` name:`. */
function splitOptions(text: string, names: readonly string[]): { values: Map<string, string>; order: string[]; leading: string; endsInValue: boolean } {
  const values = new Map<string, string>();
  const order: string[] = [];
  if (names.length === 0) return { values, order, leading: text.trim(), endsInValue: false };
  const escaped = names.map((name) => name.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&"));
  const pattern = new RegExp(`(^|\\s)(${escaped.join("|")}):`, "g");
  const starts: { name: string; at: number; valueAt: number }[] = [];
  for (const match of text.matchAll(pattern)) {
    const at = match.index + (match[1]?.length ?? 0);
    starts.push({ name: match[2]!, at, valueAt: at + match[2]!.length + 1 });
  }
  const leading = text.slice(0, starts[0]?.at ?? text.length).trim();
  starts.forEach((start, index) => {
    const end = starts[index + 1]?.at ?? text.length;
    values.set(start.name, text.slice(start.valueAt, end).trim());
    order.push(start.name);
  });
  return { values, order, leading, endsInValue: starts.length > 0 };
}

/**
 * Reads typed text into a command, its subcommand and raw option values. Throws a CommandTextError
 * for an unknown command or subcommand; option values are checked later, by `resolveOptions`.
 */
export function parseCommandText(text: string, commands: readonly APIApplicationCommand[]): ParsedCommandText {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith("/")) throw new CommandTextError("Commands start with a slash, e.g. /roadmap progress");
  const name = /^\/(\S*)/.exec(trimmed)?.[1] ?? "";
  const command = commands.find((candidate) => candidate.name === name.toLowerCase());
  if (!command) throw new CommandTextError(`There is no /${name} command. Try ${commands.map((c) => `/${c.name}`).join(" or ")}.`);
  const { path, node, rest: remainder } = walkBranches(command, trimmed.slice(1 + name.length), false);
  const branches = branchesOf(node);
  if (branches.length > 0) {
    const known = branches.map((candidate) => candidate.name).join(", ");
    const typed = /^\s*(\S*)/.exec(remainder)?.[1] ?? "";
    throw new CommandTextError(typed ? `${nodeLabel(command, path)} has no "${typed}" subcommand (it has ${known}).` : `Pick a subcommand: ${known}.`);
  }
  const definitions = leafOptions(node);
  const split = splitOptions(remainder, definitions.map((definition) => definition.name));
  const endsWithSpace = /\s$/.test(text);
  const lastName = split.order.at(-1);
  return {
    command,
    group: path.find((branch) => branch.type === ApplicationCommandOptionType.SubcommandGroup),
    subcommand: path.find((branch) => branch.type === ApplicationCommandOptionType.Subcommand),
    definitions,
    values: split.values,
    last: lastName !== undefined && !endsWithSpace ? { name: lastName, raw: split.values.get(lastName) ?? "" } : undefined,
    trailing: split.order.length === 0 ? split.leading : trailingWord(remainder, endsWithSpace),
  };
}

/** A word typed after the last `name:value` that is not itself an option yet. */
function trailingWord(remainder: string, endsWithSpace: boolean): string {
  if (endsWithSpace) return "";
  const word = /(\S+)$/.exec(remainder)?.[1] ?? "";
  return word.includes(":") ? "" : word;
}

/** Where in the text the suggestions apply, and what to list there. */
export type CompletionPoint =
  | { kind: "command"; suggestions: Suggestion[]; hint?: string }
  | { kind: "value"; parsed: ParsedCommandText; option: APIApplicationCommandBasicOption; typed: string; prefix: string };

function describe(option: APIApplicationCommandBasicOption): string {
  const required = "required" in option && option.required ? " (required)" : "";
  return `${option.description}${required}`;
}

/**
 * What to suggest for text typed so far (the cursor at the end): commands, subcommands, option
 * names, or the value of the option being typed (the caller completes those: choices, members,
 * channels, or the bot's own autocomplete).
 */
export function completionPoint(text: string, commands: readonly APIApplicationCommand[]): CompletionPoint {
  const trimmed = text.trimStart();
  const head = /^\/(\S*)$/.exec(trimmed);
  if (trimmed === "" || head) {
    const typed = (head?.[1] ?? "").toLowerCase();
    return {
      kind: "command",
      suggestions: commands
        .filter((command) => command.name.startsWith(typed))
        .map((command) => ({ label: `/${command.name}`, description: command.description, text: `/${command.name} ` })),
    };
  }
  const typedName = /^\/(\S+)/.exec(trimmed)?.[1] ?? "";
  const command = commands.find((candidate) => candidate.name === typedName.toLowerCase());
  if (command) {
    const { path, node, rest } = walkBranches(command, trimmed.slice(1 + typedName.length), true);
    const branches = branchesOf(node);
    const partial = /^\s+(\S*)$/.exec(rest);
    if (branches.length > 0 && partial) {
      const typed = (partial[1] ?? "").toLowerCase();
      const at = nodeLabel(command, path);
      const suggestions = branches
        .filter((option) => option.name.startsWith(typed))
        .map((option) => ({ label: `${at} ${option.name}`, description: option.description, text: `${at} ${option.name} ` }));
      const hint = suggestions.length === 0 ? `${at} has no "${typed}" subcommand (it has ${branches.map((option) => option.name).join(", ")}).` : undefined;
      return { kind: "command", suggestions, ...(hint && { hint }) };
    }
  }
  let parsed: ParsedCommandText;
  try {
    parsed = parseCommandText(text, commands);
  } catch (error) {
    return { kind: "command", suggestions: [], ...(error instanceof CommandTextError && { hint: error.message }) };
  }
  if (parsed.last) {
    const option = parsed.definitions.find((definition) => definition.name === parsed.last?.name);
    if (option) {
      const prefix = text.slice(0, text.lastIndexOf(`${option.name}:`) + option.name.length + 1);
      return { kind: "value", parsed, option, typed: parsed.last.raw, prefix };
    }
  }
  const base = parsed.trailing ? text.slice(0, text.length - parsed.trailing.length) : text.endsWith(" ") ? text : `${text} `;
  const typed = parsed.trailing.toLowerCase();
  const remaining = parsed.definitions
    .filter((definition) => !parsed.values.has(definition.name) && definition.name.startsWith(typed))
    .sort((a, b) => Number("required" in b && b.required) - Number("required" in a && a.required));
  return { kind: "command", suggestions: remaining.map((option) => ({ label: `${option.name}:`, description: describe(option), text: `${base}${option.name}:` })) };
}

/** The fixed choices of an option (string or number choices), if it has any. */
export function staticChoices(option: APIApplicationCommandBasicOption): APIApplicationCommandOptionChoice[] | undefined {
  if (!("choices" in option) || !option.choices || option.choices.length === 0) return undefined;
  return option.choices as APIApplicationCommandOptionChoice[];
}

export function hasAutocomplete(option: APIApplicationCommandBasicOption): boolean {
  return "autocomplete" in option && option.autocomplete === true;
}
