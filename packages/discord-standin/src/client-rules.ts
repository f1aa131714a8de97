import { ApplicationCommandOptionType, type APIApplicationCommandOption } from "discord-api-types/v10";

/**
 * What Discord's own client lets a member send for an option: one of its choices, a number within
 * min_value/max_value, text within min_length/max_length. Returns what is wrong, or undefined.
 * Only values of the option's own type are checked here; wrong types are the caller's to refuse.
 */
export function clientRuleProblem(definition: APIApplicationCommandOption, value: unknown): string | undefined {
  const choices = "choices" in definition ? (definition.choices ?? []) : [];
  if (choices.length > 0 && (typeof value === "string" || typeof value === "number")) {
    if (choices.some((choice) => choice.value === value)) return undefined;
    return `must be one of ${choices.map((choice) => `${choice.name} (${JSON.stringify(choice.value)})`).join(", ")}`;
  }
  if ((definition.type === ApplicationCommandOptionType.Integer || definition.type === ApplicationCommandOptionType.Number) && typeof value === "number") {
    const { min_value: min, max_value: max } = definition;
    if (min !== undefined && value < min) return max !== undefined ? `must be from ${min} to ${max}` : `must be at least ${min}`;
    if (max !== undefined && value > max) return min !== undefined ? `must be from ${min} to ${max}` : `must be at most ${max}`;
  }
  if (definition.type === ApplicationCommandOptionType.String && typeof value === "string") {
    const { min_length: min, max_length: max } = definition;
    if (min !== undefined && value.length < min) return `must be at least ${min} characters long`;
    if (max !== undefined && value.length > max) return `must be at most ${max} characters long`;
  }
  return undefined;
}
