/**
 * The keychain going away mid-session and coming back. A private D-Bus session and
 * gnome-keyring are started here and taken down in steps; the `widget-token` CLI runs in
 * child processes, because libsecret binds the bus address at first use in a process.
 * While the keyring is gone, locked, or without its bus: profiles still list (with a
 * note), `get` exits 5 with the Linux remedy, no secret lands in any file, and
 * profiles.json stays byte for byte as it was. When the keyring comes back with the same
 * data and password, `get` works again with the very same secrets: nothing was lost.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_APP_KEY, SANDBOX_APP_SECRET } from '../../main/sandbox/demo-credentials';
import { startSandbox, type RunningSandbox } from '../../main/sandbox/sandbox-server';
import { buildCli, filesUnder, runCli, type BuiltCli, type CliRun } from './support/cli';
import { missingKeyringTools, PrivateKeyring } from './support/private-keyring';

const run = promisify(execFile);
const missing = await missingKeyringTools();
if (missing.length > 0) console.log(`keychain fault tests skipped: ${missing.join(', ')} not installed (Debian/Ubuntu: apt-get install dbus gnome-keyring)`);

const PASSWORD = 'first-login-password';
const SERVICE = `widget-token-desk-faults-${randomUUID()}`;
/** A secret offered while the keychain cannot take it: it must end up nowhere. */
const REFUSED_SECRET = `refused-${randomUUID()}`;
const KEPT_SECRETS = [SANDBOX_APP_SECRET, SANDBOX_ACCESS_TOKEN, REFUSED_SECRET];

let root: string;
let home: string;
let keyring: PrivateKeyring;
let cli: BuiltCli;
let sandbox: RunningSandbox;
let savedProfiles: string;

/** The CLI as a user runs it, on the private session as it is at this moment. */
function widgetToken(args: readonly string[], secrets: Readonly<Record<string, string>> = {}): Promise<CliRun> {
  return runCli(cli, args, {
    HOME: path.join(root, 'user'),
    DBUS_SESSION_BUS_ADDRESS: keyring.busAddress,
    WIDGET_TOKEN_HOME: home,
    WIDGET_TOKEN_KEYCHAIN_SERVICE: SERVICE,
    ...secrets,
  });
}

/** What the Secret Service itself holds for a profile's secret, read with its own tool. */
async function keyringHolds(account: string): Promise<string> {
  const { stdout } = await run('secret-tool', ['lookup', 'service', SERVICE, 'account', account], {
    env: { PATH: process.env.PATH ?? '', DBUS_SESSION_BUS_ADDRESS: keyring.busAddress },
  });
  return stdout;
}

async function expectNothingWritten(): Promise<void> {
  expect(await fs.readFile(path.join(home, 'profiles.json'), 'utf8')).toBe(savedProfiles);
  const files = await filesUnder(home);
  expect(Object.keys(files)).toEqual(['profiles.json']);
  for (const text of Object.values(files)) for (const secret of KEPT_SECRETS) expect(text).not.toContain(secret);
}

function listed(result: CliRun): { name: string; appSecretSet: boolean | null; accessTokenSet: boolean | null }[] {
  return JSON.parse(result.stdout) as { name: string; appSecretSet: boolean | null; accessTokenSet: boolean | null }[];
}

