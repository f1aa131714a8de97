import { ENGLISH } from "./i18n/english.ts";
import type { MessageKey } from "./i18n/message-keys.ts";
import type { MessageValues, Translator } from "./i18n/translator.ts";

/**
 * A message for a member, as a service can say it without knowing their language: a catalogue
 * key and its values. A value may itself be a message (a phrase the sentence takes, such as an
 * option's type) or a list of them (permission names: "View Channel, Send Messages", "、" in
 * Chinese and Japanese), translated in the reader's language first.
 */
export interface UserMessage {
  readonly key: MessageKey;
  readonly values?: Readonly<Record<string, UserMessageValue>>;
}

export type UserMessageValue = string | number | UserMessage | readonly UserMessage[];

/** The message in the translator's language: nested messages first, lists joined with the language's own separator. */
export function userMessageText(t: Translator, message: UserMessage): string {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(message.values ?? {})) {
    if (typeof value === "string" || typeof value === "number") values[name] = value;
    else if (isMessageList(value)) values[name] = value.map((inner) => userMessageText(t, inner)).join(t.t("errors:listSeparator"));
    else values[name] = userMessageText(t, value);
  }
  return t.t(message.key, values as MessageValues);
}

function isMessageList(value: UserMessage | readonly UserMessage[]): value is readonly UserMessage[] {
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
