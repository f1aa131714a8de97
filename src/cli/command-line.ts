import { parseArgs, type ParseArgsConfig } from "node:util";

/** A mistake on the command line or in its input that the user can fix: printed as one line, no stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    /** 2 for a usage error (unknown option, missing argument), 1 for bad input or a failed run. */
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export interface CommandLineSpec<T extends NonNullable<ParseArgsConfig["options"]>> {
  /** The whole `--help` text, starting with a "Usage:" line. */
  readonly usage: string;
  readonly options: T;
  /** Whether plain arguments (files, folders) are allowed. */
  readonly positionals?: boolean;
}

/**
 * Parses argv with node's own parser plus `-h/--help`. `--help` prints the usage and exits 0;
 * an unknown option or a missing value throws a CliError with exit code 2.
 */
export function parseCommandLine<T extends NonNullable<ParseArgsConfig["options"]>>(
  argv: readonly string[],
  spec: CommandLineSpec<T>,
) {
  const options = { ...spec.options, help: { type: "boolean", short: "h" } } as T & { help: { type: "boolean"; short: "h" } };
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    const first = spec.usage.split("\n")[0] ?? "";
    // node's messages add advice about "--" that only confuses here: keep the first sentence.
    const reason = firstLine(error).replace(/\. To specify a positional argument.*$/, "");
    throw new CliError(`${reason} (${first.trim()}; --help for more)`, 2);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(spec.usage);
    process.exit(0);
  }
  if (!spec.positionals && parsed.positionals.length > 0) {
    throw new CliError(`Unexpected argument "${parsed.positionals[0]}" (${spec.usage.split("\n")[0]?.trim()}; --help for more)`, 2);
  }
  return parsed;
}

/**
 * Runs a CLI's main function: a CliError (or any error the caller marks as the user's) is printed
 * as one line with its exit code; anything else also gets one line, with the stack only at
 * LOG_LEVEL=debug, because a CLI's user needs the cause, not our internals.
 */
export async function runCli(main: () => Promise<void>, isUserError: (error: unknown) => boolean = () => false): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof CliError) {
      console.error(error.message);
      process.exitCode = error.exitCode;
      return;
    }
    if (isUserError(error)) {
      console.error((error as Error).message);
      process.exitCode = 1;
      return;
    }
    console.error(`Failed: ${firstLine(error)}`);
    if (process.env.LOG_LEVEL === "debug" || process.env.LOG_LEVEL === "trace") console.error(error);
    process.exitCode = 1;
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0] ?? message;
}
