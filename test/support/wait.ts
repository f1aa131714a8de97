/** Polls until `condition` holds; fails the test naming what it waited for. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what = "condition", timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Lets a bot whose scheduler ticks every second (the test bot's default) run a few passes. */
export const schedulerTicks = (n = 3) => new Promise((resolve) => setTimeout(resolve, n * 1_000 + 200));
