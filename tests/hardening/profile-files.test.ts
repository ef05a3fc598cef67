/**
 * The data folder and profiles.json against a hostile or careless machine: a damaged file
 * that holds a secret is located, never quoted; a world-writable umask still gives a
 * private folder and private files, and a folder others can write to is refused; a FIFO,
 * a link to a device or a huge file is refused at once; a big file is read in linear time.
 * The CLI runs as a child process, built from these sources.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CorruptProfilesError, PROFILES_FILE_MAX_BYTES, ProfileStore } from '../../main/core/profile-store';
import { ProfileDataError } from '../../main/core/errors';
import { withFileLock } from '../../main/core/file-lock';
import { buildCli, type BuiltCli, type CliRun } from './support/cli';

const SECRET = 'sk_live_7Qm2ZpX9hTfR4wLc';

let cli: BuiltCli;
let root: string;
let home: string;

beforeAll(async () => {
  cli = await buildCli();
}, 60_000);

afterAll(async () => {
  await cli?.remove();
});

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'wtd-files-'));
  home = path.join(root, 'home');
  await fs.mkdir(home, { mode: 0o700 });
});

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

/** The CLI under `umask` (default 022), with its own data folder and no keychain needed unless given. */
function runUnderUmask(args: readonly string[], options: { umask?: string; home?: string; env?: Record<string, string> } = {}): Promise<CliRun & { ms: number }> {
  const started = Date.now();
  const command = `umask ${options.umask ?? '022'}; exec "$0" "$@"`;
  return new Promise((resolve, reject) => {
    execFile(
      '/bin/sh',
      ['-c', command, process.execPath, cli.path, ...args],
      {
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: root,
          DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS ?? '',
          WIDGET_TOKEN_HOME: options.home ?? home,
          WIDGET_TOKEN_KEYCHAIN_SERVICE: `widget-token-desk-files-${process.pid}`,
          ...options.env,
        },
        timeout: 15_000,
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(new Error(`widget-token ${args.join(' ')} did not finish: ${String(error.signal ?? error.message)}; stderr: ${stderr}`));
          return;
        }
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr, ms: Date.now() - started });
      },
    );
  });
}

const mode = async (file: string) => (await fs.stat(file)).mode & 0o777;

describe('a damaged profiles file holding a secret', () => {
  const breaks: readonly (readonly [string, string])[] = [
    ['an unquoted value', `{"version":1,"profiles":[{"name":"a","baseUrl":${SECRET}}]}`],
    ['a quote missing after the value', `{"version":1,"note":"${SECRET} }`],
    ['garbage after the JSON', `{"version":1}\n${SECRET}`],
    ['a single-quoted string', `{"version":1,"profiles":['${SECRET}']}`],
    ['a control character in a string', `{"version":1,"x":"${SECRET}\u0007"}`],
    ['a bad escape', `{"version":1,"x":"${SECRET}\\q"}`],
    ['an unknown word', `{"version":1,"active":${SECRET}x}`],
    ['a key that is not quoted', `{\n  "version": 1,\n  ${SECRET}: 1\n}`],
  ];

  it.each(breaks)('with %s is located by line and column, never quoted', async (_, text) => {
    await fs.writeFile(path.join(home, 'profiles.json'), text);
    const error = await new ProfileStore({ dir: home }).read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptProfilesError);
    const { message, explanation, resolution } = error as CorruptProfilesError;
    const said = `${message}\n${explanation}\n${resolution}`;
    expect(explanation).toMatch(/not valid JSON \(it breaks at line \d+, column \d+\)/);
    // Not the secret, nor any 4 characters of it.
    for (let i = 0; i + 4 <= SECRET.length; i += 1) expect(said).not.toContain(SECRET.slice(i, i + 4));

    const run = await runUnderUmask(['profile', 'list']);
    expect(run.code).toBe(6);
    expect(run.stderr).toMatch(/breaks at line \d+, column \d+/);
    for (let i = 0; i + 4 <= SECRET.length; i += 1) expect(`${run.stdout}${run.stderr}`).not.toContain(SECRET.slice(i, i + 4));
  });

  it.each([
    ['the name', { name: `${SECRET}!`, baseUrl: 'https://open-api.tiktokglobalshop.com', appKey: 'k' }, 'profiles[0].name: the profile name is not valid'],
    ['the base URL', { name: 'a', baseUrl: `http://${SECRET}.example.com`, appKey: 'k' }, 'profiles[0].baseUrl: the base URL is not valid'],
    ['a key of its own', { name: 'a', baseUrl: 'https://open-api.tiktokglobalshop.com', appKey: 'k', [SECRET]: 1 }, 'profiles[0]: a field the format does not have'],
  ])('pasted into %s of valid JSON is named by its place, never quoted', async (_, profile, place) => {
    await fs.writeFile(path.join(home, 'profiles.json'), JSON.stringify({ version: 1, profiles: [profile] }));
    const error = await new ProfileStore({ dir: home }).read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptProfilesError);
    const { message, explanation, resolution } = error as CorruptProfilesError;
    expect(explanation).toContain(place);
    for (let i = 0; i + 4 <= SECRET.length; i += 1) expect(`${message}\n${explanation}\n${resolution}`).not.toContain(SECRET.slice(i, i + 4));
  });

  it('names the right line and column', async () => {
    await fs.writeFile(path.join(home, 'profiles.json'), `{\n  "version": 1,\n  "active": ${SECRET}\n}`);
    const error = (await new ProfileStore({ dir: home }).read().catch((e: unknown) => e)) as CorruptProfilesError;
    expect(error.explanation).toContain('line 3, column 13');
  });
});

