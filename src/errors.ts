import { ENGLISH } from "./i18n/english.ts";
import type { MessageKey } from "./i18n/message-keys.ts";
import type { SchemaIssue } from "./i18n/schema-issues.ts";
import type { MessageValues, Translator } from "./i18n/translator.ts";

/**
 * A message for a member, as a service can say it without knowing their language: a catalogue
 * key and its values. A value may itself be a message (a phrase the sentence takes, such as an
 * option's type) or a list of them (permission names: "View Channel, Send Messages", "、" in
 * Chinese and Japanese), translated in the reader's language first. A value may also be lines of
 * messages (one under the other), or a zod validation issue as data, worded by zod's own locale
 * for the reader's language (`t.schemaIssue`).
 */
export interface UserMessage {
  readonly key: MessageKey;
  readonly values?: Readonly<Record<string, UserMessageValue>>;
}

export type UserMessageValue = string | number | UserMessage | readonly UserMessage[] | MessageLines | SchemaIssueValue;

export interface MessageLines {
  readonly lines: readonly UserMessage[];
}

export interface SchemaIssueValue {
  readonly schemaIssue: SchemaIssue;
}

/**
 * The message in the translator's language: nested messages first, lists joined with the
 * language's own separator. `plain`: values as they are, for a terminal (`t.plain`).
 */
export function userMessageText(t: Translator, message: UserMessage, plain = false): string {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(message.values ?? {})) {
    if (typeof value === "string" || typeof value === "number") values[name] = value;
    else if (isMessageList(value)) values[name] = value.map((inner) => userMessageText(t, inner, plain)).join(t.t("errors:listSeparator"));
    else if ("lines" in value) values[name] = value.lines.map((inner) => userMessageText(t, inner, plain)).join("\n");
    // zod's words go in as a plain value: the message escapes them like any other (`{{issue}}`).
    else if ("schemaIssue" in value) values[name] = t.schemaIssue(value.schemaIssue);
    else values[name] = userMessageText(t, value, plain);
  }
  return plain ? t.plain(message.key, values as MessageValues) : t.t(message.key, values as MessageValues);
}

function isMessageList(value: Exclude<UserMessageValue, string | number>): value is readonly UserMessage[] {
  return Array.isArray(value);
}

/**
 * Something the member did that we can explain; shown to them ephemerally, in their language.
 * Thrown with a catalogue key (`new UserError({ key: "errors:…", values })`) so services stay
 * language-free; a plain English string still works for areas not converted yet.
 */
export class UserError extends Error {
  readonly userMessage: UserMessage | undefined;

  constructor(message: string | UserMessage) {
    // Error.message is English (logs, the command line and tests read it); members read shownIn.
    super(typeof message === "string" ? message : userMessageText(ENGLISH, message));
    this.name = "UserError";
    this.userMessage = typeof message === "string" ? undefined : message;
  }

  /** What the member reads, in the translator's language. */
  shownIn(t: Translator): string {
    return this.userMessage ? userMessageText(t, this.userMessage) : this.message;
  }
}
