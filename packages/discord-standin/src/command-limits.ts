import { Locale } from "discord-api-types/v10";
import { isFields, issue, text, type BodyIssue, type Fields, type Path } from "./issues.ts";

/** Application command registration rules Discord enforces beyond its OpenAPI document. */

const CHAT_INPUT = 1;
const SUBCOMMAND = 1;
const SUBCOMMAND_GROUP = 2;
const MAX_OPTIONS = 25;
const MAX_CHOICES = 25;
const MAX_CHOICE_NAME = 100;
const MAX_CHOICE_STRING_VALUE = 100;
const MAX_COMMAND_CHARACTERS = 8000;
/** Per scope (global, or one guild), per command type. */
const MAX_COMMANDS_BY_TYPE: Record<number, number> = { 1: 100, 2: 15, 3: 15 };

// Chat-input names: 1-32 lowercase letters/digits/-/_ in any script (Discord's documented regex).
const CHAT_INPUT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;


/** Discord's locales (discord-api-types `Locale`): a localisation under any other key is refused. */
const DISCORD_LOCALES = new Set(Object.values(Locale) as string[]);

/** `name_localizations` / `description_localizations`: known locales, and each value held to the field's own rule. */
function checkLocalisations(map: unknown, at: Path, check: (value: unknown, at: Path) => void, into: BodyIssue[]): void {
  if (!isFields(map)) return;
  for (const [locale, value] of Object.entries(map)) {
    if (!DISCORD_LOCALES.has(locale)) into.push(issue([...at, locale], "LOCALE_INVALID", `Invalid locale ${JSON.stringify(locale)}`));
    check(value, [...at, locale]);
  }
}

/** The largest of a field's default and its localisations: what Discord counts towards the 8000 characters. */
function longest(value: unknown, localisations: unknown): number {
  const lengths = [text(value).length, ...(isFields(localisations) ? Object.values(localisations).map((v) => text(v).length) : [])];
  return Math.max(...lengths);
}

function checkChatInputName(name: unknown, at: Path, into: BodyIssue[]): void {
  const value = text(name);
  if (!CHAT_INPUT_NAME.test(value) || value !== value.toLowerCase()) {
    into.push(issue(at, "APPLICATION_COMMAND_INVALID_NAME", `Invalid chat-input name ${JSON.stringify(value)}: 1-32 lowercase letters, digits, - or _.`));
  }
}

function checkDescription(description: unknown, at: Path, into: BodyIssue[]): void {
  const length = text(description).length;
  if (length < 1 || length > 100) {
    into.push(issue(at, "BASE_TYPE_BAD_LENGTH", `Must be between 1 and 100 in length (got ${length} characters).`));
  }
}

/** Characters Discord counts towards the 8000 per-command budget (of each field, its longest localisation). */
function countCharacters(node: Fields): number {
  let total = longest(node.name, node.name_localizations) + longest(node.description, node.description_localizations);
  if (Array.isArray(node.choices)) {
    for (const choice of node.choices) {
      if (isFields(choice)) total += longest(choice.name, choice.name_localizations) + String(choice.value ?? "").length;
    }
  }
  if (Array.isArray(node.options)) {
    for (const option of node.options) if (isFields(option)) total += countCharacters(option);
  }
  return total;
}

/** A command's or option's localised names (Discord's name pattern, unique among siblings is checked by the caller) and descriptions. */
function checkNodeLocalisations(node: Fields, at: Path, into: BodyIssue[]): void {
  checkLocalisations(node.name_localizations, [...at, "name_localizations"], (value, here) => checkChatInputName(value, here, into), into);
  checkLocalisations(node.description_localizations, [...at, "description_localizations"], (value, here) => checkDescription(value, here, into), into);
}

