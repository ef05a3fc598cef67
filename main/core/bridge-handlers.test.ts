import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProfilesState, SaveProfileRequest } from '../../preload/contract';
import { value } from '../../tests/support/bridge-result';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_APP_KEY, SANDBOX_APP_SECRET } from '../sandbox/demo-credentials';
import { startSandbox, type RunningSandbox } from '../sandbox/sandbox-server';
import { createSandboxLauncher } from '../sandbox/sandbox-launcher';
import { createBridgeHandlers } from './bridge-handlers';
import type { BridgeHandlerTable } from './bridge-handler-table';
import { KeychainUnavailableError } from './errors';
import { createKeychainStore } from './keychain';
import type { SecretStore } from './secret-store';

const service = `widget-token-desk-test-${randomUUID()}`;
const secrets = createKeychainStore({ service });
const launcher = createSandboxLauncher();
let server: RunningSandbox;
let home: string;
let handlers: BridgeHandlerTable;

function profileRequest(overrides: Partial<SaveProfileRequest> = {}): SaveProfileRequest {
  return {
    name: 'shop-eu',
    baseUrl: server.baseUrl,
    appKey: SANDBOX_APP_KEY,
    appSecret: { action: 'replace', value: SANDBOX_APP_SECRET },
    accessToken: { action: 'replace', value: SANDBOX_ACCESS_TOKEN },
    ...overrides,
  };
}

async function filesText(dir: string): Promise<string> {
  const names = await readdir(dir, { recursive: true });
  const texts = await Promise.all(names.map((name) => readFile(path.join(dir, name), 'utf8').catch(() => '')));
  return texts.join('\n');
}

beforeAll(async () => {
  server = await startSandbox();
});

afterAll(async () => {
  await server.close();
  await launcher.close();
});

beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'wtd-handlers-'));
  handlers = createBridgeHandlers({ shell: 'preview', appVersion: '0.0.0-test', dataDir: home, secrets, sandbox: launcher.launch });
});

afterEach(async () => {
  for (const name of ['shop-eu', 'shop-us', 'renamed']) {
    await secrets.delete(name, 'app-secret');
    await secrets.delete(name, 'access-token');
  }
  await rm(home, { recursive: true, force: true });
});