describe('permissions under umask 000', () => {
  it('gives the data folder, the parents the app creates and profiles.json private modes', async () => {
    const nested = path.join(root, 'made', 'by', 'app');
    const run = await runUnderUmask(['profile', 'set', 'shop', '--base-url', 'https://open-api.tiktokglobalshop.com', '--app-key', 'key1'], {
      umask: '000',
      home: nested,
      env: { WIDGET_TOKEN_APP_SECRET: 'app-secret-value', WIDGET_TOKEN_ACCESS_TOKEN: 'access-token-value' },
    });
    expect(run.code, run.stderr).toBe(0);
    for (const dir of [path.join(root, 'made'), path.join(root, 'made', 'by'), nested]) expect((await mode(dir)).toString(8)).toBe('700');
    expect((await mode(path.join(nested, 'profiles.json'))).toString(8)).toBe('600');
    expect(await fs.readdir(nested)).toEqual(['profiles.json']);
  });

  it('creates the lock file 0600', async () => {
    const previous = process.umask(0);
    try {
      const lock = path.join(home, 'profiles.json.lock');
      const seen = await withFileLock(lock, () => mode(lock));
      expect(seen.toString(8)).toBe('600');
    } finally {
      process.umask(previous);
    }
  });

  it.each([
    ['every user', 0o777],
    ['the group', 0o770],
  ])('refuses a data folder that %s can write to, with the remedy, and writes nothing', async (_, unsafe) => {
    await fs.chmod(home, unsafe);
    for (const args of [['profile', 'list'], ['profile', 'set', 'shop', '--base-url', 'https://example.com', '--app-key', 'k']]) {
      const run = await runUnderUmask(args, { env: { WIDGET_TOKEN_APP_SECRET: 'a', WIDGET_TOKEN_ACCESS_TOKEN: 'b' } });
      expect(run.code, run.stderr).toBe(6);
      expect(run.stderr).toContain(`chmod 700 "${home}"`);
      expect(run.stderr).toContain('can be changed by other users');
    }
    expect(await fs.readdir(home)).toEqual([]);
    expect(await mode(home)).toBe(unsafe);
  });

  it('refuses a data folder that belongs to another user', async (context) => {
    if (process.getuid?.() !== 0) {
      console.log('skipped: only root can give a folder to another user here');
      context.skip();
    }
    const nobody = 65534;
    await fs.chown(home, nobody, nobody);
    const run = await runUnderUmask(['profile', 'list']);
    expect(run.code, run.stderr).toBe(6);
    expect(run.stderr).toContain(`belongs to another user (uid ${nobody})`);
    expect(run.stderr).toContain(`sudo chown -R "$USER" "${home}"`);
  });

  it('refuses a profiles file others can write to', async () => {
    const file = path.join(home, 'profiles.json');
    await fs.writeFile(file, '{"version":1}');
    await fs.chmod(file, 0o666);
    const error = await new ProfileStore({ dir: home }).read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProfileDataError);
    expect((error as ProfileDataError).resolution).toBe(`Make it private: chmod 600 "${file}"`);
  });
});

