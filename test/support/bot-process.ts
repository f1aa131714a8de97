import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const REPO = path.resolve(import.meta.dirname, "../..");

/** The bot as users run it: `node --import tsx src/main.ts` in its own process, configured by environment. */
export class BotProcess {
  readonly output: string[] = [];
  readonly exited: Promise<number | null>;
  private constructor(readonly child: ChildProcess) {
    const collect = (chunk: Buffer) => this.output.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    this.exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  }

  static start(env: Record<string, string>): BotProcess {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    return new BotProcess(child);
  }

  get text(): string {
    return this.output.join("\n");
  }

  async waitForLog(pattern: RegExp, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.text)) {
      if (this.child.exitCode !== null) throw new Error(`the bot exited (${this.child.exitCode}) before logging ${pattern}:\n${this.text}`);
      if (Date.now() > deadline) throw new Error(`the bot did not log ${pattern} within ${timeoutMs} ms:\n${this.text}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill("SIGTERM");
    return this.exited;
  }
}
