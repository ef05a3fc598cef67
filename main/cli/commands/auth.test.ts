/**
 * The seller authorization through the built CLI, against the offline sandbox on
 * 127.0.0.1, with the real keychain under this run's own service name: link, redirect,
 * code exchange, status, shops, tokens refreshed by `get` (once across processes), code
 * reuse and an ended authorization explained, and no secret in any output or file.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { allFilesText, clearKeychainService, requireBuiltCli, runCli, STACK_LINE, type CliRun } from '../../../tests/support/built-cli';
import { createCore } from '../../core/bridge-handlers';
import type { Clock } from '../../core/clock';
import { createKeychainStore } from '../../core/keychain';
import { SANDBOX_APP_KEY, SANDBOX_APP_SECRET, SANDBOX_SERVICE_ID } from '../../sandbox/demo-credentials';
import { startSandbox, type RunningSandbox } from '../../sandbox/sandbox-server';

const service = `widget-token-cli-auth-test-${randomUUID()}`;
const keychain = createKeychainStore({ service });
/** The sandbox's clock: real time plus what a test adds to try an ended authorization. */
let offsetMs = 0;
const clock: Clock = { nowMs: () => Date.now() + offsetMs };
/** Under the 10-minute margin: every `get` finds the access token due for a refresh. */
const ACCESS_TTL = 300;
const REFRESH_TTL = 3600;

let sandbox: RunningSandbox;
let home: string;
/** Every value that must never be seen outside the keychain: codes and tokens as they are issued. */
const secretsSeen = new Set<string>([SANDBOX_APP_SECRET]);

const env = () => ({ WIDGET_TOKEN_HOME: home, WIDGET_TOKEN_KEYCHAIN_SERVICE: service });
const cli = (args: string[], input?: string): Promise<CliRun> => runCli(args, { env: env(), ...(input === undefined ? {} : { input }) });

function expectClean(run: CliRun): void {
  for (const secret of secretsSeen) {
    expect(run.stdout).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
  }
  expect(run.stderr).not.toMatch(STACK_LINE);
}

async function storedTokens(name = 'shop'): Promise<{ access: string | null; refresh: string | null }> {
  const [access, refresh] = await Promise.all([keychain.get(name, 'access-token'), keychain.get(name, 'refresh-token')]);
  for (const value of [access, refresh]) if (value !== null) secretsSeen.add(value);
  return { access, refresh };
}

/** The seller opens the link and approves: the browser lands on the callback page. */
async function approve(link: string): Promise<string> {
  const response = await fetch(link, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const redirect = new URL(response.headers.get('location') ?? '', link).href;
  secretsSeen.add(new URL(redirect).searchParams.get('code') ?? '');
  return redirect;
}

async function authorizedProfile(server: RunningSandbox = sandbox): Promise<void> {
  const set = await runCli(
    ['profile', 'set', 'shop', '--base-url', server.baseUrl, '--auth-base-url', server.baseUrl, '--app-key', SANDBOX_APP_KEY, '--service-id', SANDBOX_SERVICE_ID],
    { env: { ...env(), WIDGET_TOKEN_APP_SECRET: SANDBOX_APP_SECRET } },
  );
  expect(set.code, set.stderr).toBe(0);
  const url = await cli(['auth', 'url', '--json']);
  expect(url.code, url.stderr).toBe(0);
  const redirect = await approve((JSON.parse(url.stdout) as { url: string }).url);
  const code = await cli(['auth', 'code', '-'], redirect);
  expect(code.code, code.stderr).toBe(0);
  expectClean(code);
}

beforeAll(async () => {
  requireBuiltCli();
  sandbox = await startSandbox({ clock, accessTtlSeconds: ACCESS_TTL, refreshTtlSeconds: REFRESH_TTL });
});

afterAll(async () => {
  await sandbox.close();
  await clearKeychainService(service);
});

beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'wtd-auth-cli-'));
  offsetMs = 0;
});

