import { expect } from "vitest";
import type { Reply } from "../../src/discord/command.ts";
import { autocompleteLimitProblems, commandLimitProblems, messageLimitProblems } from "../standin/index.ts";

/**
 * Discord's limits on what the bot sends, checked on a handler's reply or a rendered embed
 * without a request: content 2000, embed totals 6000, 25 fields, field values 1024, titles 256,
 * choice names 100... The rules are the stand-in's own (packages/discord-standin), so a payload
 * that passes here passes there. Use it for each area's replies in every language:
 *   expectFitsDiscord(reply, `progress in ${language}`)
 */
export function replyLimitProblems(reply: Reply): string[] {
  const { content, embeds, components, files } = reply;
  return messageLimitProblems({ content, embeds, components }, { fileCount: files?.length ?? 0 });
}

export function expectFitsDiscord(reply: Reply, what: string): void {
  expect(replyLimitProblems(reply), `${what} breaks Discord's limits`).toEqual([]);
}

export function expectCommandsFitDiscord(commands: unknown, what: string): void {
  expect(commandLimitProblems(commands), `${what} breaks Discord's command rules`).toEqual([]);
}

export function expectChoicesFitDiscord(choices: unknown, what: string): void {
  expect(autocompleteLimitProblems(choices), `${what} breaks Discord's autocomplete limits`).toEqual([]);
}
