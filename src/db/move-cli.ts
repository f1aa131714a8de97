import path from "node:path";
import { config as loadDotenv } from "dotenv";
import { pino } from "pino";
import { CatalogueError, loadCatalogue } from "../catalogue/load.ts";
import { CliError, parseCommandLine, runCli } from "../cli/command-line.ts";
import { differentAnswers, leaderboardAnswers } from "../leaderboard/leaderboard-answers.ts";
import { connectDatabase, type DatabaseHandle } from "./connect.ts";
import { DataDirInUseError } from "./embedded-lock.ts";
import { embeddedFolder, hasEmbeddedDatabase } from "./embedded-files.ts";
import { isDatabaseUnavailable } from "./errors.ts";
import { copyDatabase, listGuildIds, MoveRefused } from "./move-to-postgres.ts";

const USAGE = `Usage: npm run db:move-to-postgres -- --to postgres://user:password@host:5432/roadmap [--data DIR]

Copies everything from the embedded database to an empty PostgreSQL database, then checks the
copy: row counts per table, and every leaderboard page of every server reads the same.
Stop the bot first (the embedded database serves one process at a time).

  --to URL          the PostgreSQL database to fill (default: DATABASE_URL). It must hold no rows;
                    its tables are created or migrated to this version of the bot.
  --data DIR        the embedded database's folder (default: DATA_DIR, else ./data)
  --roadmap-dir DIR the roadmaps the bot loads, to read the leaderboards (default: ROADMAP_DIR, else ./roadmap)

Afterwards set DATABASE_URL to the same URL and start the bot. The embedded database is left as it was
(migrated to this version), so you can go back by unsetting DATABASE_URL.
Exit status: 0 moved and verified, 1 refused or failed (the message says why), 2 usage error.`;

loadDotenv({ quiet: true });

await runCli(
  async () => {
    const { values } = parseCommandLine(process.argv.slice(2), {
      usage: USAGE,
      options: { to: { type: "string" }, data: { type: "string" }, "roadmap-dir": { type: "string" } },
    });
    const targetUrl = values.to ?? process.env.DATABASE_URL?.trim();
    if (!targetUrl) throw new CliError("Say where to move the data: --to postgres://user:password@host:5432/roadmap (--help for more)", 2);
    if (!/^postgres(ql)?:\/\//.test(targetUrl)) throw new CliError(`--to must be a PostgreSQL URL such as postgres://user:password@host:5432/roadmap`, 2);
    const dataDir = embeddedFolder(values.data, process.env);
    if (!hasEmbeddedDatabase(dataDir)) throw new CliError(`There is no embedded database in ${dataDir} (nothing to move). Use --data DIR to point at it.`);
    const roadmapDir = path.resolve(values["roadmap-dir"] ?? (process.env.ROADMAP_DIR?.trim() || "roadmap"));
    await move(dataDir, targetUrl, roadmapDir);
  },
  (error) => error instanceof MoveRefused || error instanceof DataDirInUseError || error instanceof CatalogueError,
);

async function move(dataDir: string, targetUrl: string, roadmapDir: string): Promise<void> {
  const started = performance.now();
  const catalogue = await loadCatalogue(roadmapDir);
  const logger = pino({ level: "silent" });
  const source = await connectDatabase({ databaseUrl: undefined, dataDir, logger });
  let target: DatabaseHandle | undefined;
  try {
    target = await connectDatabase({ databaseUrl: targetUrl, dataDir, logger, poolSize: 2 });
    const where = describeUrl(targetUrl);
    const result = await copyDatabase(source.db, target.db).catch((error: unknown) => {
      if (isDatabaseUnavailable(error)) throw new MoveRefused(`Cannot reach PostgreSQL at ${where}: ${(error as Error).message}`);
      throw error;
    });

    // Both read at the same instant, so "this week" is the same week on both sides.
    const at = new Date();
    const clock = { now: () => at };
    const guildIds = await listGuildIds(source.db);
    const before = await leaderboardAnswers({ db: source.db, catalogue, clock }, guildIds);
    const after = await leaderboardAnswers({ db: target.db, catalogue, clock }, guildIds);
    const differing = differentAnswers(before, after);
    if (differing.length > 0) {
      throw new MoveRefused(
        `The copy in ${where} holds every row, but ${differing.length} leaderboard page(s) read differently (first: ${differing[0]}); ` +
          "keep using the embedded database and report this.",
      );
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `Moved ${result.rows} rows in ${result.tables.length} tables from ${dataDir} to ${where} (schema ${result.migration}, ` +
        `${result.sequences} sequences) in ${seconds} s; verified: row counts match and ${before.size} leaderboard pages of ` +
        `${guildIds.length} server(s) read the same. Now set DATABASE_URL to that URL and start the bot.`,
    );
  } finally {
    await target?.close();
    await source.close();
  }
}

/** The URL without its password, for messages. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ""}${parsed.pathname}`;
  } catch {
    return "the target database";
  }
}
