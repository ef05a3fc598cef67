/**
 * A full disk, for real: the data folder lives on a 64 KiB tmpfs mounted for this test,
 * and a filler file takes every last page of it. Saving a profile or the settings (the
 * handler table, as the app calls it, and `widget-token profile set` in a child process)
 * then answers 'profile-data' naming the folder and the remedy; profiles.json stays byte
 * for byte as it was, no temporary or lock file is left behind, and no secret reaches the
 * keychain for a profile that was not saved. Once the filler is gone, saving works again
 * and nothing was lost. Reading needs no space: the profiles still list while the disk is
 * full, and `get` still gives a token (it only cannot remember the choice).
 *
 * Mounting needs root on Linux (CI runs so); elsewhere the tests are skipped with the reason.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type * as KeytarModule from 'keytar';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProfilesState, SaveProfileRequest } from '../../preload/contract';
import { value } from '../support/bridge-result';
import { createBridgeHandlers } from '../../main/core/bridge-handlers';
import type { BridgeHandlerTable } from '../../main/core/bridge-handler-table';
import { createMemorySecretStore } from '../../main/core/memory-secret-store';
import type { SecretStore } from '../../main/core/secret-store';
import { createSandboxLauncher } from '../../main/sandbox/sandbox-launcher';
import { errorCode } from '../../main/core/errors';
import { buildCli, runCli, type BuiltCli, type CliRun } from './support/cli';

const run = promisify(execFile);

/** Small enough to fill in a moment; a tmpfs hands out whole 4 KiB pages. */
const TMPFS_SIZE = '64k';
const PAGE = 4096;
const BASE_URL = 'https://open-api.tiktokglobalshop.com';
const SERVICE = `widget-token-desk-disk-full-${randomUUID()}`;
const STACK_LINE = /^\s+at /m;

/** Why a tmpfs cannot be mounted here, or null when it can (tried once, on a probe folder). */
async function mountProblem(): Promise<string | null> {
  if (process.platform !== 'linux') return `a tmpfs is mounted on Linux only (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root';
  const probe = await fs.mkdtemp(path.join(os.tmpdir(), 'wtd-disk-full-probe-'));
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_SIZE}`, 'tmpfs', probe]);
    await run('umount', [probe]);
    return null;
  } catch (error) {
    const stderr = typeof error === 'object' && error !== null && 'stderr' in error ? String(error.stderr).trim() : '';
    return `mount -t tmpfs is not permitted here (${stderr || String(error)})`;
  } finally {
    await fs.rmdir(probe).catch(() => undefined);
  }
}

const problem = await mountProblem();
if (problem !== null) console.log(`disk-full tests skipped: ${problem}`);

let root: string;
/** The tmpfs. */
let disk: string;
/** The data folder (WIDGET_TOKEN_HOME), on the tmpfs. */
let home: string;
let filler: string;
let cli: BuiltCli;
let secrets: SecretStore;
let handlers: BridgeHandlerTable;
let mounted = false;
const launcher = createSandboxLauncher();

const profilesFile = () => path.join(home, 'profiles.json');
const secretOf = (profile: string, kind: 'app' | 'access') => `${kind}-${profile}-${SERVICE.slice(-12)}`;

function request(name: string): SaveProfileRequest {
  return {
    name,
    baseUrl: BASE_URL,
    appKey: `key${name.replace(/\W/g, '')}`,
    appSecret: { action: 'replace', value: secretOf(name, 'app') },
    accessToken: { action: 'replace', value: secretOf(name, 'access') },
  };
}

const storedNames = (state: ProfilesState) => state.profiles.filter((p) => !p.builtIn).map((p) => p.name);

/** Writes `file` page by page until the file system says ENOSPC. */
async function fillDisk(): Promise<void> {
  const handle = await fs.open(filler, 'a');
  const page = Buffer.alloc(PAGE, 0x2e);
  try {
    for (;;) {
      try {
        await handle.write(page);
      } catch (error) {
        if (errorCode(error) === 'ENOSPC') return;
        throw error;
      }
    }
  } finally {
    await handle.close();
  }
}

/** Whether `bytes` more can be written on the tmpfs, tried with a probe file that is removed again. */
async function room(bytes: number): Promise<boolean> {
  const probe = path.join(disk, 'probe');
  try {
    await fs.writeFile(probe, Buffer.alloc(bytes, 0x2e));
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOSPC') return false;
    throw error;
  } finally {
    await fs.rm(probe, { force: true });
  }
}

