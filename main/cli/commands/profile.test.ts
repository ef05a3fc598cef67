/**
 * `widget-token profile set|list|use|remove|repair` through the built CLI, with the real keychain
 * (run inside a Secret Service session, see BUILD-NOTES) under this run's own service
 * name, and a data folder of each test's own.
 */
import { execFile, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { allFilesText, BUILT_CLI, cliEnv, clearKeychainService, requireBuiltCli, runCli, STACK_LINE, type CliRun } from '../../../tests/support/built-cli';
import { createKeychainStore } from '../../core/keychain';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_APP_KEY, SANDBOX_APP_SECRET } from '../../sandbox/demo-credentials';
import { startSandbox, type RunningSandbox } from '../../sandbox/sandbox-server';

const service = `widget-token-cli-profile-test-${randomUUID()}`;
const keychain = createKeychainStore({ service });
const NO_DBUS = 'unix:path=/nonexistent/widget-token-test-bus';
let home: string;
let sandbox: RunningSandbox;

const env = (extra: Record<string, string> = {}): Record<string, string> => ({ WIDGET_TOKEN_HOME: home, WIDGET_TOKEN_KEYCHAIN_SERVICE: service, ...extra });
const secretsEnv = { WIDGET_TOKEN_APP_SECRET: SANDBOX_APP_SECRET, WIDGET_TOKEN_ACCESS_TOKEN: SANDBOX_ACCESS_TOKEN };

function setShop(extraEnv: Record<string, string> = secretsEnv, name = 'shop-eu'): Promise<CliRun> {
  return runCli(['profile', 'set', name, '--base-url', sandbox.baseUrl, '--app-key', SANDBOX_APP_KEY], { env: env(extraEnv) });
}

function expectNoSecrets(...texts: string[]): void {
  for (const text of texts) {
    expect(text).not.toContain(SANDBOX_APP_SECRET);
    expect(text).not.toContain(SANDBOX_ACCESS_TOKEN);
  }
}

interface ListedProfile {
  name: string;
  active: boolean;
  builtIn: boolean;
  baseUrl: string | null;
  appKey: string;
  version: string | null;
  appSecretSet: boolean | null;
  accessTokenSet: boolean | null;
  note: string | null;
}

async function listJson(extraEnv: Record<string, string> = {}): Promise<ListedProfile[]> {
  const run = await runCli(['profile', 'list', '--json'], { env: env(extraEnv) });
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as ListedProfile[];
}

beforeAll(async () => {
  requireBuiltCli();
  sandbox = await startSandbox();
});

afterAll(async () => {
  await sandbox.close();
  await clearKeychainService(service);
});

beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'wtd-cli-profile-'));
});

afterEach(async () => {
  await rm(home, { recursive: true, force: true });
  await clearKeychainService(service);
});

describe('widget-token profile list', () => {
  it('says the sandbox takes a free port when it starts, since listing never starts it', async () => {
    const table = await runCli(['profile', 'list'], { env: env() });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^\*\s+sandbox \(built-in\)\s+offline sandbox on 127\.0\.0\.1, free port chosen when it starts\s+6sandbox0demo\s+set\s+set$/m);
    const listed = await listJson();
    // Data fields hold data: no address until the sandbox runs, the real demo key; the words go in note.
    expect(listed).toEqual([
      {
        name: 'sandbox',
        active: true,
        builtIn: true,
        baseUrl: null,
        appKey: SANDBOX_APP_KEY,
        version: null,
        appSecretSet: true,
        accessTokenSet: true,
        refreshTokenSet: false,
        serviceId: null,
        shopId: null,
        shopRegion: null,
        authorization: null,
        note: 'Offline sandbox on 127.0.0.1: it starts on a free port when a token is fetched, so baseUrl is null until then. Its tokens are not valid on TikTok Shop.',
      },
    ]);
  });
});

