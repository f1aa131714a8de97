import type { APIApplicationCommandOptionChoice } from "discord.js";
import { UserError } from "../errors.ts";
import { normaliseQuery } from "../catalogue/search.ts";
import { choiceRefusal } from "./render/choices.ts";

type ChoiceValue = string | number;

/** An option definition that may list fixed choices (string, integer or number options). */
export interface ChoiceOptionDefinition {
  readonly name: string;
  readonly choices?: readonly APIApplicationCommandOptionChoice<ChoiceValue>[];
}

/**
 * The choice a raw option value stands for. Discord's client only sends listed values, but a forged
 * request, an old client or the sandbox may send anything: a choice's value or its name is understood
 * in any case and spacing; anything else is refused with the list, never answered as some other choice.
 * An option without choices takes its value as is.
 */
export function resolveChoice(option: ChoiceOptionDefinition, raw: ChoiceValue): ChoiceValue {
  const choices = option.choices ?? [];
  if (choices.length === 0) return raw;
  const exact = choices.find((choice) => choice.value === raw);
  if (exact) return exact.value;
  const typed = normaliseQuery(String(raw));
  const loose =
    choices.find((choice) => normaliseQuery(String(choice.value)) === typed) ?? choices.find((choice) => normaliseQuery(choice.name) === typed);
  if (loose) return loose.value;
  throw new UserError(choiceRefusal(option.name, String(raw), choices.map((choice) => choice.name)));
}
