/**
 * The refresh coordinator in an in-process core, against the tests' own loopback server
 * (tests/support/auth-contract-server.ts, written from PRODUCT.md alone) and the real
 * keychain: a 105002 the client did not foresee is refreshed once and the call retried;
 * a keychain that fails right after the server rotated the refresh token leaves a plain
 * message and the profile as it was.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startContractServer, type ContractServer } from '../../tests/support/auth-contract-server';
import { clearKeychainService } from '../../tests/support/built-cli';
import { createCore, type Core } from './bridge-handlers';
import { ApiError, AppError, KeychainUnavailableError } from './errors';
import { createKeychainStore } from './keychain';
import type { SecretStore } from './secret-store';

const service = `widget-token-refresh-test-${randomUUID()}`;
const keychain = createKeychainStore({ service });
const noSandbox = Object.assign(() => Promise.reject(new Error('the sandbox is not used here')), { runningAt: () => null });

/** The real keychain, which refuses to store a refresh token while `failing` is set. */
let failing = false;
const flakyKeychain: SecretStore = {
  get: (profile, kind) => keychain.get(profile, kind),
  delete: (profile, kind) => keychain.delete(profile, kind),
  check: () => keychain.check(),
  set: async (profile, kind, value) => {
    if (failing && kind === 'refresh-token') {
      throw new KeychainUnavailableError('The OS keychain is not available.', 'The keyring was locked a moment ago.', 'Unlock the keyring.');
    }
    await keychain.set(profile, kind, value);
  },
};

let server: ContractServer;
let home: string;
let core: Core;

beforeAll(async () => {
  server = await startContractServer();
});

afterAll(async () => {
  await server.close();
  await clearKeychainService(service);
});

beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'wtd-refresh-'));
  failing = false;
  core = createCore({ dataDir: home, secrets: flakyKeychain, sandbox: noSandbox });
  await core.profiles.save({
    name: 'shop',
    baseUrl: server.baseUrl,
    authBaseUrl: server.baseUrl,
    appKey: server.appKey,
    serviceId: 'svc-1',
    appSecret: { action: 'replace', value: server.appSecret },
    accessToken: { action: 'keep' },
  });
  await core.auth.connect('shop', server.issueCode());
});

afterEach(async () => {
  await rm(home, { recursive: true, force: true });
  await clearKeychainService(service);
});

describe('the refresh coordinator against a server of the tests\' own', () => {
  it('stores what token/get answered in the documented variants (code as text, granted_permissions, a timestamp as text)', async () => {
    const status = await core.auth.status('shop');
    expect(status.authorization).toMatchObject({ sellerName: 'Contract Seller', sellerBaseRegion: 'SG', grantedScopes: ['contract.scope'] });
    expect(status.authorization?.refreshTokenExpiresAt).toBeGreaterThan(Date.now() / 1000 + 300 * 24 * 3600);
    const shops = await core.auth.shops('shop');
    expect(shops.shops).toEqual([{ id: '7000000000000000123', name: 'Contract Shop', region: 'SG', sellerType: 'LOCAL', code: 'SGC1', cipher: 'ROW_c1' }]);
  });

  it('refreshes once after a 105002 the expiry did not foresee, retries the call, and keeps the rotated pair', async () => {
    const before = await keychain.get('shop', 'access-token');
    const oldRefresh = await keychain.get('shop', 'refresh-token');
    server.expire(before ?? '');
    const refreshes = server.refreshes();

    const outcome = await core.tokens.getToken('shop');
    expect(outcome.result.token).toMatch(/^eyJ/);
    expect(server.refreshes()).toBe(refreshes + 1);
    expect(await keychain.get('shop', 'access-token')).not.toBe(before);
    expect(await keychain.get('shop', 'refresh-token')).not.toBe(oldRefresh);
  });

  it('shows the raw 105002 with its explanation when asked not to refresh', async () => {
    server.expire((await keychain.get('shop', 'access-token')) ?? '');
    const error = await core.tokens.getToken('shop', undefined, { refresh: false }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: '105002', explanation: 'The access token has expired.' });
    expect((error as ApiError).resolution).toMatch(/Refresh access token/);
  });

  it('says plainly that the seller may need to authorize again when the keychain fails right after the rotation, and leaves the profile as it was', async () => {
    const profileData = (text: string): Record<string, unknown> => {
      const data = JSON.parse(text) as Record<string, unknown>;
      delete data.revision;
      return data;
    };
    const profilesBefore = await readFile(path.join(home, 'profiles.json'), 'utf8');
    const accessBefore = await keychain.get('shop', 'access-token');
    const refreshBefore = await keychain.get('shop', 'refresh-token');
    const refreshes = server.refreshes();
    failing = true;

    const error = await core.auth.refresh('shop').catch((caught: unknown) => caught);
    expect(server.refreshes()).toBe(refreshes + 1);
    expect(error).toBeInstanceOf(KeychainUnavailableError);
    const app = error as AppError;
    expect(app.message).toBe('The access token was refreshed, but the new tokens could not be stored.');
    expect(app.explanation).toMatch(/already replaced the refresh token/);
    expect(app.resolution).toMatch(/seller may need to authorize the app again/);
    expect(`${app.message} ${app.explanation} ${app.resolution}`).not.toMatch(/crt-|cat-/);

    // The same data and no save left pending; only the count of writes moved (a staged save was rolled back).
    expect(profileData(await readFile(path.join(home, 'profiles.json'), 'utf8'))).toEqual(profileData(profilesBefore));
    expect(await keychain.get('shop', 'access-token')).toBe(accessBefore);
    expect(await keychain.get('shop', 'refresh-token')).toBe(refreshBefore);
  });

  it('passes a 105002 through for a profile that has no refresh token to use', async () => {
    await core.profiles.save({
      name: 'hand-made',
      baseUrl: server.baseUrl,
      appKey: server.appKey,
      appSecret: { action: 'replace', value: server.appSecret },
      accessToken: { action: 'replace', value: (await keychain.get('shop', 'access-token')) ?? '' },
    });
    server.expire((await keychain.get('shop', 'access-token')) ?? '');
    const refreshes = server.refreshes();
    const error = await core.tokens.getToken('hand-made').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: '105002' });
    expect(server.refreshes()).toBe(refreshes);
  });
});