describe.skipIf(missing.length > 0)('the keychain going away and coming back', () => {
  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'wtd-keychain-faults-'));
    home = path.join(root, 'widget-token-home');
    await fs.mkdir(path.join(root, 'user'));
    keyring = new PrivateKeyring(root);
    const [built, running] = await Promise.all([buildCli(), startSandbox(), keyring.startBus().then(() => keyring.startKeyring(PASSWORD))]);
    cli = built;
    sandbox = running;
  }, 60_000);

  afterAll(async () => {
    await keyring?.close();
    await sandbox?.close();
    await cli?.remove();
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it('saves a profile with its secrets in the keyring, and gets a token with them', async () => {
    const set = await widgetToken(['profile', 'set', 'shop', '--base-url', sandbox.baseUrl, '--app-key', SANDBOX_APP_KEY], {
      WIDGET_TOKEN_APP_SECRET: SANDBOX_APP_SECRET,
      WIDGET_TOKEN_ACCESS_TOKEN: SANDBOX_ACCESS_TOKEN,
    });
    expect(set).toMatchObject({ code: 0, stderr: '' });
    const got = await widgetToken(['get', '--profile', 'shop', '--json']);
    expect(got.code, got.stderr).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({ profile: 'shop', token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/) });
    expect(await keyringHolds('shop:app-secret')).toBe(SANDBOX_APP_SECRET);
    savedProfiles = await fs.readFile(path.join(home, 'profiles.json'), 'utf8');
    await expectNothingWritten();
  });

  it('keyring gone: profiles still list with a note, get exits 5 with the Linux remedy, nothing is written', async () => {
    await keyring.stopKeyring();

    const list = await widgetToken(['profile', 'list', '--json']);
    expect(list.code).toBe(0);
    expect(listed(list).find((profile) => profile.name === 'shop')).toEqual(expect.objectContaining({ appSecretSet: null, accessTokenSet: null }));
    expect(list.stderr).toContain('Note: The OS keychain is not available.');
    expect(list.stderr).toContain('No Secret Service is running');

    const got = await widgetToken(['get', '--profile', 'shop']);
    expect(got.code, got.stderr).toBe(5);
    expect(got.stdout).toBe('');
    expect(got.stderr).toContain('The OS keychain is not available.');
    expect(got.stderr).toContain('No Secret Service is running');
    expect(got.stderr).toContain('apt install gnome-keyring libsecret-1-0');
    expect(got.stderr).not.toMatch(/\n\s+at /);

    const set = await widgetToken(['profile', 'set', 'shop'], { WIDGET_TOKEN_APP_SECRET: REFUSED_SECRET });
    expect(set.code, set.stderr).toBe(5);
    expect(set.stderr).not.toContain(REFUSED_SECRET);
    await expectNothingWritten();
  });

  it('bus gone too: get exits 5 and says there is no D-Bus session, with the remedy', async () => {
    await keyring.stopBus();
    const got = await widgetToken(['get', '--profile', 'shop']);
    expect(got.code, got.stderr).toBe(5);
    expect(got.stderr).toContain('There is no D-Bus session bus');
    expect(got.stderr).toContain('dbus-run-session');
    const list = await widgetToken(['profile', 'list', '--json']);
    expect(list.code).toBe(0);
    expect(listed(list).map((profile) => profile.name)).toEqual(['sandbox', 'shop']);
    await expectNothingWritten();
  });

  it('both back, same keyring data and password: get works again with the very same secrets', async () => {
    await keyring.startBus();
    await keyring.startKeyring(PASSWORD);
    const got = await widgetToken(['get', '--profile', 'shop', '--json']);
    expect(got.code, got.stderr).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({ profile: 'shop' });
    const list = await widgetToken(['profile', 'list', '--json']);
    expect(list.stderr).toBe('');
    expect(listed(list).find((profile) => profile.name === 'shop')).toEqual(expect.objectContaining({ appSecretSet: true, accessTokenSet: true }));
    expect(await keyringHolds('shop:app-secret')).toBe(SANDBOX_APP_SECRET);
    expect(await keyringHolds('shop:access-token')).toBe(SANDBOX_ACCESS_TOKEN);
    await expectNothingWritten();
  });

  it('locked (restarted with another password): writes and get exit 5 with the unlock remedy', async () => {
    await keyring.stopKeyring();
    await keyring.startKeyring('not-the-login-password');

    const set = await widgetToken(['profile', 'set', 'shop'], { WIDGET_TOKEN_APP_SECRET: REFUSED_SECRET });
    expect(set.code, set.stderr).toBe(5);
    expect(set.stderr).toContain('The keyring is locked');
    expect(set.stderr).toContain('Unlock the login keyring');
    expect(set.stderr).not.toContain(REFUSED_SECRET);

    const got = await widgetToken(['get', '--profile', 'shop']);
    expect(got.code, got.stderr).toBe(5);
    expect(got.stderr).toContain('The keyring is locked');
    expect(got.stderr).toContain('Unlock the login keyring');

    const list = await widgetToken(['profile', 'list', '--json']);
    expect(list.code).toBe(0);
    expect(list.stderr).toContain('The keyring is locked');
    await expectNothingWritten();
  });

  it('unlocked again: the secrets are the ones saved at the start', async () => {
    await keyring.stopKeyring();
    await keyring.startKeyring(PASSWORD);
    const got = await widgetToken(['get', '--profile', 'shop', '--json']);
    expect(got.code, got.stderr).toBe(0);
    expect(await keyringHolds('shop:app-secret')).toBe(SANDBOX_APP_SECRET);
    await expectNothingWritten();
  });
});
