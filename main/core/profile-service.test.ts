/**
 * A profile's data and its secrets change together, against the real OS keychain
 * (gnome-keyring over the Secret Service here, under a service of this run's own):
 * a keychain that fails at any step of a save leaves the old profile with its old
 * secrets or the new one with the new; readers never pair one save's data with
 * another's secrets; a new profile never inherits what an old one left in the keychain.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuthorizationFacts, SecretChange } from '../../preload/contract';
import { KeychainUnavailableError } from './errors';
import { createKeychainStore } from './keychain';
import { ProfileService, type ProfileSave, type ResolvedProfile } from './profile-service';
import { ProfileStore } from './profile-store';
import type { SecretStore } from './secret-store';

const service = `widget-token-desk-service-test-${randomUUID()}`;
const keychain = createKeychainStore({ service });
const noSandbox = { runningAt: () => null };

let home: string;
let store: ProfileStore;
let profiles: ProfileService;

async function keytarApi() {
  const keytar = await import('keytar');
  return 'default' in keytar && keytar.default ? keytar.default : keytar;
}

/** Every account our service holds, sorted. */
async function accounts(): Promise<string[]> {
  return (await (await keytarApi()).findCredentials(service)).map((c) => c.account).sort();
}

async function clearKeychain(): Promise<void> {
  const api = await keytarApi();
  for (const { account } of await api.findCredentials(service)) await api.deletePassword(service, account);
}

beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'wtd-service-'));
  store = new ProfileStore({ dir: home });
  profiles = new ProfileService(store, keychain, noSandbox);
  await clearKeychain();
});

afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

afterAll(async () => {
  await clearKeychain();
});

const replace = (value: string): SecretChange => ({ action: 'replace', value });
const keep: SecretChange = { action: 'keep' };

function request(name: string, tag: string, extra: Partial<ProfileSave> = {}): ProfileSave {
  return { name, baseUrl: `https://${tag}.example.com`, appKey: `key-${tag}`, appSecret: replace(`app-${tag}`), accessToken: replace(`access-${tag}`), ...extra };
}

/** What a call would use, in one word per save: "old" when data and secrets are all the old save's. */
function whose(resolved: ResolvedProfile): string {
  const tags = [/^https:\/\/(\w+)\./.exec(resolved.baseUrl)?.[1], resolved.appKey.replace('key-', ''), resolved.appSecret.replace('app-', ''), resolved.accessToken.replace('access-', '')];
  return new Set(tags).size === 1 ? (tags[0] ?? '?') : `mixed: ${tags.join(', ')}`;
}

describe('a new profile', () => {
  it('does not inherit the secrets an earlier profile of its name left in the keychain', async () => {
    // profiles.json was lost (or moved aside by repair); the old entries are still there.
    await keychain.set('shop', 'app-secret', 'app-stale');
    await keychain.set('shop', 'access-token', 'access-stale');
    await keychain.set('shop', 'refresh-token', 'refresh-stale');

    await profiles.save({ name: 'shop', baseUrl: 'https://new-host.example.com', appKey: 'key-new', appSecret: replace('app-new'), accessToken: keep });

    const state = await profiles.state();
    expect(state.profiles.find((p) => p.name === 'shop')).toMatchObject({ appSecretSet: true, accessTokenSet: false, refreshTokenSet: false });
    await expect(profiles.resolveStored('shop')).rejects.toThrow('Profile "shop" has no access token stored.');
    expect(await keychain.get('shop', 'access-token')).toBeNull();
    expect(await keychain.get('shop', 'refresh-token')).toBeNull();
    expect(await accounts()).toEqual(['shop:app-secret']);
  });

  it('created with every secret "kept" starts with none', async () => {
    await keychain.set('shop', 'app-secret', 'app-stale');
    await keychain.set('shop', 'access-token', 'access-stale');
    await profiles.save({ name: 'shop', baseUrl: 'https://new-host.example.com', appKey: 'key-new', appSecret: keep, accessToken: keep });
    expect((await profiles.state()).profiles.find((p) => p.name === 'shop')).toMatchObject({ appSecretSet: false, accessTokenSet: false });
    expect(await accounts()).toEqual([]);
  });

  it('made by createOrUpdate for a name another save just created is an update that keeps its secrets', async () => {
    await profiles.createOrUpdate(request('shop', 'first'));
    const second = await profiles.createOrUpdate({ name: 'SHOP', baseUrl: 'https://second.example.com', appKey: 'key-second', appSecret: keep, accessToken: replace('access-second') });
    expect(second).toMatchObject({ created: false, profile: { name: 'shop', baseUrl: 'https://second.example.com' } });
    const resolved = await profiles.resolveStored('shop');
    expect(resolved).toMatchObject({ appSecret: 'app-first', accessToken: 'access-second' });
  });
});

