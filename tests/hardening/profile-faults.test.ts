/**
 * The profiles file under stress. The desktop app (the handler table, in this process) and
 * four `widget-token profile set` processes save profiles into one data folder at the same
 * time, with their secrets in the real keychain: every profile and every secret survives,
 * and profiles.json is valid JSON at every instant a reader looks. A damaged profiles.json
 * is reported as 'profile-data' with its path, kept byte for byte whatever is asked, and
 * the built-in sandbox profile keeps working.
 *
 * A full disk is disk-full.test.ts: a real, tiny tmpfs filled to the last page.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProfilesState, SaveProfileRequest } from '../../preload/contract';
import { value } from '../support/bridge-result';
import { createBridgeHandlers } from '../../main/core/bridge-handlers';
import type { BridgeHandlerTable } from '../../main/core/bridge-handler-table';
import { createKeychainStore } from '../../main/core/keychain';
import { createSandboxLauncher } from '../../main/sandbox/sandbox-launcher';
import { buildCli, filesUnder, runCli, type BuiltCli } from './support/cli';
import { readJsonFileUntilStopped, type JsonFileReads } from '../support/json-file-reader';

const SERVICE = `widget-token-desk-profile-faults-${randomUUID()}`;
const secrets = createKeychainStore({ service: SERVICE });
const launcher = createSandboxLauncher();
const BASE_URL = 'https://open-api.tiktokglobalshop.com';
const CLI_WRITERS = 4;
const SAVES_PER_CLI_WRITER = 3;

let cli: BuiltCli;
let home: string;
let handlers: BridgeHandlerTable;

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

beforeAll(async () => {
  cli = await buildCli();
}, 60_000);

afterAll(async () => {
  await launcher.close();
  await cli?.remove();
  const keytar = await import('keytar');
  const api = 'default' in keytar && keytar.default ? keytar.default : keytar;
  for (const { account } of await api.findCredentials(SERVICE)) await api.deletePassword(SERVICE, account);
});

beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'wtd-profile-faults-'));
  handlers = createBridgeHandlers({ shell: 'electron', appVersion: '0.0.0-faults', dataDir: home, secrets, sandbox: launcher.launch });
});

afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

describe('the app and the CLI saving at the same moment', () => {
  it('keep every profile and every secret, and the file is valid JSON whenever it is read', async () => {
    const file = path.join(home, 'profiles.json');
    const reader = readJsonFileUntilStopped(file);
    let seen: JsonFileReads;

    const cliNames = Array.from({ length: CLI_WRITERS }, (_, w) => Array.from({ length: SAVES_PER_CLI_WRITER }, (_, i) => `cli-${w}-${i}`));
    const cliWriters = cliNames.map(async (names) => {
      for (const name of names) {
        const result = await runCli(cli, ['profile', 'set', name, '--base-url', BASE_URL, '--app-key', `key${name.replace(/\W/g, '')}`], {
          HOME: home,
          DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS ?? '',
          WIDGET_TOKEN_HOME: home,
          WIDGET_TOKEN_KEYCHAIN_SERVICE: SERVICE,
          WIDGET_TOKEN_APP_SECRET: secretOf(name, 'app'),
          WIDGET_TOKEN_ACCESS_TOKEN: secretOf(name, 'access'),
        });
        expect(result.code, result.stderr).toBe(0);
      }
    });
    let cliDone = false;
    const cliSettled = Promise.allSettled(cliWriters).then((results) => {
      cliDone = true;
      return results;
    });

    // The app keeps saving until every CLI process is through, so the two surely overlap.
    const appNames: string[] = [];
    try {
      while (!cliDone || appNames.length < 10) {
        const name = `app-${appNames.length}`;
        value(await handlers.saveProfile(request(name)));
        appNames.push(name);
      }
    } finally {
      // Even when the app's side failed, the CLI processes finish before the folder is removed.
      await cliSettled;
      seen = await reader.stop();
    }
    for (const outcome of await cliSettled) if (outcome.status === 'rejected') throw outcome.reason;

    const state: ProfilesState = value(await handlers.listProfiles({}));
    const expected = [...appNames, ...cliNames.flat()].sort();
    expect(state.profiles.filter((p) => !p.builtIn).map((p) => p.name).sort()).toEqual(expected);
    for (const profile of state.profiles) expect(profile).toMatchObject({ appSecretSet: true, accessTokenSet: true });
    for (const name of expected) {
      expect(await secrets.get(name, 'app-secret')).toBe(secretOf(name, 'app'));
      expect(await secrets.get(name, 'access-token')).toBe(secretOf(name, 'access'));
    }
    expect(seen.badReads).toEqual([]);
    expect(seen.reads).toBeGreaterThan(0);
    const files = await filesUnder(home);
    expect(Object.keys(files)).toEqual(['profiles.json']);
    for (const name of expected) expect(files['profiles.json']).not.toContain(secretOf(name, 'app'));
  }, 60_000);
});

describe('a damaged profiles.json', () => {
  const DAMAGED = '{\n  "version": 1,\n  "profiles": [\n    { "name": "shop-eu", "baseUrl": "https://open-api.tiktokglobalshop.com", }\n  ]\n}\n';

  it('is reported as profile data with its path and kept byte for byte, whatever is asked', async () => {
    const file = path.join(home, 'profiles.json');
    await fs.writeFile(file, DAMAGED);

    const listed = await handlers.listProfiles({});
    if (listed.ok) throw new Error('expected the damaged file to be reported');
    expect(listed.error.kind).toBe('profile-data');
    expect(listed.error.message).toBe(`The profiles file ${file} is damaged.`);
    expect(listed.error.explanation).toMatch(/not valid JSON .*line 4, column \d+/);
    expect(listed.error.resolution).toMatch(/corrupt/);

    const attempts = await Promise.all([
      handlers.saveProfile(request('new-shop')),
      handlers.selectProfile({ name: 'shop-eu' }),
      handlers.removeProfile({ name: 'shop-eu' }),
      handlers.getToken({}),
    ]);
    for (const attempt of attempts) {
      if (attempt.ok) throw new Error('expected every call that reads the profiles to fail');
      expect(attempt.error.kind).toBe('profile-data');
      expect(attempt.error.message).toContain(file);
    }
    expect(await secrets.get('new-shop', 'app-secret')).toBeNull();
    // The settings live in settings.json: the damaged profiles file does not take them down.
    expect(value(await handlers.getSettings({}))).toMatchObject({ autoRefresh: false });
    expect(await fs.readFile(file, 'utf8')).toBe(DAMAGED);
    expect(Object.keys(await filesUnder(home))).toEqual(['profiles.json']);
  });

  it('does not stop the built-in sandbox profile', async () => {
    await fs.writeFile(path.join(home, 'profiles.json'), DAMAGED);
    const token = value(await handlers.getToken({ profile: 'sandbox' }));
    expect(token).toMatchObject({ profile: 'sandbox', sandbox: true });
    expect(token.token.split('.')).toHaveLength(3);
    expect(await fs.readFile(path.join(home, 'profiles.json'), 'utf8')).toBe(DAMAGED);
  });

  it('makes the CLI exit 6 with the file named, and keeps it as it is', async () => {
    const file = path.join(home, 'profiles.json');
    await fs.writeFile(file, DAMAGED);
    const env = { HOME: home, DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS ?? '', WIDGET_TOKEN_HOME: home, WIDGET_TOKEN_KEYCHAIN_SERVICE: SERVICE };
    for (const args of [['profile', 'list'], ['get']]) {
      const result = await runCli(cli, args, env);
      expect(result.code, result.stderr).toBe(6);
      expect(result.stderr).toContain(file);
      expect(result.stdout).toBe('');
    }
    expect(await fs.readFile(file, 'utf8')).toBe(DAMAGED);
  });
});
