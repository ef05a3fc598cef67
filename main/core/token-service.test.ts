/**
 * A server that echoes the profile's secrets, met through the bridge as the window meets
 * it: whatever the answer carries them in (message, request_id, the token, the claims
 * inside the token), no result the UI receives holds one.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from '../../common/jwt';
import { createBridgeHandlers } from './bridge-handlers';
import type { BridgeHandlerTable } from './bridge-handler-table';
import { createMemorySecretStore } from './memory-secret-store';

const APP_SECRET = 'echo-app-secret-51c9';
const ACCESS_TOKEN = 'ROW_echo-access-token-8d2e';

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims: Record<string, unknown>) => `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.c2ln`;

/** What the echoing server answers next. */
let answer: unknown = null;
let server: Server;
let home: string;
let handlers: BridgeHandlerTable;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  home = await mkdtemp(path.join(tmpdir(), 'wtd-echo-'));
  handlers = createBridgeHandlers({
    shell: 'preview',
    appVersion: '0.0.0-echo',
    dataDir: home,
    secrets: createMemorySecretStore(),
    sandbox: Object.assign(() => Promise.reject(new Error('the sandbox is not used here')), { runningAt: () => null }),
  });
  const saved = await handlers.saveProfile({
    name: 'echo',
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    appKey: 'echokey',
    appSecret: { action: 'replace', value: APP_SECRET },
    accessToken: { action: 'replace', value: ACCESS_TOKEN },
  });
  expect(saved.ok).toBe(true);
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(home, { recursive: true, force: true });
});

const success = (token: string) => ({ code: 0, message: 'Success', request_id: 'RID-OK', data: { widget_token: { token, expire_at: 1_900_000_000 } } });

describe('getToken from a server that echoes the secrets', () => {
  it.each([
    ['an error message and request_id', { code: 36009004, message: `invalid access_token ${ACCESS_TOKEN} for secret ${APP_SECRET}`, request_id: `RID-${ACCESS_TOKEN}` }],
    ['the widget token itself', success(ACCESS_TOKEN)],
    ['a claim value inside the token', success(jwt({ sub: ACCESS_TOKEN, exp: 1_900_000_000 }))],
    ['a claim name inside the token', success(jwt({ [APP_SECRET]: 1, exp: 1_900_000_000 }))],
  ])('gives the window no secret when they are in %s', async (_case, reply) => {
    answer = reply;
    const result = await handlers.getToken({ profile: 'echo' });
    // The window decodes the token it is given: what it would show counts too.
    const text = JSON.stringify([result, result.ok ? decodeJwt(result.value.token) : null]);
    expect(text).not.toContain(ACCESS_TOKEN);
    expect(text).not.toContain(APP_SECRET);
  });

  it('refuses a token that carries a secret in its claims, and says why', async () => {
    answer = success(jwt({ sub: ACCESS_TOKEN, exp: 1_900_000_000 }));
    const result = await handlers.getToken({ profile: 'echo' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'network', message: 'The token the server sent carries a secret of this profile in its claims, so it is not shown.' } });
  });

  it('still hands on a token whose claims hold no secret', async () => {
    answer = success(jwt({ sub: 'someone', exp: 1_900_000_000 }));
    const result = await handlers.getToken({ profile: 'echo' });
    expect(result).toMatchObject({ ok: true, value: { token: jwt({ sub: 'someone', exp: 1_900_000_000 }), jwtExp: 1_900_000_000 } });
  });
});
