import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import lockfile from "proper-lockfile";

/** The lock itself (a folder proper-lockfile creates atomically) and, beside it, who holds it. */
export const LOCK_NAME = "roadmap-bot.lock";
export const HOLDER_NAME = "roadmap-bot.lock.json";

/**
 * The holder refreshes the lock every UPDATE_MS; a lock not refreshed for STALE_MS belongs to a
 * process that died (SIGKILL, power cut) and is taken over. STALE_MS is generous because PGlite runs
 * on the main thread: a long query must not make a live holder look dead.
 */
const STALE_MS = 20_000;
const UPDATE_MS = 2_000;
/** When the recorded holder is gone from this machine, its lock need only be this old (the library's minimum). */
const DEAD_HOLDER_STALE_MS = 5_000;
const RETRY_MS = 250;
/** Folders this process holds: a second open in the same process is refused like any other. */
const heldHere = new Set<string>();

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
  readonly command: string;
}

/** Another process holds the folder: the message names the folder and that process. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder | undefined,
  ) {
    super(inUseMessage(dataDir, holder));
    this.name = "DataDirInUseError";
  }
}

export interface DataDirLock {
  readonly dataDir: string;
  /** Writes this process's record beside the lock again (after something replaced the folder's files). */
  recordHolder(): Promise<void>;
  release(): Promise<void>;
}

export interface LockOptions {
  /** Called when the lock could not be kept (its folder vanished, or the event loop stalled past STALE_MS). */
  readonly onLost?: (error: Error) => void;
}

/**
 * Takes the embedded database's folder for this process, creating the folder if needed. Throws
 * DataDirInUseError at once while a live process holds it; a lock left by a process that died is
 * taken over (within seconds when the holder is known to be gone from this machine, else once stale).
 */
export async function lockDataDir(dataDir: string, options: LockOptions = {}): Promise<DataDirLock> {
  const folder = path.resolve(dataDir);
  if (heldHere.has(folder)) throw new DataDirInUseError(folder, await readLockHolder(folder));
  await mkdir(folder, { recursive: true });
  const onCompromised = (error: Error): void => {
    if (options.onLost) return options.onLost(error);
    throw new Error(`Lost the lock on the embedded database in ${folder} (${error.message}); stopping so that two processes never write it.`);
  };
  const lockOptions = { lockfilePath: path.join(folder, LOCK_NAME), stale: STALE_MS, update: UPDATE_MS, onCompromised };

  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(folder, lockOptions);
  } catch (error) {
    if (!isHeld(error)) throw error;
    release = await takeOverFromDeadHolder(folder, lockOptions);
  }
  const holderPath = path.join(folder, HOLDER_NAME);
  try {
    await writeFile(holderPath, JSON.stringify(thisProcess()));
  } catch (error) {
    await release();
    throw error;
  }
  heldHere.add(folder);
  let released = false;
  return {
    dataDir: folder,
    recordHolder: () => writeFile(holderPath, JSON.stringify(thisProcess())),
    async release() {
      if (released) return;
      released = true;
      heldHere.delete(folder);
      await rm(holderPath, { force: true });
      await release().catch((error: unknown) => {
        // Already released or taken over after a stall: nothing of ours is left to remove.
        if ((error as NodeJS.ErrnoException).code !== "ERELEASED" && (error as NodeJS.ErrnoException).code !== "ECOMPROMISED") throw error;
      });
    },
  };
}

/** Who holds the folder's lock, as its holder recorded it; undefined when unknown. */
export async function readLockHolder(dataDir: string): Promise<LockHolder | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path.join(dataDir, HOLDER_NAME), "utf8")) as Partial<LockHolder>;
    if (typeof parsed.pid !== "number" || typeof parsed.host !== "string") return undefined;
    return { pid: parsed.pid, host: parsed.host, startedAt: String(parsed.startedAt ?? ""), command: String(parsed.command ?? "") };
  } catch {
    return undefined;
  }
}

/** Whether a file name in the data folder is the lock's own (not database content). */
export function isLockEntry(name: string): boolean {
  return name === LOCK_NAME || name === HOLDER_NAME;
}

async function takeOverFromDeadHolder(folder: string, lockOptions: lockfile.LockOptions): Promise<() => Promise<void>> {
  // Never longer than the normal stale period: by then the ordinary lock attempt would succeed.
  const deadline = Date.now() + STALE_MS + 2_000;
  for (;;) {
    const holder = await readLockHolder(folder);
    if (heldHere.has(folder) || !holderIsGone(holder)) throw new DataDirInUseError(folder, holder);
    try {
      // The holder process is gone, so nothing refreshes its lock: the shortest stale period
      // is safe, and a process that took the lock meanwhile has refreshed it just now.
      return await lockfile.lock(folder, { ...lockOptions, stale: DEAD_HOLDER_STALE_MS });
    } catch (error) {
      if (!isHeld(error) || Date.now() > deadline) throw isHeld(error) ? new DataDirInUseError(folder, holder) : error;
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}

function holderIsGone(holder: LockHolder | undefined): boolean {
  if (!holder || holder.host !== os.hostname()) return false;
  // A container restarted after a crash runs us under the pid its last process had.
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

function isHeld(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "ELOCKED";
}

function thisProcess(): LockHolder {
  const args = process.argv.slice(1).map((arg) => (path.isAbsolute(arg) && arg.startsWith(process.cwd()) ? path.relative(process.cwd(), arg) : arg));
  const command = ["node", ...process.execArgv, ...args].join(" ");
  return {
    pid: process.pid,
    host: os.hostname(),
    startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
    command: command.length > 200 ? `${command.slice(0, 199)}…` : command,
  };
}

function inUseMessage(folder: string, holder: LockHolder | undefined): string {
  const who = holder
    ? `process ${holder.pid}${holder.host === os.hostname() ? "" : ` on ${holder.host}`} (${holder.command}, started ${holder.startedAt.replace("T", " ").replace(/\.\d+Z$/, " UTC")})`
    : "another process (it has not recorded its pid yet)";
  return (
    `The embedded database in ${folder} is in use by ${who}. ` +
    "It serves one process at a time: stop that process first, or set DATABASE_URL to a PostgreSQL server to run several."
  );
}
