import { config as loadDotenv } from "dotenv";
import { CliError, parseCommandLine, runCli } from "../cli/command-line.ts";
import { BackupRefused, restoreEmbedded } from "./backup.ts";
import { embeddedFolder } from "./embedded-files.ts";
import { DataDirInUseError } from "./embedded-lock.ts";

const USAGE = `Usage: npm run db:restore -- --from FILE [--data DIR] [--force]

Fills the embedded database's folder from a backup made by npm run db:backup.
The file is checked before anything changes; the folder must be empty (or new) unless --force.

  --from FILE  the backup to restore
  --data DIR   the folder to restore into (default: DATA_DIR, else ./data)
  --force      replace what the folder holds (stop the bot first; back it up if in doubt)

Exit status: 0 restored, 1 refused or failed (the message says why), 2 usage error.`;

loadDotenv({ quiet: true });

await runCli(
  async () => {
    const { values } = parseCommandLine(process.argv.slice(2), {
      usage: USAGE,
      options: { from: { type: "string" }, data: { type: "string" }, force: { type: "boolean" } },
    });
    if (!values.from) throw new CliError("Say which backup to restore: --from FILE (--help for more)", 2);
    const dataDir = embeddedFolder(values.data, process.env);
    const result = await restoreEmbedded(values.from, dataDir, { force: values.force ?? false });
    console.log(
      `Restored ${values.from} into ${result.dataDir}${result.migration ? ` (schema ${result.migration})` : ""}. ` +
        `Start the bot with DATA_DIR=${result.dataDir}; it applies any newer migrations on start.`,
    );
  },
  (error) => error instanceof BackupRefused || error instanceof DataDirInUseError,
);
