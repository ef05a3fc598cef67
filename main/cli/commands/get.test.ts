/**
 * `widget-token get` as a user runs it: the built CLI in a child process, on a fresh
 * data folder, against the built-in sandbox, a sandbox of the test's own and loopback
 * servers that fail the way real networks do. Profiles of your own need the keychain:
 * run inside a Secret Service session (see BUILD-NOTES).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearKeychainService, requireBuiltCli, runCli, STACK_LINE } from '../../../tests/support/built-cli';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_APP_KEY, SANDBOX_APP_SECRET } from '../../sandbox/demo-credentials';
import { startSandbox, type RunningSandbox } from '../../sandbox/sandbox-server';
import { SANDBOX_FALLBACK_NOTE } from './get';

let home: string;
const service = `widget-token-cli-get-test-${randomUUID()}`;
const env = (): Record<string, string> => ({ WIDGET_TOKEN_HOME: home, WIDGET_TOKEN_KEYCHAIN_SERVICE: service });

beforeAll(() => requireBuiltCli());

beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'wtd-cli-get-'));
});

afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Creates a profile through the CLI, its secrets from the environment, as a script would. */
async function setProfile(name: string, baseUrl: string, appSecret = SANDBOX_APP_SECRET): Promise<void> {
  const run = await runCli(['profile', 'set', name, '--base-url', baseUrl, '--app-key', SANDBOX_APP_KEY], {
    env: { ...env(), WIDGET_TOKEN_APP_SECRET: appSecret, WIDGET_TOKEN_ACCESS_TOKEN: SANDBOX_ACCESS_TOKEN },
  });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
}

describe('widget-token get on a fresh install', () => {
  it('prints a sandbox token alone on stdout and says on stderr that it used the sandbox', async () => {
    const run = await runCli(['get'], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(run.stderr.trim()).toBe(SANDBOX_FALLBACK_NOTE);
  });

  it('--json prints one object with the claims exact: the 19-digit UserID as a JSON number with all its digits', async () => {
    const before = Math.floor(Date.now() / 1000);
    const run = await runCli(['get', '--json'], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/"UserID":\s*7493990753256900486[,\s}]/);
    expect(run.stdout).toMatch(/"ShopIDs":\s*\[\s*7494001122334455667,\s*7494001122334455781\s*\]/);
    const parsed = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['profile', 'token', 'expireAt', 'jwtExp', 'requestId', 'claims', 'header']);
    expect(parsed.profile).toBe('sandbox');
    expect(parsed.header).toEqual({ alg: 'HS512', typ: 'JWT' });
    expect(parsed.expireAt).toBe(parsed.jwtExp);
    expect(parsed.expireAt).toBeGreaterThanOrEqual(before + 300);
    expect(parsed.requestId).toMatch(/^\d{14}[0-9A-F]{20}$/);
    expect(run.stderr).toContain(SANDBOX_FALLBACK_NOTE);
  });

  it('--profile picks the profile for this call only: the active profile is not changed', async () => {
    expect((await runCli(['get', '--profile', 'sandbox'], { env: env() })).code).toBe(0);
    await expect(readFile(path.join(home, 'profiles.json'), 'utf8')).rejects.toThrow();
    const run = await runCli(['get'], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stderr.trim()).toBe(SANDBOX_FALLBACK_NOTE);
  });

  it('--profile with an unknown name exits 2 and names the profile', async () => {
    const run = await runCli(['get', '--profile', 'nope'], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('There is no profile named "nope"');
    expect(run.stdout).toBe('');
  });
});

