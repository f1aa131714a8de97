import { existsSync } from "node:fs";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { Logger } from "pino";
import { migrations } from "../../migrations/index.ts";
import { openEmbedded } from "./connect.ts";
import { folderContents, hasEmbeddedDatabase } from "./embedded-files.ts";
import { lockDataDir } from "./embedded-lock.ts";

/** A backup or restore that did not happen; the message says why and what to do. */
export class BackupRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupRefused";
  }
}

export interface BackupResult {
  readonly file: string;
  readonly bytes: number;
}

/**
 * Writes the whole embedded database to one file (PGlite's own tarball of its folder, gzipped).
 * It takes the folder's lock, so it refuses while the bot runs: a copy taken beside a writer
 * could miss its last writes. The file appears complete or not at all.
 */
export async function backupEmbedded(dataDir: string, outFile: string, logger: Logger, options: { force?: boolean } = {}): Promise<BackupResult> {
  const folder = path.resolve(dataDir);
  const file = path.resolve(outFile);
  if (!hasEmbeddedDatabase(folder)) throw new BackupRefused(`There is no embedded database in ${folder} (nothing to back up). Use --data DIR to point at it.`);
  if (isInside(file, folder)) throw new BackupRefused(`Write the backup outside the database's folder ${folder}, not into it.`);
  if (existsSync(file) && !options.force) throw new BackupRefused(`${file} already exists; nothing was written. Pass --force to replace it.`);

  const embedded = await openEmbedded(folder, logger);
  let bytes: Buffer;
  try {
    // Written out now, a restore need not replay the log.
    await embedded.pglite.exec("checkpoint");
    bytes = Buffer.from(await (await embedded.pglite.dumpDataDir("gzip")).arrayBuffer());
  } finally {
    await embedded.close();
  }
  const partial = `${file}.partial`;
  try {
    await writeFile(partial, bytes);
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw new BackupRefused(`Cannot write ${file}: ${(error as Error).message}`);
  }
  return { file, bytes: bytes.length };
}

export interface RestoreResult {
  readonly dataDir: string;
  /** The newest migration in the backup (the bot applies any newer ones on start). */
  readonly migration: string | undefined;
}

/**
 * Fills `dataDir` from a backup. The file is opened in memory and checked first, so a wrong or
 * damaged file changes nothing; a folder that holds anything is refused unless `force`, which
 * replaces its contents. The folder is locked throughout, so a running bot is never overwritten.
 */
export async function restoreEmbedded(fromFile: string, dataDir: string, options: { force?: boolean } = {}): Promise<RestoreResult> {
  const folder = path.resolve(dataDir);
  const backup = await readBackup(path.resolve(fromFile));
  const migration = await checkBackup(backup, fromFile);
  await refuseFilledFolder(folder, options.force ?? false);

  const lock = await lockDataDir(folder);
  try {
    // Checked again under the lock: the folder may have changed since.
    await refuseFilledFolder(folder, options.force ?? false);
    for (const name of await folderContents(folder)) await rm(path.join(folder, name), { recursive: true, force: true });
    const pglite = await PGlite.create(folder, { loadDataDir: backup });
    await pglite.close();
    // The backup carries the lock record of the process that made it: ours replaces it.
    await lock.recordHolder();
  } finally {
    await lock.release();
  }
  return { dataDir: folder, migration };
}

async function readBackup(file: string): Promise<Blob> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BackupRefused(`Cannot read ${file}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (error as Error).message}`);
  }
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
  return new Blob([new Uint8Array(bytes)], { type: gzipped ? "application/x-gzip" : "application/x-tar" });
}

/** Opens the backup in memory: it must be an embedded database this version of the bot understands. */
async function checkBackup(backup: Blob, name: string): Promise<string | undefined> {
  let probe: PGlite;
  try {
    probe = await PGlite.create({ loadDataDir: backup });
  } catch (error) {
    throw new BackupRefused(`${name} is not a backup of the embedded database (${(error as Error).message}); nothing was changed.`);
  }
  try {
    const present = await probe.query<{ present: boolean }>("select to_regclass('kysely_migration') is not null as present");
    if (!present.rows[0]?.present) return undefined;
    const applied = (await probe.query<{ name: string }>("select name from kysely_migration order by name")).rows.map((row) => row.name);
    const unknown = applied.filter((migration) => !(migration in migrations));
    if (unknown.length > 0) {
      throw new BackupRefused(`${name} was made by a newer Roadmap Bot (${unknown.join(", ")}); update this copy of the bot first. Nothing was changed.`);
    }
    return applied.at(-1);
  } finally {
    await probe.close();
  }
}

async function refuseFilledFolder(folder: string, force: boolean): Promise<void> {
  const contents = await folderContents(folder);
  if (contents.length === 0 || force) return;
  const shown = contents.slice(0, 3).join(", ") + (contents.length > 3 ? ", …" : "");
  throw new BackupRefused(
    `${folder} is not empty (${shown}); nothing was changed. Restore into a new folder with --data DIR, ` +
      "or pass --force to replace what it holds (back it up first).",
  );
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}
