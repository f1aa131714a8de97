/**
 * One "something changed" signal per stand-in. Waiters re-run a probe on every change instead of
 * subscribing to specific events, so no state change can slip between a check and a subscription.
 */
export class ChangeSignal {
  readonly #listeners = new Set<() => void>();

  notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  /** Calls `listener` after every change until the returned function is called. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Resolves with the first non-undefined value `probe` returns (checked now and after every change);
   * rejects with `describeTimeout()` after `timeoutMs`, or with whatever `probe` throws.
   */
  waitFor<T>(probe: () => T | undefined, timeoutMs: number, describeTimeout: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const settle = (outcome: () => void): void => {
        clearTimeout(timer);
        this.#listeners.delete(check);
        outcome();
      };
      const check = (): void => {
        try {
          const value = probe();
          if (value !== undefined) settle(() => resolve(value));
        } catch (error) {
          settle(() => reject(error));
        }
      };
      const timer = setTimeout(() => settle(() => reject(new Error(describeTimeout()))), timeoutMs);
      this.#listeners.add(check);
      check();
    });
  }
}