describe('widget-token get with a profile of your own (keychain)', () => {
  let sandbox: RunningSandbox;
  let silent: Server | undefined;

  beforeAll(async () => {
    sandbox = await startSandbox();
  });

  afterAll(async () => {
    await sandbox.close();
    await clearKeychainService(service);
  });

  afterEach(async () => {
    silent?.closeAllConnections();
    await new Promise<void>((resolve) => (silent ? silent.close(() => resolve()) : resolve()));
    silent = undefined;
  });

  it('gets a token with --profile and leaves the active profile alone; `profile use` switches it', async () => {
    await setProfile('shop-eu', sandbox.baseUrl);
    const used = await runCli(['profile', 'use', 'sandbox'], { env: env() });
    expect(used.code).toBe(0);
    expect(used.stdout).toBe('The active profile is now "sandbox".\n');

    const run = await runCli(['get', '--profile', 'shop-eu', '--json'], { env: env() });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { profile: string; token: string };
    expect(result.profile).toBe('shop-eu');

    const activeName = async (): Promise<string | undefined> =>
      (JSON.parse((await runCli(['profile', 'list', '--json'], { env: env() })).stdout) as { name: string; active: boolean }[]).find((profile) => profile.active)?.name;
    expect(await activeName()).toBe('sandbox');

    // Names are matched as users read them; the profile's own spelling is what is stored.
    expect((await runCli(['profile', 'use', 'SHOP-EU'], { env: env() })).stdout).toBe('The active profile is now "shop-eu".\n');
    expect(await activeName()).toBe('shop-eu');
    // Without --profile, the active profile is used, and the output is the token alone.
    const plain = await runCli(['get', '--json'], { env: env() });
    expect(plain.code).toBe(0);
    expect(plain.stderr).toBe('');
    expect((JSON.parse(plain.stdout) as { profile: string }).profile).toBe('shop-eu');
  });

  it('`profile use` with an unknown name exits 2, names it, and keeps the active profile', async () => {
    await setProfile('shop-eu', sandbox.baseUrl);
    const run = await runCli(['profile', 'use', 'nope'], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('There is no profile named "nope"');
    expect(run.stdout).toBe('');
    const stored = JSON.parse(await readFile(path.join(home, 'profiles.json'), 'utf8')) as { active: string };
    expect(stored.active).toBe('shop-eu');
  });

  it('prints a token that was already expired when it arrived, with a note on stderr', async () => {
    const nowSeconds = Math.floor(Date.now() / 1000);
    const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');
    const token = `${b64('{"alg":"HS512","typ":"JWT"}')}.${b64(`{"UserID":7493990753256900486,"exp":${nowSeconds - 95_580_863}}`)}.c2ln`;
    silent = createServer((_request, response) => {
      const body = JSON.stringify({ code: 0, message: 'Success', request_id: 'REQ-2', data: { widget_token: { token, expire_at: nowSeconds - 120 } } });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(body);
    });
    await new Promise<void>((resolve) => silent?.listen(0, '127.0.0.1', resolve));
    await setProfile('stale', `http://127.0.0.1:${(silent.address() as AddressInfo).port}`);

    const run = await runCli(['get', '--profile', 'stale'], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${token}\n`);
    expect(run.stderr).toMatch(/^Note: this token was already expired when it arrived \(expired 3y 10d ago by the server's clock\)/m);
    // The gap between expire_at and exp in words, not 95580743 s.
    expect(run.stderr).toContain('differ by 3y 10d;');
  });

  it('puts clock skew and an expire_at/exp disagreement on stderr, and keeps stdout the token alone', async () => {
    const nowSeconds = Math.floor(Date.now() / 1000);
    const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');
    const token = `${b64('{"alg":"HS512","typ":"JWT"}')}.${b64(`{"UserID":7493990753256900486,"exp":${nowSeconds + 300}}`)}.c2ln`;
    silent = createServer((_request, response) => {
      // As in the documented sample: a token wrapped over lines, expire_at earlier than exp.
      const body = JSON.stringify({ code: 0, message: 'Success', request_id: 'REQ-1', data: { widget_token: { token: `${token.slice(0, 30)}\n${token.slice(30)}`, expire_at: nowSeconds + 240 } } });
      response.writeHead(200, { 'content-type': 'application/json', date: new Date(Date.now() + 25_000).toUTCString() });
      response.end(body);
    });
    await new Promise<void>((resolve) => silent?.listen(0, '127.0.0.1', resolve));
    await setProfile('skewed', `http://127.0.0.1:${(silent.address() as AddressInfo).port}`);

    const run = await runCli(['get', '--profile', 'skewed'], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${token}\n`);
    expect(run.stderr).toMatch(/^Warning: This computer's clock is 2\ds behind the server's\./m);
    expect(run.stderr).toContain(`expire_at (${nowSeconds + 240},`);
    expect(run.stderr).toContain(`exp (${nowSeconds + 300},`);
    expect(run.stderr).toContain('differ by 1m;');

    const json = await runCli(['get', '--profile', 'skewed', '--json'], { env: env() });
    expect(json.code).toBe(0);
    expect(json.stdout).toContain(`"expireAt": ${nowSeconds + 240},`);
    expect(json.stdout).toContain(`"jwtExp": ${nowSeconds + 300},`);
    expect(json.stdout).toContain('"UserID": 7493990753256900486,');
    expect(json.stdout).toContain('"requestId": "REQ-1",');
  });

  it('exits 3 on an API error, with its code, message, resolution and request_id on stderr, and never the secret', async () => {
    const wrongSecret = `wrong-secret-${randomUUID()}`;
    await setProfile('wrong-secret', sandbox.baseUrl, wrongSecret);
    const run = await runCli(['get', '--profile', 'wrong-secret'], { env: env() });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^Error 106001: Invalid sign\. Expected .* of «app secret»\/authorization\/202401\/widget_token\S+«app secret»\. \(offline sandbox\) /);
    expect(run.stderr).toContain(' The signature (sign) did not match what the offline sandbox computed: the app secret is wrong for this app key. ');
    expect(run.stderr).toContain(' Re-enter the app secret: the offline sandbox accepts only its public demo app secret');
    expect(run.stderr).not.toContain('TikTok Shop');
    expect(run.stderr).toMatch(/request_id: \d{14}[0-9A-F]{20}/);
    expect(run.stderr).not.toContain(wrongSecret);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 4 with one paragraph when nothing listens at the base URL', async () => {
    await setProfile('closed', `http://127.0.0.1:${await closedPort()}`);
    const run = await runCli(['get', '--profile', 'closed'], { env: env() });
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^Error: /);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(STACK_LINE);
  });

  it('exits 4 soon after --timeout 1 when the server never answers', async () => {
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent?.listen(0, '127.0.0.1', resolve));
    await setProfile('silent', `http://127.0.0.1:${(silent.address() as AddressInfo).port}`);
    const started = Date.now();
    const run = await runCli(['get', '--profile', 'silent', '--timeout', '1'], { env: env() });
    const elapsed = Date.now() - started;
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^Error: /);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeLessThan(5000);
  });
});