/** Gives back exactly one page: room for the lock file, none for the new profiles.json beside it. */
async function freeOnePage(): Promise<void> {
  const { size } = await fs.stat(filler);
  await fs.truncate(filler, size % PAGE === 0 ? size - PAGE : size - (size % PAGE));
}

/** `widget-token` in a child process on the tmpfs data folder and this test's keychain service. */
function widgetToken(args: readonly string[], extra: Readonly<Record<string, string>> = {}): Promise<CliRun> {
  return runCli(cli, args, {
    HOME: root,
    DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS ?? '',
    WIDGET_TOKEN_HOME: home,
    WIDGET_TOKEN_KEYCHAIN_SERVICE: SERVICE,
    ...extra,
  });
}

/** keytar itself, to see what the CLI left in this test's keychain service. */
async function keychain(): Promise<typeof KeytarModule> {
  // keytar is CommonJS: under Node's ESM loader its functions sit on the default export.
  const keytar: typeof KeytarModule & { default?: typeof KeytarModule } = await import('keytar');
  return keytar.default ?? keytar;
}

/** What a failed save must look like, in the app and on the command line alike. */
function expectDiskFullText(text: { message: string; explanation: string; resolution: string }, what: 'profiles' | 'settings' = 'profiles'): void {
  expect(text.message).toBe(`The ${what} could not be saved in ${home}.`);
  expect(text.explanation).toBe('The disk is full (or your disk quota is used up). Nothing was changed on disk.');
  expect(text.resolution).toBe(`Free some space on the disk that holds ${home} and try again.`);
}

