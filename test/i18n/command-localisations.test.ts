import { describe, expect, it } from "vitest";
import { slashCommands } from "../../commands/index.ts";
import { commandBodies } from "../../src/discord/command-sync.ts";
import { FALLBACK_LANGUAGE, LANGUAGE_CODES, LANGUAGES } from "../../src/i18n/languages.ts";
import { createI18n } from "../../src/i18n/translator.ts";
import { expectCommandsFitDiscord } from "../support/discord-limits.ts";

interface Node {
  name: string;
  description?: string;
  name_localizations?: Record<string, string>;
  description_localizations?: Record<string, string>;
  options?: Node[];
  choices?: { name: string; value: string | number; name_localizations?: Record<string, string> }[];
}

const i18n = createI18n({ logger: { warn: () => undefined } });
const bodies = commandBodies(slashCommands, i18n) as unknown as Node[];
const translatedLocales = LANGUAGE_CODES.filter((language) => language !== FALLBACK_LANGUAGE).flatMap((language) => [...LANGUAGES[language].discordLocales]);

function* nodes(list: readonly Node[], parent = ""): Generator<{ path: string; node: Node }> {
  for (const node of list) {
    const path = parent ? `${parent} ${node.name}` : node.name;
    yield { path, node };
    yield* nodes(node.options ?? [], path);
  }
}

describe("slash command localisations", () => {
  it("follow Discord's rules in every locale: descriptions 1-100 characters, choice names 1-100, known locales, 8000 characters a command", () => {
    expectCommandsFitDiscord(bodies, "the localised commands");
  });

  it.each(translatedLocales)("every command, subcommand, option and choice has a %s text", (locale) => {
    const missing: string[] = [];
    for (const { path, node } of nodes(bodies)) {
      if (!node.description_localizations?.[locale]) missing.push(path);
      for (const choice of node.choices ?? []) if (!choice.name_localizations?.[locale]) missing.push(`${path} = ${choice.value}`);
    }
    expect(missing).toEqual([]);
  });

  it("keeps command and option names English (README, Languages), or else localises them by Discord's name rules, unique in their command", () => {
    for (const { path, node } of nodes(bodies)) {
      const siblings = [...nodes(bodies)].filter((other) => other.path.split(" ").slice(0, -1).join(" ") === path.split(" ").slice(0, -1).join(" "));
      for (const [locale, name] of Object.entries(node.name_localizations ?? {})) {
        expect(name, `${path} in ${locale}`).toMatch(/^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u);
        expect(name).toBe(name.toLowerCase());
        const clash = siblings.filter((other) => other.node !== node && (other.node.name_localizations?.[locale] ?? other.node.name) === name);
        expect(clash, `${path} in ${locale}`).toEqual([]);
      }
    }
    expect([...nodes(bodies)].filter(({ node }) => node.name_localizations !== undefined)).toEqual([]);
  });
});
