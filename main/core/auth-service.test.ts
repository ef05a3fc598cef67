/**
 * The authorization through the bridge handler table, as the window drives it, for the
 * built-in sandbox profile (no keychain, no setup): link, the sandbox's redirect, connect,
 * status, shops, choose; and which links the desktop shell may open.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorizationLink, AuthStatus, BridgeResult, ProfilesState, ShopsResult } from '../../preload/contract';
import { createSandboxLauncher } from '../sandbox/sandbox-launcher';
import type { BridgeHandlerTable } from './bridge-handler-table';
import { createBridgeHandlers } from './bridge-handlers';
import { createMemorySecretStore } from './memory-secret-store';

const launcher = createSandboxLauncher();
const opened: string[] = [];
let home: string;
let handlers: BridgeHandlerTable;

function value<T>(result: BridgeResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.message} ${result.error.explanation}`);
  return result.value;
}

beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'wtd-auth-service-'));
  handlers = createBridgeHandlers({
    shell: 'electron',
    appVersion: '0.0.0-test',
    dataDir: home,
    secrets: createMemorySecretStore(),
    sandbox: launcher.launch,
    openExternal: async (url) => {
      opened.push(url);
    },
  });
});

afterAll(async () => {
  await launcher.close();
  await rm(home, { recursive: true, force: true });
});

describe('the built-in sandbox profile, authorized in this session', () => {
  it('runs link -> redirect -> connect -> shops -> choose, and the token call then uses the issued access token', async () => {
    const link: AuthorizationLink = value(await handlers.authorizationLink({}));
    expect(link).toMatchObject({ profile: 'sandbox', canOpen: true });
    const approved = await fetch(link.url, { redirect: 'manual' });
    const redirect = new URL(approved.headers.get('location') ?? '', link.url).href;

    const refused = await handlers.connectAuthorization({ reply: redirect.replace(/state=[^&]+/, 'state=forged') });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'validation' } });

    const status: AuthStatus = value(await handlers.connectAuthorization({ reply: redirect }));
    expect(status).toMatchObject({ profile: 'sandbox', builtIn: true, refreshTokenSet: true, authorization: { sellerBaseRegion: 'GB' } });
    expect(JSON.stringify(status)).not.toMatch(/SBX_(AT|RT|CODE)_/);

    const listed: ProfilesState = value(await handlers.listProfiles({}));
    expect(listed.profiles[0]).toMatchObject({ name: 'sandbox', refreshTokenSet: true, authorization: { sellerName: 'Sandbox Demo Seller (offline sandbox)' } });

    const shops: ShopsResult = value(await handlers.listShops({}));
    expect(shops.shops.map((shop) => shop.id)).toEqual(['7494001122334455667', '7494001122334455781']);
    const chosen: ProfilesState = value(await handlers.chooseShop({ shopId: '7494001122334455781', shopRegion: 'us' }));
    expect(chosen.profiles[0]).toMatchObject({ shopId: '7494001122334455781', shopRegion: 'US' });

    const stats = value(await handlers.refreshAccessToken({}));
    expect(stats.authorization?.accessTokenExpiresAt).toBeGreaterThan(Date.now() / 1000 + 6 * 86_400);
    expect(value(await handlers.getToken({})).token).toMatch(/^eyJ/);
  });

  it('opens in the system browser only a link it made', async () => {
    const link: AuthorizationLink = value(await handlers.authorizationLink({}));
    expect(value(await handlers.openAuthorizationLink({ url: link.url }))).toEqual({ opened: true });
    for (const url of ['https://services.tiktokshop.com/open/authorize?service_id=1&state=x', 'https://evil.example/', link.url.replace('service_id', 'x')]) {
      expect(await handlers.openAuthorizationLink({ url })).toMatchObject({ ok: false, error: { kind: 'validation' } });
    }
    expect(opened).toEqual([link.url]);
  });
});
