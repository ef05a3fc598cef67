/**
 * A lock between processes: the desktop app and the CLI may change the profiles at the
 * same moment. The lock is a file created with O_EXCL (`wx`), which exactly one creator
 * wins on every platform and file system we run on. A process that dies while holding it
 * leaves the file behind: a lock older than `staleMs`, or one whose holder on this host is
 * no longer running, is taken over.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import { errorCode } from './errors';

export interface FileLockOptions {
  /** A lock this old belongs to a process that died (a write holds it for milliseconds). */
  readonly staleMs?: number;
  /** Give up waiting after this long; more than staleMs, so a dead holder's lock is always taken over. */
  readonly timeoutMs?: number;
}

export const DEFAULT_LOCK_STALE_MS = 10_000;
export const DEFAULT_LOCK_TIMEOUT_MS = 15_000;

/** Another process holds the lock for longer than the timeout. */
export class LockTimeoutError extends Error {
  constructor(readonly lockPath: string) {
    super(`Timed out waiting for the lock ${lockPath}`);
    this.name = 'LockTimeoutError';
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `task` while holding the lock file `lockPath`. File system errors other than contention are thrown as they are. */
export async function withFileLock<T>(lockPath: string, task: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const staleMs = options.staleMs ?? DEFAULT_LOCK_STALE_MS;
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS);
  const token = `${os.hostname()}:${process.pid}:${randomUUID()}`;
  let delay = 2;
  while (!(await tryAcquire(lockPath, token))) {
    if (await takeOverIfStale(lockPath, staleMs)) continue;
    if (Date.now() >= deadline) throw new LockTimeoutError(lockPath);
    // Jitter keeps waiters that collided from colliding again in step.
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 50);
  }
  try {
    return await task();
  } finally {
    await release(lockPath, token);
  }
}

async function tryAcquire(lockPath: string, token: string): Promise<boolean> {
  let handle: fs.FileHandle;
  try {
    // 0600 whatever the umask: the lock names this host and process, for this user only.
    handle = await fs.open(lockPath, 'wx', 0o600);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(token, 'utf8');
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.rm(lockPath, { force: true }).catch(() => undefined);
    throw error;
  }
  return true;
}

/**
 * Removes a lock whose holder is gone. Two waiters may judge the same lock stale: each
 * moves it aside under a name of its own and checks it moved the very file it judged, so
 * a fresh lock taken in between is put back instead of being broken.
 */
async function takeOverIfStale(lockPath: string, staleMs: number): Promise<boolean> {
  let judged;
  try {
    judged = await fs.stat(lockPath);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return true;
    throw error;
  }
  if (Date.now() - judged.mtimeMs < staleMs && !(await holderIsGone(lockPath))) return false;
  const aside = `${lockPath}.stale-${randomUUID()}`;
  try {
    await fs.rename(lockPath, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return true;
    throw error;
  }
  const moved = await fs.stat(aside);
  if (moved.ino !== judged.ino || moved.mtimeMs !== judged.mtimeMs) {
    // link() never replaces: if yet another lock appeared meanwhile, that one stays.
    await fs.link(aside, lockPath).catch(() => undefined);
  }
  await fs.rm(aside, { force: true });
  return true;
}

/**
 * The holder named in the lock (host:pid:nonce) is a process of this host that no longer
 * runs: killed mid-save, say. Its lock need not age first. A pid taken again by another
 * process only makes us wait for staleMs, as before.
 */
async function holderIsGone(lockPath: string): Promise<boolean> {
  const content = await fs.readFile(lockPath, 'utf8').catch(() => '');
  const match = /^(.*):(\d+):[0-9a-f-]+$/.exec(content);
  if (match === null || match[1] !== os.hostname()) return false;
  try {
    process.kill(Number(match[2]), 0);
    return false;
  } catch (error) {
    return errorCode(error) === 'ESRCH';
  }
}

async function release(lockPath: string, token: string): Promise<void> {
  // A lock held past staleMs may have been taken over: the new holder's file stays.
  const content = await fs.readFile(lockPath, 'utf8').catch(() => null);
  if (content === token) await fs.rm(lockPath, { force: true });
}
