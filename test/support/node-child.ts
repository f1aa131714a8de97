import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

const REPO_DIR = path.resolve(import.meta.dirname, "../..");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The Node flags of `npm start` (`node <flags> --import tsx src/main.ts`), so tests start the bot as users do. */
export const START_NODE_FLAGS: readonly string[] = startNodeFlags();

function startNodeFlags(): string[] {
  const packageJson = JSON.parse(readFileSync(path.join(REPO_DIR, "package.json"), "utf8")) as { scripts: { start: string } };
  const [node, ...words] = packageJson.scripts.start.split(" ");
  const flags = words.slice(0, words.indexOf("--import"));
  if (node !== "node" || words.slice(flags.length).join(" ") !== "--import tsx src/main.ts") {
    throw new Error(`npm start is not "node [flags] --import tsx src/main.ts": ${packageJson.scripts.start}`);
  }
  return flags;
}

/**
 * A Node child process running a TypeScript entry point through tsx, with its output collected:
 * the bot as users run it (tests and benchmarks), or one of its command-line tools.
 */
export class NodeChild {
  readonly output: string[] = [];
  readonly exited: Promise<number | null>;

  private constructor(readonly child: ChildProcess) {
    const collect = (chunk: Buffer) => this.output.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    this.exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  }

  /** `node [nodeFlags] --import tsx <script> [args]` in the repository, with only `env` (plus PATH and HOME) set. */
  static start(script: string, options: { env?: Record<string, string>; args?: string[]; nodeFlags?: string[] } = {}): NodeChild {
    const child = spawn(process.execPath, [...(options.nodeFlags ?? []), "--import", "tsx", script, ...(options.args ?? [])], {
      cwd: REPO_DIR,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    return new NodeChild(child);
  }

  /** The bot as users run it: `npm start`'s command (its Node flags included), configured by environment. */
  static bot(env: Record<string, string>, nodeFlags: string[] = []): NodeChild {
    return NodeChild.start("src/main.ts", { env: { LOG_LEVEL: "warn", ...env }, nodeFlags: [...START_NODE_FLAGS, ...nodeFlags] });
  }

  get text(): string {
    return this.output.join("\n");
  }

  /** The first output line matching `pattern`. */
  async waitForLine(pattern: RegExp, timeoutMs = 60_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.output.find((candidate) => pattern.test(candidate));
      if (line !== undefined) return line;
      if (this.child.exitCode !== null) throw new Error(`child exited (${this.child.exitCode}) before printing ${pattern}:\n${this.text}`);
      if (Date.now() > deadline) throw new Error(`child did not print ${pattern} within ${timeoutMs} ms:\n${this.text}`);
      await sleep(20);
    }
  }

  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 15_000);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