/**
 * The real keychain, failing at the `failAt`-th change (set or delete) and every one after,
 * as a keychain that dies mid-save does.
 */
function failingAt(failAt: number): SecretStore & { changes: number } {
  const wrapper = {
    changes: 0,
    get: (profile: string, kind: Parameters<SecretStore['get']>[1]) => keychain.get(profile, kind),
    check: () => keychain.check(),
    set: async (profile: string, kind: Parameters<SecretStore['set']>[1], value: string) => {
      wrapper.changes += 1;
      if (wrapper.changes >= failAt) throw new KeychainUnavailableError('The OS keychain is not available.', 'It stopped answering (test).', 'Restart it.');
      await keychain.set(profile, kind, value);
    },
    delete: async (profile: string, kind: Parameters<SecretStore['delete']>[1]) => {
      wrapper.changes += 1;
      if (wrapper.changes >= failAt) throw new KeychainUnavailableError('The OS keychain is not available.', 'It stopped answering (test).', 'Restart it.');
      await keychain.delete(profile, kind);
    },
  };
  return wrapper;
}

describe('a save that the keychain fails at any step', () => {
  /** The change, and what a reader sees once it is complete: the profile's name and whose data and secrets. */
  const cases: readonly (readonly [string, (save: ProfileService) => Promise<unknown>, string])[] = [
    ['an update', (save) => save.save({ ...request('shop', 'new'), originalName: 'shop' }), 'shop:new'],
    ['a rename', (save) => save.save({ ...request('shop two', 'new'), originalName: 'shop' }), 'shop two:new'],
    ['a rename that keeps the secrets', (save) => save.save({ ...request('shop two', 'old'), originalName: 'shop', appSecret: keep, accessToken: keep }), 'shop two:old'],
  ];

  it.each(cases)('(%s) leaves the old profile with its old secrets or the new one with the new', async (_, change, done) => {
    const outcomes = new Set<string>();
    for (let failAt = 1; ; failAt += 1) {
      await fs.rm(path.join(home, 'profiles.json'), { force: true });
      await clearKeychain();
      await profiles.save(request('shop', 'old'));

      const failing = failingAt(failAt);
      const failed = await change(new ProfileService(store, failing, noSandbox)).then(
        () => false,
        (error: unknown) => {
          expect(error).toBeInstanceOf(KeychainUnavailableError);
          return true;
        },
      );
      // A healthy process looks: the old profile whole, or the new one whole.
      const names = (await store.list()).map((p) => p.name);
      expect(names).toHaveLength(1);
      const seen = whose(await profiles.resolveStored(names[0] ?? ''));
      expect(['old', 'new'], `failing at change ${failAt}`).toContain(seen);
      if (failed) expect(seen === 'new' || names[0] === 'shop', 'a failed save changed nothing or finishes later').toBe(true);
      outcomes.add(`${names[0]}:${seen}`);

      // The next locked operation finishes or undoes what was interrupted, and the answer stays the same.
      await profiles.select(names[0] ?? '');
      expect(JSON.parse(await fs.readFile(path.join(home, 'profiles.json'), 'utf8'))).not.toHaveProperty('pending');
      expect(whose(await profiles.resolveStored(names[0] ?? ''))).toBe(seen);
      expect((await accounts()).filter((account) => account.includes(':next'))).toEqual([]);
      expect((await accounts()).every((account) => account.startsWith(`${names[0]}:`))).toBe(true);

      if (failing.changes < failAt) break;
    }
    // Both ends were met: failing early keeps the old, failing late (or not at all) gives the new.
    expect(outcomes).toEqual(new Set(['shop:old', done]));
  }, 60_000);
});