describe.skipIf(problem !== null)('a full disk under the data folder', () => {
  let before: Buffer;

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'wtd-disk-full-'));
    disk = path.join(root, 'disk');
    await fs.mkdir(disk);
    await run('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_SIZE},mode=0700`, 'tmpfs', disk]);
    mounted = true;
    home = path.join(disk, 'data');
    filler = path.join(disk, 'filler');
    cli = await buildCli();
  }, 60_000);

  afterAll(async () => {
    await launcher.close();
    await cli?.remove();
    if (mounted) await run('umount', [disk]);
    if (root) await fs.rm(root, { recursive: true, force: true });
    const api = await keychain();
    for (const { account } of await api.findCredentials(SERVICE).catch(() => [])) await api.deletePassword(SERVICE, account);
  });

  beforeEach(async () => {
    await fs.rm(filler, { force: true });
    await fs.rm(home, { recursive: true, force: true });
    await fs.mkdir(home);
    secrets = createMemorySecretStore();
    handlers = createBridgeHandlers({ shell: 'electron', appVersion: '0.0.0-disk-full', dataDir: home, secrets, sandbox: launcher.launch });
    for (const name of ['shop-eu', 'shop-us', 'shop-jp']) value(await handlers.saveProfile(request(name)));
    value(await handlers.saveSettings({ autoRefresh: false }));
    before = await fs.readFile(profilesFile());
    await fillDisk();
    expect(await room(1)).toBe(false);
  });

  async function expectUnchanged(): Promise<void> {
    expect((await fs.readFile(profilesFile())).equals(before)).toBe(true);
    expect((await fs.readdir(home)).sort()).toEqual(['profiles.json', 'settings.json']);
  }

  it('a new profile is refused as profile data, naming the folder and the remedy; nothing changes', async () => {
    const answer = await handlers.saveProfile(request('shop-uk'));
    if (answer.ok) throw new Error('expected the save to fail on a full disk');
    expect(answer.error.kind).toBe('profile-data');
    expectDiskFullText(answer.error);
    await expectUnchanged();
    expect(await secrets.get('shop-uk', 'app-secret')).toBeNull();
    expect(await secrets.get('shop-uk', 'access-token')).toBeNull();

    // Editing an existing profile and choosing another one fail alike; reading still works.
    const edit = await handlers.saveProfile({ ...request('shop-eu'), originalName: 'shop-eu', appKey: 'changed' });
    const select = await handlers.selectProfile({ name: 'shop-us' });
    for (const attempt of [edit, select]) {
      if (attempt.ok) throw new Error('expected the write to fail on a full disk');
      expect(attempt.error.kind).toBe('profile-data');
      expectDiskFullText(attempt.error);
    }
    await expectUnchanged();
    const state = value(await handlers.listProfiles({}));
    expect(storedNames(state)).toEqual(['shop-eu', 'shop-us', 'shop-jp']);
    expect(state.profiles.find((p) => p.name === 'shop-eu')?.appKey).toBe('keyshopeu');
  });

  it('with room for the lock file but not for the new profiles file, the lock is released and nothing is left', async () => {
    await freeOnePage();
    expect(await room(PAGE)).toBe(true);
    expect(await room(PAGE + 1)).toBe(false);

    const answer = await handlers.saveProfile(request('shop-uk'));
    if (answer.ok) throw new Error('expected the save to fail with one page free');
    expect(answer.error.kind).toBe('profile-data');
    expectDiskFullText(answer.error);
    await expectUnchanged();
    // The page is free again: neither the lock nor a temporary file holds it.
    expect(await room(PAGE)).toBe(true);
  });

  it('the settings are refused alike and keep their saved value', async () => {
    const answer = await handlers.saveSettings({ autoRefresh: true });
    if (answer.ok) throw new Error('expected the settings save to fail on a full disk');
    expect(answer.error.kind).toBe('profile-data');
    expectDiskFullText(answer.error, 'settings');
    await expectUnchanged();
    expect(value(await handlers.getSettings({}))).toMatchObject({ autoRefresh: false });
  });

  it('once space is freed, saving works again and nothing was lost', async () => {
    expect((await handlers.saveProfile(request('shop-uk'))).ok).toBe(false);
    expect((await handlers.saveSettings({ autoRefresh: true })).ok).toBe(false);
    await fs.rm(filler);

    const state = value(await handlers.saveProfile(request('shop-uk')));
    expect(storedNames(state)).toEqual(['shop-eu', 'shop-us', 'shop-jp', 'shop-uk']);
    expect(state.active).toBe('shop-uk');
    expect(value(await handlers.saveSettings({ autoRefresh: true }))).toMatchObject({ autoRefresh: true });
    for (const name of ['shop-eu', 'shop-us', 'shop-jp', 'shop-uk']) {
      expect(await secrets.get(name, 'app-secret')).toBe(secretOf(name, 'app'));
      expect(await secrets.get(name, 'access-token')).toBe(secretOf(name, 'access'));
    }
    expect((await fs.readdir(home)).sort()).toEqual(['profiles.json', 'settings.json']);
  });

  it('`widget-token profile set` exits 6 with one paragraph, and works once space is freed', async () => {
    const args = ['profile', 'set', 'shop-uk', '--base-url', BASE_URL, '--app-key', 'keyshopuk'];
    const env = { WIDGET_TOKEN_APP_SECRET: secretOf('shop-uk', 'app'), WIDGET_TOKEN_ACCESS_TOKEN: secretOf('shop-uk', 'access') };

    const full = await widgetToken(args, env);
    expect(full.code, full.stderr).toBe(6);
    expect(full.stdout).toBe('');
    expect(full.stderr).toBe(
      `Error: The profiles could not be saved in ${home}. The disk is full (or your disk quota is used up). Nothing was changed on disk. Free some space on the disk that holds ${home} and try again.\n`,
    );
    expect(full.stderr).not.toMatch(STACK_LINE);
    expect(full.stderr).not.toContain(secretOf('shop-uk', 'app'));
    await expectUnchanged();
    expect(await (await keychain()).findCredentials(SERVICE)).toEqual([]);
    const listed = await widgetToken(['profile', 'list', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { name: string }[]).map((p) => p.name)).not.toContain('shop-uk');

    await fs.rm(filler);
    const freed = await widgetToken(args, env);
    expect(freed.code, freed.stderr).toBe(0);
    expect(freed.stdout).toContain('Created profile "shop-uk"');
    const after = await widgetToken(['profile', 'list', '--json']);
    expect((JSON.parse(after.stdout) as { name: string }[]).map((p) => p.name)).toEqual(['sandbox', 'shop-eu', 'shop-us', 'shop-jp', 'shop-uk']);
    expect((await fs.readdir(home)).sort()).toEqual(['profiles.json', 'settings.json']);
  }, 30_000);

  it('`widget-token get --profile sandbox` still prints a token: the choice is for that call only, so nothing needs saving', async () => {
    const result = await widgetToken(['get', '--profile', 'sandbox']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim().split('.')).toHaveLength(3);
    expect(result.stderr).toBe('');
    expect(result.stderr).not.toMatch(STACK_LINE);
    await expectUnchanged();
  }, 30_000);
});
