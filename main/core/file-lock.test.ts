import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LockTimeoutError, withFileLock } from './file-lock';

let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wtd-lock-'));
});

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('a lock left by a process that was killed', () => {
  it('is taken over at once when its holder on this host is gone, without waiting for it to age', async () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    const lock = path.join(dir, 'profiles.json.lock');
    await fs.writeFile(lock, `${os.hostname()}:${gone}:${randomUUID()}`);
    expect(await withFileLock(lock, async () => 'got it', { staleMs: 60_000, timeoutMs: 2_000 })).toBe('got it');
  });

  it('held by a live process is waited for', async () => {
    const lock = path.join(dir, 'profiles.json.lock');
    await fs.writeFile(lock, `${os.hostname()}:${process.pid}:${randomUUID()}`);
    await expect(withFileLock(lock, async () => 'got it', { staleMs: 60_000, timeoutMs: 300 })).rejects.toThrow(LockTimeoutError);
  });
});