describe('bridge handlers on a fresh install', () => {
  it('offers the sandbox profile, active, with nothing to set up', async () => {
    const state = value(await handlers.listProfiles({}));
    expect(state.active).toBe('sandbox');
    expect(state.profiles).toEqual([expect.objectContaining({ name: 'sandbox', builtIn: true, appSecretSet: true, accessTokenSet: true })]);
    expect(state.keychain.available).toBe(true);
  });

  it('lists the sandbox as not started until its first token, then at the address that token came from', async () => {
    const own = createSandboxLauncher();
    try {
      const fresh = createBridgeHandlers({ shell: 'preview', appVersion: '0.0.0-test', dataDir: home, secrets, sandbox: own.launch });
      const listedSandbox = async () => value(await fresh.listProfiles({})).profiles.find((p) => p.name === 'sandbox')?.baseUrl;
      expect(await listedSandbox()).toBe('offline sandbox on 127.0.0.1, free port chosen when it starts');

      const token = value(await fresh.getToken({}));
      expect(token.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(token.curl).toContain(`'${token.baseUrl}/authorization/`);
      expect(await listedSandbox()).toBe(token.baseUrl);
      expect(value(await fresh.selectProfile({ name: 'sandbox' })).profiles[0]?.baseUrl).toBe(token.baseUrl);
    } finally {
      await own.close();
    }
  });

  it('gets a sandbox token whose claims keep every digit and whose expiry is five minutes out', async () => {
    const before = Date.now();
    const token = value(await handlers.getToken({}));
    expect(token.sandbox).toBe(true);
    expect(token.profile).toBe('sandbox');
    expect(token.token.split('.')).toHaveLength(3);
    const lifetime = (token.effectiveExpiryMs ?? 0) - before;
    expect(lifetime).toBeGreaterThan(290_000);
    expect(lifetime).toBeLessThanOrEqual(301_000);
    expect(token.curl).toContain('x-tts-access-token: ****');
    expect(token.curl).not.toContain(SANDBOX_ACCESS_TOKEN);
    expect(token.stringToSign).not.toContain(SANDBOX_APP_SECRET);

    const decoded = value(await handlers.decodeToken({ token: token.token }));
    if (!decoded.ok) throw new Error(decoded.problem);
    const userId = decoded.claimRows.find((row) => row.name === 'UserID');
    expect(userId?.valueText).toBe('7493990753256900486');
  });

  it("tells the sandbox's own tokens by their signature, answering only a verdict (the key stays in main)", async () => {
    const token = value(await handlers.getToken({ profile: 'sandbox' }));
    expect(token.appKey).toBe(SANDBOX_APP_KEY);
    expect(value(await handlers.checkSandboxSignature({ token: token.token }))).toEqual({ verdict: 'valid' });
    const [header, payload] = token.token.split('.');
    expect(value(await handlers.checkSandboxSignature({ token: `${header}.${payload}.AAAA` }))).toEqual({ verdict: 'invalid' });
    expect(value(await handlers.checkSandboxSignature({ token: 'x.y.z' }))).toEqual({ verdict: 'not-sandbox' });
  });
});

describe('profiles through the bridge, secrets in the real keychain', () => {
  it('saves a profile, makes it active, and fetches with its keychain secrets', async () => {
    const state = value(await handlers.saveProfile(profileRequest()));
    expect(state.active).toBe('shop-eu');
    expect(state.profiles.find((p) => p.name === 'shop-eu')).toMatchObject({ builtIn: false, appSecretSet: true, accessTokenSet: true });

    const token = value(await handlers.getToken({}));
    expect(token.profile).toBe('shop-eu');
    expect(token.sandbox).toBe(false);

    expect(await secrets.get('shop-eu', 'app-secret')).toBe(SANDBOX_APP_SECRET);
    const written = await filesText(home);
    expect(written).toContain('shop-eu');
    expect(written).not.toContain(SANDBOX_APP_SECRET);
    expect(written).not.toContain(SANDBOX_ACCESS_TOKEN);
  });

  it('never returns a secret from any method', async () => {
    const answers = [
      await handlers.saveProfile(profileRequest()),
      await handlers.listProfiles({}),
      await handlers.getToken({}),
      await handlers.selectProfile({ name: 'shop-eu' }),
      await handlers.repairProfiles({}),
      await handlers.getSettings({}),
      await handlers.appInfo({}),
    ];
    const text = JSON.stringify(answers);
    expect(text).not.toContain(SANDBOX_APP_SECRET);
    expect(text).not.toContain(SANDBOX_ACCESS_TOKEN);
  });

  it('renames a profile and carries its secrets over', async () => {
    value(await handlers.saveProfile(profileRequest()));
    const state = value(
      await handlers.saveProfile(profileRequest({ originalName: 'shop-eu', name: 'renamed', appSecret: { action: 'keep' }, accessToken: { action: 'keep' } })),
    );
    expect(state.profiles.map((p) => p.name)).toEqual(['sandbox', 'renamed']);
    expect(await secrets.get('renamed', 'access-token')).toBe(SANDBOX_ACCESS_TOKEN);
    expect(await secrets.get('shop-eu', 'access-token')).toBeNull();
  });

  it('keeps the secrets when a rename only changes case', async () => {
    value(await handlers.saveProfile(profileRequest()));
    const state = value(
      await handlers.saveProfile(profileRequest({ originalName: 'shop-eu', name: 'Shop-EU', appSecret: { action: 'keep' }, accessToken: { action: 'keep' } })),
    );
    expect(state.profiles.find((p) => p.name === 'Shop-EU')).toMatchObject({ appSecretSet: true, accessTokenSet: true });
    expect(value(await handlers.getToken({})).profile).toBe('Shop-EU');
    await secrets.delete('Shop-EU', 'app-secret');
    await secrets.delete('Shop-EU', 'access-token');
  });

  it('clears a secret, and then a fetch says which one is missing', async () => {
    value(await handlers.saveProfile(profileRequest()));
    value(await handlers.saveProfile(profileRequest({ originalName: 'shop-eu', appSecret: { action: 'keep' }, accessToken: { action: 'clear' } })));
    const result = await handlers.getToken({});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('validation');
    expect(result.error.message).toBe('Profile "shop-eu" has no access token stored.');
  });

  it('removes a profile with its keychain entries and falls back to the sandbox', async () => {
    value(await handlers.saveProfile(profileRequest()));
    const state = value(await handlers.removeProfile({ name: 'shop-eu' }));
    expect(state.active).toBe('sandbox');
    expect(state.profiles.map((p) => p.name)).toEqual(['sandbox']);
    expect(await secrets.get('shop-eu', 'app-secret')).toBeNull();
    expect(await secrets.get('shop-eu', 'access-token')).toBeNull();
  });

  it('maps a wrong secret to the API error, explained as checked by the offline sandbox, with the masked string to sign and the request id', async () => {
    value(await handlers.saveProfile(profileRequest({ appSecret: { action: 'replace', value: 'not-the-secret' } })));
    const result = await handlers.getToken({ profile: 'shop-eu' });
    if (result.ok) throw new Error('expected an error');
    expect(result.error).toMatchObject({ kind: 'api', code: '106001' });
    expect(result.error.message).toMatch(/^Invalid sign\. Expected .* of «app secret»\/authorization\/202401\/widget_tokenapp_key6sandbox0demotimestamp\d+«app secret»\. \(offline sandbox\)$/);
    expect(result.error.explanation).toBe('The signature (sign) did not match what the offline sandbox computed: the app secret is wrong for this app key.');
    expect(result.error.resolution).toMatch(/^Re-enter the app secret: the offline sandbox accepts only its public demo app secret/);
    expect(result.error.requestId).toMatch(/^\d{14}[0-9A-F]{20}$/);
    expect(JSON.stringify(result.error)).not.toContain('not-the-secret');
  });

  it('refuses to edit or remove the built-in sandbox profile', async () => {
    const edit = await handlers.saveProfile(profileRequest({ originalName: 'sandbox' }));
    const remove = await handlers.removeProfile({ name: 'sandbox' });
    expect(edit.ok).toBe(false);
    expect(remove.ok).toBe(false);
  });

  it('refuses a second profile with the same name', async () => {
    value(await handlers.saveProfile(profileRequest()));
    const again = await handlers.saveProfile(profileRequest({ name: 'SHOP-EU' }));
    if (again.ok) throw new Error('expected an error');
    expect(again.error.message).toBe('A profile named "shop-eu" already exists.');
  });
});

describe('a damaged profiles file', () => {
  const damaged = '{"version": 1, "profiles": [ {"name": "half-writ';

  it('still gives a sandbox token, and repairProfiles moves the file aside, keeping its bytes and the keychain', async () => {
    value(await handlers.saveProfile(profileRequest()));
    const file = path.join(home, 'profiles.json');
    await writeFile(file, damaged);

    const listed = await handlers.listProfiles({});
    if (listed.ok) throw new Error('expected an error');
    expect(listed.error.kind).toBe('profile-data');
    expect(listed.error.resolution).toContain('widget-token profile repair');
    expect(listed.error.resolution).toContain('Move damaged file aside');
    expect(value(await handlers.getToken({ profile: 'sandbox' })).sandbox).toBe(true);

    const repaired = value(await handlers.repairProfiles({}));
    expect(repaired.movedTo).toMatch(/profiles\.json\.corrupt-[\dTZ-]+$/);
    expect(path.dirname(repaired.movedTo ?? '')).toBe(home);
    expect(await readFile(repaired.movedTo ?? '', 'utf8')).toBe(damaged);
    expect(repaired.state.active).toBe('sandbox');
    expect(repaired.state.profiles.map((p) => p.name)).toEqual(['sandbox']);
    expect(value(await handlers.listProfiles({})).profiles.map((p) => p.name)).toEqual(['sandbox']);
    // The old profile's secrets are left where they were: only the file moved.
    expect(await secrets.get('shop-eu', 'app-secret')).toBe(SANDBOX_APP_SECRET);
  });

  it('moves nothing when the file is valid or absent', async () => {
    expect(value(await handlers.repairProfiles({}))).toMatchObject({ movedTo: null, state: { active: 'sandbox' } });
    value(await handlers.saveProfile(profileRequest()));
    const before = await readFile(path.join(home, 'profiles.json'), 'utf8');
    const repaired = value(await handlers.repairProfiles({}));
    expect(repaired.movedTo).toBeNull();
    expect(repaired.state.profiles.map((p) => p.name)).toEqual(['sandbox', 'shop-eu']);
    expect(await readFile(path.join(home, 'profiles.json'), 'utf8')).toBe(before);
  });

  it('refuses to move a file written by a newer version, and keeps it', async () => {
    const newer = JSON.stringify({ version: 2, profiles: [] });
    await writeFile(path.join(home, 'profiles.json'), newer);
    const result = await handlers.repairProfiles({});
    if (result.ok) throw new Error('expected an error');
    expect(result.error.kind).toBe('profile-data');
    expect(result.error.message).toContain('newer Widget Token Desk');
    expect(await readdir(home)).toEqual(['profiles.json']);
    expect(await readFile(path.join(home, 'profiles.json'), 'utf8')).toBe(newer);
  });

  it('answers a request with fields in it as invalid, moving nothing', async () => {
    await writeFile(path.join(home, 'profiles.json'), damaged);
    const result = await handlers.repairProfiles({ path: '/etc/passwd' });
    if (result.ok) throw new Error('expected an error');
    expect(result.error.kind).toBe('validation');
    expect(await readdir(home)).toEqual(['profiles.json']);
  });
});

describe('bad input', () => {
  it.each([
    ['no request fields', {}],
    ['a number for the name', { ...{ baseUrl: 'https://x.example', appKey: 'k' }, name: 42 }],
    ['an unknown field', { name: 'a', baseUrl: 'https://x.example', appKey: 'k', appSecret: { action: 'keep' }, accessToken: { action: 'keep' }, extra: 1 }],
    ['an oversized field', { name: 'a'.repeat(100_000), baseUrl: 'https://x.example', appKey: 'k', appSecret: { action: 'keep' }, accessToken: { action: 'keep' } }],
  ])('answers %s with a validation error and writes nothing', async (_label, request) => {
    const result = await handlers.saveProfile(request);
    if (result.ok) throw new Error('expected an error');
    expect(result.error.kind).toBe('validation');
    expect(await readdir(home)).toEqual([]);
  });

  it('never echoes a rejected secret', async () => {
    const result = await handlers.saveProfile({ ...profileRequest(), appSecret: { action: 'replace', value: 'hunter2-secret' }, baseUrl: 7 });
    expect(JSON.stringify(result)).not.toContain('hunter2-secret');
  });

  it('explains a base URL that would send secrets in the clear', async () => {
    const result = await handlers.saveProfile(profileRequest({ baseUrl: 'http://shop.example.com' }));
    if (result.ok) throw new Error('expected an error');
    expect(result.error.kind).toBe('validation');
    expect(await readdir(home).catch(() => [])).not.toContain('profiles.json');
  });
});

describe('without a keychain', () => {
  const unavailable = new KeychainUnavailableError('The OS keychain is not available.', 'No Secret Service answered on D-Bus.', 'Install and unlock gnome-keyring.');
  const broken: SecretStore = {
    get: () => Promise.reject(unavailable),
    set: () => Promise.reject(unavailable),
    delete: () => Promise.reject(unavailable),
    check: () => Promise.reject(unavailable),
  };

  it('still lists profiles and works with the sandbox, and says what is wrong', async () => {
    const offline = createBridgeHandlers({ shell: 'preview', appVersion: 'test', dataDir: home, secrets: broken, sandbox: launcher.launch });
    const state: ProfilesState = value(await offline.listProfiles({}));
    expect(state.keychain).toEqual({ available: false, problem: 'The OS keychain is not available. No Secret Service answered on D-Bus.', remedy: 'Install and unlock gnome-keyring.' });
    expect(value(await offline.getToken({})).sandbox).toBe(true);
  });

  it('refuses to save secrets and writes nothing in plain text', async () => {
    const offline = createBridgeHandlers({ shell: 'preview', appVersion: 'test', dataDir: home, secrets: broken, sandbox: launcher.launch });
    const result = await offline.saveProfile(profileRequest());
    if (result.ok) throw new Error('expected an error');
    expect(result.error.kind).toBe('keychain');
    expect(result.error.resolution).toBe('Install and unlock gnome-keyring.');
    expect(await filesText(home)).not.toContain(SANDBOX_APP_SECRET);
    expect(await readdir(home)).not.toContain('profiles.json');
  });
});
