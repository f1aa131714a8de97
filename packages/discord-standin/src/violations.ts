import type { ChangeSignal } from "./change-signal.ts";

/** Something the bot did that real Discord would reject or that breaks Discord's rules. */
export interface Violation {
  method: string;
  /** Request path below /api/v10 (or the gateway, for gateway violations). */
  path: string;
  message: string;
}

/** Interaction tokens make paths unreadable in reports; keep their start only. */
function readablePath(path: string): string {
  return path
    .split("/")
    .map((segment) => (segment.length > 40 ? `${segment.slice(0, 12)}…` : segment))
    .join("/");
}

export class ViolationLog {
  readonly list: Violation[] = [];
  readonly #signal: ChangeSignal;

  constructor(signal: ChangeSignal) {
    this.#signal = signal;
  }

  record(method: string, path: string, message: string): void {
    this.list.push({ method, path, message });
    this.#signal.notify();
  }

  assertNone(): void {
    if (this.list.length === 0) return;
    const lines = this.list.map((violation) => `  ${violation.method} ${readablePath(violation.path)}: ${violation.message}`);
    throw new Error(`The bot broke ${this.list.length} Discord rule(s):\n${lines.join("\n")}`);
  }
}