afterEach(async () => {
  const files = await allFilesText(home);
  for (const secret of secretsSeen) expect(files).not.toContain(secret);
  await rm(home, { recursive: true, force: true });
  await clearKeychainService(service);
});

describe('widget-token auth, from link to token', () => {
  it('links, exchanges the redirect, prints the seller and expiries, and the token then comes with the new access token', async () => {
    const set = await runCli(
      ['profile', 'set', 'shop', '--base-url', sandbox.baseUrl, '--auth-base-url', sandbox.baseUrl, '--app-key', SANDBOX_APP_KEY, '--service-id', SANDBOX_SERVICE_ID],
      { env: { ...env(), WIDGET_TOKEN_APP_SECRET: SANDBOX_APP_SECRET } },
    );
    expect(set.code, set.stderr).toBe(0);
    const early = await cli(['get']);
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/^Error: Profile "shop" has no access token yet\. .*widget-token auth url --profile "shop"/);

    const url = await cli(['auth', 'url']);
    expect(url.code).toBe(0);
    const link = url.stdout.trim();
    expect(link).toMatch(new RegExp(`^${sandbox.baseUrl}/open/authorize\\?service_id=${SANDBOX_SERVICE_ID}&state=[\\w-]{20,}$`));
    // The state is remembered with the profile, for the `auth code` of another process.
    expect(await readFile(path.join(home, 'profiles.json'), 'utf8')).toContain(new URL(link).searchParams.get('state') ?? 'missing');

    const redirect = await approve(link);
    const code = await cli(['auth', 'code', '-'], redirect);
    expect(code.code, code.stderr).toBe(0);
    expect(code.stdout).toContain('Authorized profile "shop"');
    expect(code.stdout).toMatch(/seller\s+Sandbox Demo Seller/);
    expect(code.stdout).toMatch(/region\s+GB/);
    expect(code.stdout).toMatch(/access token expires\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in (5m|4m \d+s)\)/);
    expect(code.stdout).toMatch(/authorization expires\s+.*\(in (1h|59m \d+s)\)/);
    const tokens = await storedTokens();
    expect(tokens.access).toMatch(/^SBX_AT_/);
    expect(tokens.refresh).toMatch(/^SBX_RT_/);
    expectClean(code);

    const status = await cli(['auth', 'status', '--json']);
    const facts = JSON.parse(status.stdout) as Record<string, unknown>;
    expect(facts).toMatchObject({ profile: 'shop', accessTokenSet: true, refreshTokenSet: true, sellerBaseRegion: 'GB', serviceId: SANDBOX_SERVICE_ID });
    expect(facts.grantedScopes).toContain('seller.shop.info');
    expectClean(status);

    const listed = JSON.parse((await cli(['profile', 'list', '--json'])).stdout) as { name: string; refreshTokenSet: boolean; authorization: { sellerName: string } | null }[];
    expect(listed.find((p) => p.name === 'shop')).toMatchObject({ refreshTokenSet: true, authorization: { sellerName: 'Sandbox Demo Seller (offline sandbox)' } });

    const shops = await cli(['shops', '--json']);
    expect(shops.code, shops.stderr).toBe(0);
    expect(shops.stdout).toContain('"id": "7494001122334455667"');
    expect(shops.stdout).toContain('"id": "7494001122334455781"');
    expectClean(shops);

    const get = await cli(['get', '--no-refresh']);
    expect(get.code, get.stderr).toBe(0);
    expect(get.stdout).toMatch(/^eyJ/);
    expectClean(get);
  });

  it('refuses a redirect whose state is not the remembered one, and explains a code used twice', async () => {
    await authorizedProfile();
    const url = await cli(['auth', 'url', '--json']);
    const redirect = await approve((JSON.parse(url.stdout) as { url: string }).url);
    const forged = new URL(redirect);
    forged.searchParams.set('state', 'someone-elses-state');
    const refused = await cli(['auth', 'code', forged.href]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/does not belong to this profile's authorization link/);

    const bareCode = new URL(redirect).searchParams.get('code') ?? '';
    expect((await cli(['auth', 'code', '-'], bareCode)).code).toBe(0);
    const reused = await cli(['auth', 'code', '-'], bareCode);
    expect(reused.code).toBe(3);
    expect(reused.stderr).toMatch(/^Error 36004004: invalid auth code: it has already been used/);
    expect(reused.stderr).toMatch(/a code works only once/);
    expect(reused.stderr).toMatch(/request_id: \d{14}[0-9A-F]{20}/);
    expectClean(reused);
  });

  it('refreshes before the call when the access token is near its end, and keeps the rotated pair in the keychain', async () => {
    await authorizedProfile();
    const before = await storedTokens();
    const refreshes = sandbox.authStats().refreshes;

    const plain = await cli(['get', '--no-refresh']);
    expect(plain.code).toBe(0);
    expect(sandbox.authStats().refreshes).toBe(refreshes);

    expect(plain.stderr).toBe('');
    const get = await cli(['get']);
    expect(get.code, get.stderr).toBe(0);
    expect(get.stderr).toMatch(/^Note: the access token of "shop" was renewed first/);
    expect(sandbox.authStats().refreshes).toBe(refreshes + 1);
    const after = await storedTokens();
    expect(after.access).not.toBe(before.access);
    expect(after.refresh).not.toBe(before.refresh);
    expectClean(get);

    // The rotated-away refresh token is dead on the server; the stored one works.
    const refreshed = await cli(['auth', 'refresh']);
    expect(refreshed.code, refreshed.stderr).toBe(0);
    expect(refreshed.stdout).toContain('Refreshed the access token of profile "shop"');
    expectClean(refreshed);
  });

  it('refreshes exactly once when four CLI processes and the app find the token expiring at the same moment', async () => {
    // Seven-day access tokens, the first one issued by a sandbox clock set back so that it has 5 minutes left:
    // the refreshed one then has 7 days, and whoever comes after the refresh uses it as it is.
    const weekly = await startSandbox({ clock });
    offsetMs = -(7 * 24 * 3600 - 300) * 1000;
    await authorizedProfile(weekly);
    offsetMs = 0;
    const refreshes = weekly.authStats().refreshes;
    const app = createCore({ dataDir: home, secrets: keychain, sandbox: Object.assign(() => Promise.reject(new Error('unused')), { runningAt: () => null }) });
    const runs = await Promise.all([
      ...Array.from({ length: 4 }, () => cli(['get'])),
      app.tokens.getToken('shop').then(
        (outcome) => ({ code: 0, stdout: outcome.result.token, stderr: '', signal: null }),
        (error: unknown) => ({ code: 1, stdout: '', stderr: String(error), signal: null }),
      ),
    ]);
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^eyJ/);
    }
    expect(weekly.authStats().refreshes).toBe(refreshes + 1);
    await weekly.close();
  });

  it('says the seller must authorize again once the authorization has ended', async () => {
    await authorizedProfile();
    offsetMs = (REFRESH_TTL + 60) * 1000;
    const run = await cli(['auth', 'refresh']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^Error 36004001: rt has expired/);
    expect(run.stderr).toMatch(/The seller must authorize the app again/);
    expectClean(run);
  });

  it('keeps the built-in profile to the app, and says how to run the flow on the command line', async () => {
    const run = await cli(['auth', 'url', '--profile', 'sandbox']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/widget-token sandbox/);
    const shops = await cli(['shops', '--profile', 'sandbox']);
    expect(shops.code, shops.stderr).toBe(0);
    expect(shops.stdout).toMatch(/^ID\s+NAME\s+REGION\s+SELLER TYPE/);
    expect(shops.stdout).toContain('7494001122334455667  Sandbox Demo Shop GB');
  });
});
