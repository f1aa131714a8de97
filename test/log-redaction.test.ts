import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../src/log-redaction.ts";
import { createLogger } from "../src/logger.ts";

const INTERACTION_TOKEN = `aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OTpRWUJ${"x".repeat(110)}`;
const BOT_TOKEN = `${Buffer.from("123456789012345678").toString("base64url")}.GxYz12.${"s".repeat(38)}`;

function captured(level = "debug"): { logger: ReturnType<typeof createLogger>; text: () => string } {
  let text = "";
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { logger: createLogger(level, { destination, secrets: [BOT_TOKEN] }), text: () => text };
}

describe("tokens in log lines", () => {
  it("cuts the token out of interaction callback and webhook URLs", () => {
    const line = JSON.stringify({
      url: `https://discord.com/api/v10/interactions/1577262042325188609/${INTERACTION_TOKEN}/callback?with_response=false`,
      followUp: `https://discord.com/api/v10/webhooks/1577261991964180480/${INTERACTION_TOKEN}/messages/@original`,
    });
    const redacted = redactSecrets(line);
    expect(redacted).not.toContain(INTERACTION_TOKEN);
    expect(JSON.parse(redacted)).toEqual({
      url: "https://discord.com/api/v10/interactions/1577262042325188609/[redacted]/callback?with_response=false",
      followUp: "https://discord.com/api/v10/webhooks/1577261991964180480/[redacted]/messages/@original",
    });
  });

  it("cuts out Authorization values and anything shaped like a bot token, and leaves prose alone", () => {
    const prose = "Discord refused the token: reset it in the developer portal (Bot -> Reset Token) and update DISCORD_TOKEN";
    expect(redactSecrets(prose)).toBe(prose);
    expect(redactSecrets(`authorization: Bot ${BOT_TOKEN}`)).toBe("authorization: Bot [redacted]");
    expect(redactSecrets(`failed with ${BOT_TOKEN} in it`)).toBe("failed with [redacted] in it");
    expect(redactSecrets("the secret is hunter2hunter2", ["hunter2hunter2"])).toBe("the secret is [redacted]");
  });

  it("scrubs a 1 MB line of token characters in linear time, so a member's long note cannot stall logging", () => {
    // Before the pattern was anchored, 10 KB of letters took ~0.7 s and 40 KB ~11 s (quadratic and worse).
    const started = performance.now();
    redactSecrets(`${"a".repeat(1_000_000)}.bbbbbb`);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("never writes an interaction token or the bot token, at any level, in messages, errors or fields", () => {
    const { logger, text } = captured("trace");
    const failure = Object.assign(new Error(`Request to /interactions/1/${INTERACTION_TOKEN}/callback failed`), {
      url: `https://discord.com/api/v10/webhooks/2/${INTERACTION_TOKEN}`,
      requestHeaders: { Authorization: `Bot ${BOT_TOKEN}` },
    });
    for (const level of ["trace", "debug", "info", "warn", "error", "fatal"] as const) {
      logger[level]({ err: failure, note: `token ${BOT_TOKEN}` }, `posting to /webhooks/2/${INTERACTION_TOKEN}`);
    }
    const lines = text().trim().split("\n");
    expect(lines).toHaveLength(6);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(text()).not.toContain(INTERACTION_TOKEN);
    expect(text()).not.toContain(BOT_TOKEN);
    expect(text()).toContain("/webhooks/2/[redacted]");
  });
});
