import { safeText } from "./text.ts";

/** A value outside an option's choices: say what arrived and list what it can be. */
export function choiceRefusal(option: string, typed: string, choiceNames: readonly string[]): string {
  return `"${safeText(typed, 80)}" is not one of the choices for \`${option}\`. Please pick one of: ${choiceNames.map((name) => `**${name}**`).join(", ")}.`;
}
