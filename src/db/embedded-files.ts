import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { isLockEntry } from "./embedded-lock.ts";

/** Whether `dataDir` holds an embedded database (PGlite keeps Postgres's own layout). */
export function hasEmbeddedDatabase(dataDir: string): boolean {
  return existsSync(path.join(dataDir, "PG_VERSION"));
}

/** What the folder holds besides the lock's own files; empty when it does not exist. */
export async function folderContents(dataDir: string): Promise<string[]> {
  try {
    return (await readdir(dataDir)).filter((name) => !isLockEntry(name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

/** The folder the embedded database lives in: `--data`, else DATA_DIR, else ./data (as the bot does). */
export function embeddedFolder(option: string | undefined, env: Record<string, string | undefined>): string {
  return path.resolve(option ?? (env.DATA_DIR?.trim() || "data"));
}
