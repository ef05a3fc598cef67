/**
 * Against the real OS keychain (gnome-keyring over the Secret Service here), under a
 * service name of this run's own; everything written is deleted at the end. Run inside
 * a session with an unlocked keyring (see BUILD-NOTES: dbus-run-session + gnome-keyring).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ValidationError } from './errors';
import { createKeychainStore, DEFAULT_KEYCHAIN_SERVICE, keychainAccount } from './keychain';
import { ProfileStore } from './profile-store';

const run = promisify(execFile);
const service = `widget-token-desk-test-${randomUUID()}`;
const store = createKeychainStore({ service });

/** What the Secret Service holds for our service, as attributes, read with its own tool. */
async function secretToolEntries(): Promise<string> {
  const { stdout, stderr } = await run('secret-tool', ['search', '--all', 'service', service]);
  return `${stdout}\n${stderr}`;
}

afterAll(async () => {
  const keytar = await import('keytar');
  const api = 'default' in keytar && keytar.default ? keytar.default : keytar;
  for (const { account } of await api.findCredentials(service)) await api.deletePassword(service, account);
  expect(await api.findCredentials(service)).toEqual([]);
});

describe('the keychain secret store', () => {
  it('stores, reads and deletes both secrets of a profile', async () => {
    expect(await store.get('alpha', 'app-secret')).toBeNull();
    await store.set('alpha', 'app-secret', 'app-secret-value-1');
    await store.set('alpha', 'access-token', 'TTP_access-token-1');
    expect(await store.get('alpha', 'app-secret')).toBe('app-secret-value-1');
    expect(await store.get('alpha', 'access-token')).toBe('TTP_access-token-1');

    await store.delete('alpha', 'app-secret');
    expect(await store.get('alpha', 'app-secret')).toBeNull();
    expect(await store.get('alpha', 'access-token')).toBe('TTP_access-token-1');
    await store.delete('alpha', 'access-token');
    expect(await store.get('alpha', 'access-token')).toBeNull();
  });

  it('overwrites a secret in place', async () => {
    await store.set('beta', 'access-token', 'first');
    await store.set('beta', 'access-token', 'second');
    expect(await store.get('beta', 'access-token')).toBe('second');
    const entries = await secretToolEntries();
    expect(entries.match(/account = beta:access-token/g)).toHaveLength(1);
    await store.delete('beta', 'access-token');
  });

  it('keeps profiles apart, even when one name starts with another', async () => {
    await store.set('shop', 'app-secret', 'secret-of-shop');
    await store.set('shop eu', 'app-secret', 'secret-of-shop-eu');
    expect(await store.get('shop', 'app-secret')).toBe('secret-of-shop');
    expect(await store.get('shop eu', 'app-secret')).toBe('secret-of-shop-eu');
    expect(await store.get('shop', 'access-token')).toBeNull();
    await store.delete('shop', 'app-secret');
    expect(await store.get('shop eu', 'app-secret')).toBe('secret-of-shop-eu');
    await store.delete('shop eu', 'app-secret');
  });

  it('keeps a unicode secret exactly', async () => {
    const secret = 'clé-秘密-🔑-\u00e9\u0301-end';
    await store.set('Boutique Émile', 'app-secret', secret);
    expect(await store.get('Boutique Émile', 'app-secret')).toBe(secret);
    await store.delete('Boutique Émile', 'app-secret');
  });

  it('deletes a secret that is not there without complaint', async () => {
    await expect(store.delete('nobody', 'access-token')).resolves.toBeUndefined();
  });

  it('refuses an empty secret as a validation error, not a broken keychain', async () => {
    await expect(store.set('alpha', 'app-secret', '')).rejects.toThrow(ValidationError);
  });

  it('reports itself available, and its probe leaves nothing behind', async () => {
    await expect(store.check()).resolves.toBeUndefined();
    expect(await secretToolEntries()).not.toContain('keychain-probe');
  });

  it('files secrets under the service and `profile:kind` accounts, and nowhere on disk', async () => {
    const home = await fs.mkdtemp(path.join(os.tmpdir(), 'wtd-keychain-home-'));
    try {
      const profiles = new ProfileStore({ dir: home });
      await profiles.upsert({ name: 'gamma', baseUrl: 'https://open-api.tiktokglobalshop.com', appKey: 'gammakey' });
      const appSecret = `app-${randomUUID()}`;
      const accessToken = `TTP_${randomUUID()}`;
      await store.set('gamma', 'app-secret', appSecret);
      await store.set('gamma', 'access-token', accessToken);

      const entries = await secretToolEntries();
      expect(entries).toContain(`service = ${service}`);
      expect(entries).toContain(`account = ${keychainAccount('gamma', 'app-secret')}`);
      expect(entries).toContain(`account = gamma:access-token`);
      expect(entries).toContain(`secret = ${appSecret}`);
      expect(entries).toContain(`secret = ${accessToken}`);

      const files = (await fs.readdir(home, { recursive: true })).map((name) => path.join(home, name));
      expect(files).toContain(path.join(home, 'profiles.json'));
      for (const file of files) {
        if (!(await fs.stat(file)).isFile()) continue;
        const text = await fs.readFile(file, 'utf8');
        expect(text).not.toContain(appSecret);
        expect(text).not.toContain(accessToken);
      }
      await store.delete('gamma', 'app-secret');
      await store.delete('gamma', 'access-token');
    } finally {
      await fs.rm(home, { recursive: true, force: true });
    }
  });

  it('takes its service name from WIDGET_TOKEN_KEYCHAIN_SERVICE, else widget-token-desk', () => {
    vi.stubEnv('WIDGET_TOKEN_KEYCHAIN_SERVICE', service);
    try {
      expect(createKeychainStore().service).toBe(service);
      expect(createKeychainStore({ service: 'explicit' }).service).toBe('explicit');
      vi.stubEnv('WIDGET_TOKEN_KEYCHAIN_SERVICE', '');
      expect(createKeychainStore().service).toBe(DEFAULT_KEYCHAIN_SERVICE);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