describe('odd kinds of profiles file', () => {
  it('a FIFO makes every command exit 6 at once instead of hanging', async () => {
    await new Promise<void>((resolve, reject) => execFile('mkfifo', [path.join(home, 'profiles.json')], (error) => (error ? reject(error) : resolve())));
    for (const args of [['profile', 'list'], ['get'], ['profile', 'set', 'shop', '--base-url', 'https://example.com', '--app-key', 'k']]) {
      const run = await runUnderUmask(args, { env: { WIDGET_TOKEN_APP_SECRET: 'a', WIDGET_TOKEN_ACCESS_TOKEN: 'b' } });
      expect(run.code, run.stderr).toBe(6);
      expect(run.stderr).toContain('a FIFO (named pipe), not a regular file');
      expect(run.ms).toBeLessThan(10_000);
    }
  });

  it('a link to /dev/zero makes the CLI exit 6 without reading it', async () => {
    await fs.symlink('/dev/zero', path.join(home, 'profiles.json'));
    const run = await runUnderUmask(['profile', 'list']);
    expect(run.code, run.stderr).toBe(6);
    expect(run.stderr).toContain('a device, not a regular file');
  });

  it('a file over the size limit is refused unread, and can be moved aside', async () => {
    const file = path.join(home, 'profiles.json');
    await fs.writeFile(file, `{"version":1,"x":"${'a'.repeat(PROFILES_FILE_MAX_BYTES)}"}`);
    const run = await runUnderUmask(['profile', 'list']);
    expect(run.code, run.stderr).toBe(6);
    expect(run.stderr).toContain('larger than 4 MiB');
    const repaired = await runUnderUmask(['profile', 'repair']);
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(await fs.readdir(home)).toEqual([expect.stringMatching(/^profiles\.json\.corrupt-/)]);
  });

  it('a link to a regular file is read', async () => {
    const target = path.join(root, 'elsewhere.json');
    await fs.writeFile(target, JSON.stringify({ version: 1, profiles: [{ name: 'linked', baseUrl: 'https://example.com', appKey: 'k' }] }));
    await fs.symlink(target, path.join(home, 'profiles.json'));
    expect((await new ProfileStore({ dir: home }).list()).map((p) => p.name)).toEqual(['linked']);
  });
});

describe('a big profiles file', () => {
  it('with 16,000 profiles is read in linear time, and a duplicate among them is still found', async () => {
    const profiles = Array.from({ length: 16_000 }, (_, i) => ({ name: `shop ${i}`, baseUrl: 'https://open-api.tiktokglobalshop.com', appKey: `key${i}` }));
    const file = path.join(home, 'profiles.json');
    await fs.writeFile(file, JSON.stringify({ version: 1, active: null, profiles }));
    const store = new ProfileStore({ dir: home });
    const started = Date.now();
    expect(await store.list()).toHaveLength(16_000);
    // The quadratic check took 11 s here; the linear one well under a second. Generous for a loaded machine.
    expect(Date.now() - started).toBeLessThan(4_000);

    await fs.writeFile(file, JSON.stringify({ version: 1, active: null, profiles: [...profiles, { ...profiles[7], name: 'SHOP 7' }] }));
    const error = await store.read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptProfilesError);
    expect((error as CorruptProfilesError).explanation).toContain('profiles[16000].name: a second profile with the name of profiles[7]');
  });
});
