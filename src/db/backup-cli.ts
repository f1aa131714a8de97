import { config as loadDotenv } from "dotenv";
import { pino } from "pino";
import { CliError, parseCommandLine, runCli } from "../cli/command-line.ts";
import { backupEmbedded, BackupRefused } from "./backup.ts";
import { embeddedFolder } from "./embedded-files.ts";
import { DataDirInUseError } from "./embedded-lock.ts";

const USAGE = `Usage: npm run db:backup -- --out FILE [--data DIR] [--force]

Writes the whole embedded database to one file (a gzipped tarball of its folder).
Stop the bot first: the embedded database serves one process at a time, so a backup
refuses while the bot runs rather than copy it half-written.

  --out FILE   where to write the backup, e.g. roadmap-2026-12-01.tar.gz (outside the folder)
  --data DIR   the embedded database's folder (default: DATA_DIR, else ./data)
  --force      replace FILE if it exists

Restore it with: npm run db:restore -- --from FILE [--data DIR]
Exit status: 0 written, 1 refused or failed (the message says why), 2 usage error.`;

loadDotenv({ quiet: true });

await runCli(
  async () => {
    const { values } = parseCommandLine(process.argv.slice(2), {
      usage: USAGE,
      options: { out: { type: "string" }, data: { type: "string" }, force: { type: "boolean" } },
    });
    if (!values.out) throw new CliError("Say where to write the backup: --out FILE (--help for more)", 2);
    const dataDir = embeddedFolder(values.data, process.env);
    const started = performance.now();
    const result = await backupEmbedded(dataDir, values.out, pino({ level: "silent" }), { force: values.force ?? false });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `Backed up the embedded database in ${dataDir} to ${result.file} (${(result.bytes / 1_048_576).toFixed(1)} MB) in ${seconds} s. ` +
        `Restore it with: npm run db:restore -- --from ${result.file}`,
    );
  },
  (error) => error instanceof BackupRefused || error instanceof DataDirInUseError,
);