describe('widget-token profile set', () => {
  it('takes the authorization and shop options; with a service ID a new profile needs no access token yet', async () => {
    const args = ['profile', 'set', 'to-authorize', '--base-url', sandbox.baseUrl, '--app-key', SANDBOX_APP_KEY, '--service-id', '7312345678901234567', '--auth-region', 'us', '--shop-id', '7494035471245432833', '--shop-region', 'gb'];
    const run = await runCli(args, { env: env({ WIDGET_TOKEN_APP_SECRET: SANDBOX_APP_SECRET }) });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('service ID 7312345678901234567, authorization region us');
    expect(run.stdout).toContain('shop 7494035471245432833 (GB)');
    expect(run.stdout).toMatch(/Access token: not set\.\n\s+Refresh token: not set\./);
    expect(await keychain.get('to-authorize', 'access-token')).toBeNull();
    const stored = JSON.parse(await readFile(path.join(home, 'profiles.json'), 'utf8')) as { profiles: Record<string, unknown>[] };
    expect(stored.profiles[0]).toMatchObject({ serviceId: '7312345678901234567', authRegion: 'us', shopId: '7494035471245432833', shopRegion: 'GB' });

    const withoutServiceId = await runCli(['profile', 'set', 'no-sid', '--base-url', sandbox.baseUrl, '--app-key', SANDBOX_APP_KEY], { env: env({ WIDGET_TOKEN_APP_SECRET: SANDBOX_APP_SECRET }) });
    expect(withoutServiceId.code).toBe(2);
    expect(withoutServiceId.stderr).toContain('WIDGET_TOKEN_ACCESS_TOKEN');

    const cleared = await runCli(['profile', 'set', 'to-authorize', '--shop-id', '', '--shop-region', ''], { env: env() });
    expect(cleared.code).toBe(0);
    expect(cleared.stdout).not.toContain('shop ');
  });

  it('creates a profile from environment secrets, stores them in the keychain only, and makes it active', async () => {
    const run = await setShop();
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('Created profile "shop-eu"');
    expect(run.stdout).toContain('now the active profile');
    expect(await keychain.get('shop-eu', 'app-secret')).toBe(SANDBOX_APP_SECRET);
    expect(await keychain.get('shop-eu', 'access-token')).toBe(SANDBOX_ACCESS_TOKEN);

    const table = await runCli(['profile', 'list'], { env: env() });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^\*\s+shop-eu\s+http:\/\/127\.0\.0\.1:\d+\s+6sandbox0demo\s+set\s+set$/m);
    expect(table.stdout).toMatch(/^\s+sandbox \(built-in\)/m);
    const listed = await listJson();
    expect(listed.map((p) => [p.name, p.active, p.builtIn, p.appSecretSet, p.accessTokenSet])).toEqual([
      ['sandbox', false, true, true, true],
      ['shop-eu', true, false, true, true],
    ]);

    const got = await runCli(['get'], { env: env() });
    expect(got.code).toBe(0);
    expectNoSecrets(run.stdout, run.stderr, table.stdout, table.stderr, JSON.stringify(listed), got.stdout, got.stderr, await allFilesText(home));
  });

  it('updates a profile and keeps its stored secrets when no new ones are given', async () => {
    expect((await setShop()).code).toBe(0);
    const run = await runCli(['profile', 'set', 'SHOP-EU', '--version', '202401'], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Updated profile "shop-eu"');
    expect(run.stdout).toContain('App secret: kept in the keychain.');
    expect(run.stdout).toContain('Access token: kept in the keychain.');
    expect(await keychain.get('shop-eu', 'app-secret')).toBe(SANDBOX_APP_SECRET);
    const stored = JSON.parse(await readFile(path.join(home, 'profiles.json'), 'utf8')) as { profiles: unknown[] };
    expect(stored.profiles).toEqual([{ name: 'shop-eu', baseUrl: sandbox.baseUrl, appKey: SANDBOX_APP_KEY, version: '202401' }]);

    const replaced = await runCli(['profile', 'set', 'shop-eu'], { env: env({ WIDGET_TOKEN_ACCESS_TOKEN: 'replaced-token' }) });
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toContain('Access token: stored in the keychain (from WIDGET_TOKEN_ACCESS_TOKEN).');
    expect(replaced.stdout).not.toContain('replaced-token');
    expect(await keychain.get('shop-eu', 'access-token')).toBe('replaced-token');
    expect(await keychain.get('shop-eu', 'app-secret')).toBe(SANDBOX_APP_SECRET);
  });

  it('refuses a new profile without secrets when there is no terminal to ask (exit 2), saving nothing', async () => {
    const run = await runCli(['profile', 'set', 'no-secrets', '--base-url', sandbox.baseUrl, '--app-key', 'abc'], {
      env: env({ WIDGET_TOKEN_APP_SECRET: 'only-the-app-secret' }),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('WIDGET_TOKEN_ACCESS_TOKEN');
    expect(run.stderr).not.toContain('only-the-app-secret');
    await expect(stat(path.join(home, 'profiles.json'))).rejects.toThrow();
    expect(await keychain.get('no-secrets', 'app-secret')).toBeNull();
  });

  it.each([
    [['--app-secret', 'cli-secret-value']],
    [['--access-token=cli-secret-value']],
    [['--APP_SECRET=cli-secret-value']],
  ])('refuses a secret passed as an argument (%j): exit 2, the value repeated nowhere', async (secretArgs) => {
    const run = await runCli(['profile', 'set', 'shop-eu', '--base-url', sandbox.baseUrl, '--app-key', 'abc', ...secretArgs], { env: env(secretsEnv) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Secrets are never taken from command-line arguments');
    expect(run.stderr).toContain('shell history');
    expect(run.stderr).not.toContain('cli-secret-value');
    expect(run.stderr).not.toMatch(STACK_LINE);
    await expect(stat(path.join(home, 'profiles.json'))).rejects.toThrow();
  });

  it('explains a bad base URL (exit 2) before touching the keychain', async () => {
    const run = await runCli(['profile', 'set', 'plain-http', '--base-url', 'http://example.com', '--app-key', 'abc'], { env: env(secretsEnv) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^Error: /);
    expect(await keychain.get('plain-http', 'app-secret')).toBeNull();
  });

  it('will not overwrite the built-in sandbox profile (exit 2)', async () => {
    const run = await runCli(['profile', 'set', 'sandbox', '--base-url', sandbox.baseUrl, '--app-key', 'abc'], { env: env(secretsEnv) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('reserved');
  });
});

describe('widget-token profile remove', () => {
  it('removes the profile and both keychain entries; the sandbox becomes the active profile', async () => {
    expect((await setShop()).code).toBe(0);
    const run = await runCli(['profile', 'remove', 'shop-eu'], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Removed profile "shop-eu"');
    expect(await keychain.get('shop-eu', 'app-secret')).toBeNull();
    expect(await keychain.get('shop-eu', 'access-token')).toBeNull();
    const search = spawnSync('secret-tool', ['search', '--all', 'service', service], { encoding: 'utf8' });
    if (search.error === undefined) expect(`${search.stdout}${search.stderr}`).not.toContain('shop-eu');
    expect((await listJson()).map((p) => [p.name, p.active])).toEqual([['sandbox', true]]);
  });

  it('exits 2 for a profile that does not exist, and for the built-in sandbox', async () => {
    const missing = await runCli(['profile', 'remove', 'ghost'], { env: env() });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('There is no profile named "ghost"');
    const builtIn = await runCli(['profile', 'remove', 'sandbox'], { env: env() });
    expect(builtIn.code).toBe(2);
    expect(builtIn.stderr).toContain('cannot be removed');
  });
});

describe('without a keychain (no D-Bus session bus)', () => {
  const noKeychain = (): Record<string, string> => env({ DBUS_SESSION_BUS_ADDRESS: NO_DBUS });

  it('profile set exits 5 with the remedy and writes nothing', async () => {
    const run = await runCli(['profile', 'set', 'shop-eu', '--base-url', sandbox.baseUrl, '--app-key', SANDBOX_APP_KEY], {
      env: { ...noKeychain(), ...secretsEnv },
    });
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/^Error: The OS keychain is not available\./);
    expect(run.stderr).toContain('dbus-run-session');
    expect(run.stderr).not.toMatch(STACK_LINE);
    expectNoSecrets(run.stdout, run.stderr);
    await expect(stat(path.join(home, 'profiles.json'))).rejects.toThrow();
  });

  it('get with the sandbox still works, and profile list lists with a note on stderr', async () => {
    const got = await runCli(['get'], { env: noKeychain() });
    expect(got.code).toBe(0);
    expect(got.stdout).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);

    await writeFile(path.join(home, 'profiles.json'), JSON.stringify({ version: 1, active: null, profiles: [{ name: 'shop-eu', baseUrl: 'https://open-api.tiktokglobalshop.com', appKey: 'abc' }] }));
    const list = await runCli(['profile', 'list'], { env: noKeychain() });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^\s+shop-eu\s+https:\/\/open-api\.tiktokglobalshop\.com\s+abc\s+unknown\s+unknown$/m);
    expect(list.stderr.match(/keychain is not available/gi)).toHaveLength(1);
    expect(list.stderr).toContain('dbus-run-session');
    const json = await listJson({ DBUS_SESSION_BUS_ADDRESS: NO_DBUS });
    expect(json.find((p) => p.name === 'shop-eu')).toMatchObject({ appSecretSet: null, accessTokenSet: null });
  });
});

describe('with a damaged profiles file', () => {
  const damaged = '{"version": 1, "profiles": [ {"name": "half-writ';

  it.each([
    [['profile', 'list']],
    [['profile', 'set', 'shop-eu', '--base-url', 'https://open-api.tiktokglobalshop.com', '--app-key', 'abc']],
    [['profile', 'remove', 'shop-eu']],
    [['get']],
  ])('%j exits 6, says where the file is and keeps it byte for byte', async (args) => {
    const file = path.join(home, 'profiles.json');
    await writeFile(file, damaged);
    const run = await runCli(args, { env: env(secretsEnv) });
    expect(run.code).toBe(6);
    expect(run.stderr).toContain(`The profiles file ${file} is damaged.`);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.stdout).toBe('');
    expect(await readFile(file, 'utf8')).toBe(damaged);
  });
});

describe('with a damaged profiles file, the sandbox', () => {
  it('still gives a token with --profile sandbox, and keeps the file as it is', async () => {
    const damaged = '{"version": 1, "profiles": [';
    const file = path.join(home, 'profiles.json');
    await writeFile(file, damaged);
    const run = await runCli(['get', '--profile', 'sandbox'], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('.')).toHaveLength(3);
    expect(run.stderr).toBe('');
    expect(await readFile(file, 'utf8')).toBe(damaged);
  });
});

describe('widget-token profile repair', () => {
  const damaged = '{"version": 1, "profiles": [ {"name": "half-writ';

  it('moves a damaged file aside, names the new path on stdout, and leaves the keychain alone', async () => {
    expect((await setShop()).code).toBe(0);
    const file = path.join(home, 'profiles.json');
    await writeFile(file, damaged);
    const before = await runCli(['profile', 'list'], { env: env() });
    expect(before.code).toBe(6);
    expect(before.stderr).toContain('run `widget-token profile repair`');

    const run = await runCli(['profile', 'repair'], { env: env() });
    expect(run.code).toBe(0);
    const moved = /^Moved the damaged profiles file to (.+)\n$/.exec(run.stdout)?.[1] ?? '';
    expect(moved).toBe(path.join(home, path.basename(moved)));
    expect(path.basename(moved)).toMatch(/^profiles\.json\.corrupt-\d{4}-\d\d-\d\dT[\d-]+Z$/);
    expect(await readFile(moved, 'utf8')).toBe(damaged);
    await expect(stat(file)).rejects.toThrow();
    expect(run.stderr).toContain('Create them again with `widget-token profile set');
    expect(run.stderr).toContain('the keychain was not touched');
    expect(run.stderr).not.toMatch(STACK_LINE);

    expect((await listJson()).map((p) => [p.name, p.active])).toEqual([['sandbox', true]]);
    expect(await keychain.get('shop-eu', 'app-secret')).toBe(SANDBOX_APP_SECRET);
    expect(await keychain.get('shop-eu', 'access-token')).toBe(SANDBOX_ACCESS_TOKEN);
  });

  it('works without a keychain: only the file moves', async () => {
    await writeFile(path.join(home, 'profiles.json'), damaged);
    const run = await runCli(['profile', 'repair'], { env: env({ DBUS_SESSION_BUS_ADDRESS: NO_DBUS }) });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Moved the damaged profiles file to .+\.corrupt-[\dTZ-]+\n$/);
  });

  it('says there is nothing to repair (exit 0) for a valid file or none, and changes nothing', async () => {
    const absent = await runCli(['profile', 'repair'], { env: env() });
    expect(absent.code).toBe(0);
    expect(absent.stdout).toBe(`Nothing to repair: there is no profiles file (${path.join(home, 'profiles.json')}).\n`);
    expect(await readdir(home)).toEqual([]);

    expect((await setShop()).code).toBe(0);
    const file = path.join(home, 'profiles.json');
    const valid = await readFile(file, 'utf8');
    const fine = await runCli(['profile', 'repair'], { env: env() });
    expect(fine.code).toBe(0);
    expect(fine.stdout).toBe(`Nothing to repair: ${file} reads fine.\n`);
    expect(await readdir(home)).toEqual(['profiles.json']);
    expect(await readFile(file, 'utf8')).toBe(valid);
  });

  it('refuses a file written by a newer version (exit 6) and keeps it', async () => {
    const newer = JSON.stringify({ version: 2, active: null, profiles: [] });
    await writeFile(path.join(home, 'profiles.json'), newer);
    const run = await runCli(['profile', 'repair'], { env: env() });
    expect(run.code).toBe(6);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('was written by a newer Widget Token Desk');
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(await readdir(home)).toEqual(['profiles.json']);
    expect(await readFile(path.join(home, 'profiles.json'), 'utf8')).toBe(newer);
  });
});

describe('the hidden prompt in a terminal', () => {
  const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
  if (!hasScript) console.log('Skipping the hidden-prompt test: util-linux `script` (which gives it a terminal) is not installed.');

  /**
   * Runs `profile set` on a pseudo-terminal (util-linux `script`) and types each answer
   * once its prompt has appeared: typed earlier, the terminal itself would echo it.
   */
  function typeAtPrompts(args: readonly string[], answers: readonly string[]): Promise<{ transcript: string; code: number | null }> {
    const command = ['node', BUILT_CLI, ...args].map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
    const child = execFile('script', ['-q', '-e', '-c', command, '/dev/null'], { env: cliEnv(env()) });
    let transcript = '';
    let answered = 0;
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      transcript += chunk;
      const prompts = transcript.match(/\(input hidden[^)]*\): /g)?.length ?? 0;
      while (answered < prompts && answered < answers.length) child.stdin?.write(`${answers[answered++] ?? ''}\r`);
    });
    // A prompt left waiting for an answer that never comes ends the run, with what it showed so far.
    const stuck = setTimeout(() => child.kill('SIGKILL'), 10_000);
    return new Promise((resolve) =>
      child.on('close', (code) => {
        clearTimeout(stuck);
        resolve({ transcript, code });
      }),
    );
  }

  it.skipIf(!hasScript)('asks for both secrets without echoing them and stores them', async () => {
    const { transcript, code } = await typeAtPrompts(['profile', 'set', 'typed', '--base-url', sandbox.baseUrl, '--app-key', SANDBOX_APP_KEY], [SANDBOX_APP_SECRET, SANDBOX_ACCESS_TOKEN]);
    expect(code).toBe(0);
    expect(transcript).toContain('App secret for "typed" (input hidden): ');
    expect(transcript).toContain('Access token for "typed" (input hidden): ');
    expect(transcript).toContain('stored in the keychain (from the prompt)');
    expectNoSecrets(transcript);
    expect(await keychain.get('typed', 'app-secret')).toBe(SANDBOX_APP_SECRET);
    expect(await keychain.get('typed', 'access-token')).toBe(SANDBOX_ACCESS_TOKEN);
  });

  it.skipIf(!hasScript)('echoes nothing when both secrets are pasted at once at the first prompt, and the second answers the second question', async () => {
    // One write, as a paste arrives: the app secret, Enter, the access token, Enter.
    const { transcript, code } = await typeAtPrompts(['profile', 'set', 'pasted', '--base-url', sandbox.baseUrl, '--app-key', SANDBOX_APP_KEY], [`${SANDBOX_APP_SECRET}\r${SANDBOX_ACCESS_TOKEN}`]);
    expect(code, transcript).toBe(0);
    expectNoSecrets(transcript);
    expect(transcript).toContain('Access token for "pasted" (input hidden): ');
    expect(await keychain.get('pasted', 'app-secret')).toBe(SANDBOX_APP_SECRET);
    expect(await keychain.get('pasted', 'access-token')).toBe(SANDBOX_ACCESS_TOKEN);
  });

  it.skipIf(!hasScript)('on an update, Enter keeps a stored secret', async () => {
    expect((await setShop(secretsEnv, 'typed')).code).toBe(0);
    const { transcript, code } = await typeAtPrompts(['profile', 'set', 'typed'], ['', 'new-access-token']);
    expect(code).toBe(0);
    expect(transcript).toContain('Enter keeps the stored one');
    expect(transcript).not.toContain('new-access-token');
    expect(await keychain.get('typed', 'app-secret')).toBe(SANDBOX_APP_SECRET);
    expect(await keychain.get('typed', 'access-token')).toBe('new-access-token');
  });
});