describe('readers while saves land', () => {
  it('never pair one save’s data with another save’s secrets', async () => {
    await profiles.save(request('shop', 'a'));
    let writing = true;
    const writer = (async () => {
      for (let i = 0; i < 30; i += 1) await profiles.save({ ...request('shop', i % 2 === 0 ? 'b' : 'a'), originalName: 'shop' });
      writing = false;
    })();
    const seen: string[] = [];
    const readers = Array.from({ length: 3 }, async () => {
      while (writing) seen.push(whose(await profiles.resolveStored('shop')));
    });
    await Promise.all([writer, ...readers]);
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.filter((s) => s !== 'a' && s !== 'b')).toEqual([]);
  }, 60_000);
});

describe('storeAuthorization', () => {
  const facts: AuthorizationFacts = {
    accessTokenExpiresAt: 1_900_000_000,
    refreshTokenExpiresAt: 1_910_000_000,
    sellerName: 'Demo seller',
    sellerBaseRegion: 'GB',
    openId: 'open-1',
    grantedScopes: ['seller.authorization.info'],
    obtainedAt: 1_800_000_000,
  };

  it('stores the token pair and the facts together and spends the link state', async () => {
    await profiles.save({ ...request('shop', 'old'), serviceId: 'svc1' });
    await store.transaction(async (tx) => {
      const data = await tx.read();
      await tx.write({ ...data, profiles: data.profiles.map((p) => ({ ...p, authState: 'state-1234567890' })) });
    });

    const stored = await profiles.storeAuthorization('SHOP', { accessToken: 'access-granted', refreshToken: 'refresh-granted', authorization: facts });

    expect(stored).toMatchObject({ name: 'shop', authorization: facts });
    expect(stored).not.toHaveProperty('authState');
    expect(await store.get('shop')).toEqual(stored);
    expect(await profiles.resolveStored('shop')).toMatchObject({ appSecret: 'app-old', accessToken: 'access-granted' });
    expect(await keychain.get('shop', 'refresh-token')).toBe('refresh-granted');
    expect(await accounts()).toEqual(['shop:access-token', 'shop:app-secret', 'shop:refresh-token']);
  });

  it('changes nothing when the keychain fails before the pair is staged', async () => {
    await profiles.save(request('shop', 'old'));
    // Change 1 stages the access token; change 2 (the refresh token) fails.
    const failing = new ProfileService(store, failingAt(2), noSandbox);
    await expect(failing.storeAuthorization('shop', { accessToken: 'access-granted', refreshToken: 'refresh-granted', authorization: facts })).rejects.toThrow(KeychainUnavailableError);
    expect(await store.get('shop')).not.toHaveProperty('authorization');
    expect(whose(await profiles.resolveStored('shop'))).toBe('old');
    expect(await keychain.get('shop', 'refresh-token')).toBeNull();
  });

  it('refuses an unknown profile and the sandbox', async () => {
    await expect(profiles.storeAuthorization('ghost', { accessToken: 'a', refreshToken: 'r', authorization: facts })).rejects.toThrow('There is no profile named "ghost".');
    await expect(profiles.storeAuthorization('ｓａｎｄｂｏｘ', { accessToken: 'a', refreshToken: 'r', authorization: facts })).rejects.toThrow('cannot be changed');
  });
});
