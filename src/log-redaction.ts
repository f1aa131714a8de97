/**
 * Secrets that reach log lines through URLs and error messages rather than through a field we
 * could name: an interaction or webhook token lets whoever reads it post as the bot for 15
 * minutes, and the bot token lets them be the bot.
 */
const REDACTED = "[redacted]";

/** `/interactions/{id}/{token}/callback` and `/webhooks/{application}/{token}/...`: the token is the segment after the id. */
const TOKEN_IN_PATH = /(\/(?:interactions|webhooks)\/\d+\/)[^/"'\s?#\\]+/g;
/** An Authorization header's value wherever it was written out (tokens are long; "Bot -> Reset Token" is prose). */
const AUTHORIZATION = /\b(Bot|Bearer) [A-Za-z0-9._~+/=-]{20,}/g;
/**
 * Anything shaped like a bot token (id in base64url, timestamp, signature), known or not. Matches
 * start only where a run of token characters starts: without the lookbehind a long run (a member's
 * note in a logged request body) is retried from every position, quadratic in its length.
 */
const BOT_TOKEN_SHAPE = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{20,}/g;

/**
 * Returns `text` with tokens replaced by "[redacted]". Works on a serialized JSON log line: the
 * replaced parts never contain quotes or backslashes, so the line stays valid JSON.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let result = text.replace(TOKEN_IN_PATH, `$1${REDACTED}`).replace(AUTHORIZATION, `$1 ${REDACTED}`).replace(BOT_TOKEN_SHAPE, REDACTED);
  for (const secret of secrets) {
    if (secret.length >= 8) result = result.replaceAll(secret, REDACTED);
  }
  return result;
}