function checkOptions(options: unknown, at: Path, parentKind: "command" | "group" | "subcommand", into: BodyIssue[]): void {
  if (!Array.isArray(options)) return;
  if (options.length > MAX_OPTIONS) {
    into.push(issue(at, "BASE_TYPE_MAX_LENGTH", `Must be ${MAX_OPTIONS} or fewer in length (got ${options.length} items).`));
  }
  const names = new Set<string>();
  let sawOptional = false;
  let sawSubcommand = false;
  let sawValueOption = false;
  options.forEach((option: unknown, index) => {
    if (!isFields(option)) return;
    const here = [...at, index];
    const type = option.type;
    checkChatInputName(option.name, [...here, "name"], into);
    checkDescription(option.description, [...here, "description"], into);
    checkNodeLocalisations(option, here, into);
    const name = text(option.name);
    if (names.has(name)) into.push(issue([...here, "name"], "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", `Option name ${JSON.stringify(name)} is already used`));
    names.add(name);

    const isSubcommand = type === SUBCOMMAND || type === SUBCOMMAND_GROUP;
    if (isSubcommand) sawSubcommand = true;
    else sawValueOption = true;
    if (parentKind === "group" && type !== SUBCOMMAND) {
      into.push(issue([...here, "type"], "APPLICATION_COMMAND_OPTION_TYPE_INVALID", "A subcommand group may only contain subcommands"));
    }
    if (parentKind === "subcommand" && isSubcommand) {
      into.push(issue([...here, "type"], "APPLICATION_COMMAND_OPTION_TYPE_INVALID", "A subcommand cannot contain subcommands or groups"));
    }

    if (!isSubcommand) {
      if (option.required === true && sawOptional) {
        into.push(issue([...here, "required"], "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options"));
      }
      if (option.required !== true) sawOptional = true;
    }

    if (Array.isArray(option.choices)) {
      if (option.choices.length > MAX_CHOICES) {
        into.push(issue([...here, "choices"], "BASE_TYPE_MAX_LENGTH", `Must be ${MAX_CHOICES} or fewer in length (got ${option.choices.length} items).`));
      }
      if (option.autocomplete === true && option.choices.length > 0) {
        into.push(issue([...here, "autocomplete"], "APPLICATION_COMMAND_OPTION_CHOICES_AUTOCOMPLETE", "Autocomplete cannot be set on an option with choices"));
      }
      option.choices.forEach((choice: unknown, choiceIndex) => {
        if (!isFields(choice)) return;
        const checkChoiceName = (value: unknown, at: Path) => {
          const choiceName = text(value);
          if (choiceName.length < 1 || choiceName.length > MAX_CHOICE_NAME) {
            into.push(issue(at, "BASE_TYPE_BAD_LENGTH", `Must be between 1 and ${MAX_CHOICE_NAME} in length (got ${choiceName.length} characters).`));
          }
        };
        checkChoiceName(choice.name, [...here, "choices", choiceIndex, "name"]);
        checkLocalisations(choice.name_localizations, [...here, "choices", choiceIndex, "name_localizations"], checkChoiceName, into);
        if (typeof choice.value === "string" && choice.value.length > MAX_CHOICE_STRING_VALUE) {
          into.push(issue([...here, "choices", choiceIndex, "value"], "BASE_TYPE_MAX_LENGTH", `Must be ${MAX_CHOICE_STRING_VALUE} or fewer in length (got ${choice.value.length} characters).`));
        }
      });
    }
    if (type === SUBCOMMAND_GROUP) checkOptions(option.options, [...here, "options"], "group", into);
    if (type === SUBCOMMAND) checkOptions(option.options, [...here, "options"], "subcommand", into);
  });
  if (sawSubcommand && sawValueOption) {
    into.push(issue(at, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Subcommands and groups cannot be mixed with other options at the same level"));
  }
}

/** Checks one command definition as sent to POST/PATCH/PUT of the commands routes. */
export function checkCommandLimits(command: unknown, at: Path): BodyIssue[] {
  const into: BodyIssue[] = [];
  if (!isFields(command)) return into;
  const type = typeof command.type === "number" ? command.type : CHAT_INPUT;
  if (type === CHAT_INPUT) {
    checkChatInputName(command.name, [...at, "name"], into);
    checkDescription(command.description, [...at, "description"], into);
    checkNodeLocalisations(command, at, into);
    checkOptions(command.options, [...at, "options"], "command", into);
  } else {
    const length = text(command.name).length;
    if (length < 1 || length > 32) into.push(issue([...at, "name"], "BASE_TYPE_BAD_LENGTH", `Must be between 1 and 32 in length (got ${length} characters).`));
    if (text(command.description) !== "") into.push(issue([...at, "description"], "APPLICATION_COMMAND_DESCRIPTION_NOT_ALLOWED", "Context menu commands cannot have a description"));
  }
  const characters = countCharacters(command);
  if (characters > MAX_COMMAND_CHARACTERS) {
    into.push(issue(at, "APPLICATION_COMMAND_TOO_LARGE", `Command exceeds the ${MAX_COMMAND_CHARACTERS}-character limit (got ${characters}).`));
  }
  return into;
}

/** Checks a whole command set as sent to PUT (bulk overwrite). */
export function checkCommandSetLimits(commands: unknown): BodyIssue[] {
  if (!Array.isArray(commands)) return [];
  const into: BodyIssue[] = commands.flatMap((command, index) => checkCommandLimits(command, [index]));
  const seen = new Set<string>();
  const countsByType = new Map<number, number>();
  commands.forEach((command: unknown, index) => {
    if (!isFields(command)) return;
    const type = typeof command.type === "number" ? command.type : CHAT_INPUT;
    const key = `${type}:${text(command.name)}`;
    if (seen.has(key)) into.push(issue([index, "name"], "APPLICATION_COMMANDS_DUPLICATE_NAME", `Command name ${JSON.stringify(command.name)} is used twice`));
    seen.add(key);
    countsByType.set(type, (countsByType.get(type) ?? 0) + 1);
  });
  for (const [type, count] of countsByType) {
    const limit = MAX_COMMANDS_BY_TYPE[type];
    if (limit !== undefined && count > limit) {
      into.push(issue([], "MAX_APPLICATION_COMMANDS", `At most ${limit} commands of type ${type} per scope (got ${count}).`));
    }
  }
  return into;
}
