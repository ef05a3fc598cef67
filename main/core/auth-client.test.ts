/**
 * token/get and token/refresh against loopback servers that misbehave: one that echoes the
 * query (app secret, code, refresh token) back in its message or in a page, one that
 * redirects, one whose answer is not the documented data. Whatever comes back, no secret
 * of the call is in the error.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { exchangeCode, refreshTokens } from './auth-client';
import { AppError, ApiError, NetworkError } from './errors';

const SECRET = 'auth-client-test-app-secret-0123456789';
const CODE = 'auth-client-test-code-abcdef';
const REFRESH = 'auth-client-test-refresh-token-xyz';

let close: (() => Promise<void>) | undefined;

afterEach(async () => {
  await close?.();
  close = undefined;
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function failure(call: Promise<unknown>): Promise<AppError> {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

function textOf(error: AppError): string {
  return [error.message, error.explanation, error.resolution, error instanceof ApiError ? error.requestId : ''].join(' ');
}

describe('the authorization calls', () => {
  it('mask every secret a server echoes back in its error message', async () => {
    const base = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 36004004, message: `invalid auth code; you sent ${req.url ?? ''}`, request_id: `RID-${SECRET}` }));
    });
    const error = await failure(exchangeCode({ authBaseUrl: base, appKey: 'key', appSecret: SECRET, code: CODE }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toContain('invalid auth code; you sent /api/v2/token/get?app_key=key&app_secret=****&auth_code=****');
    expect(textOf(error)).not.toContain(SECRET);
    expect(textOf(error)).not.toContain(CODE);
    expect(error.explanation).toMatch(/already exchanged, is older than 30 minutes/);
  });

  it('mask a secret also in the encoded form the query carried it in', async () => {
    const awkward = 'secret/with+plus=and space&amp';
    const base = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 36004005, message: `no record for ${req.url ?? ''}`, request_id: 'R' }));
    });
    const error = await failure(refreshTokens({ authBaseUrl: base, appKey: 'key', appSecret: awkward, refreshToken: REFRESH }));
    expect(error.message).toContain('app_secret=****&refresh_token=****');
    expect(error.message).not.toContain('secret%2Fwith');
  });

  it('mask them in a quoted page that is not the API, and in a malformed success', async () => {
    const page = await serve((req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(`<html><title>Bad gateway for ${req.url ?? ''}</title></html>`);
    });
    const quoted = await failure(refreshTokens({ authBaseUrl: page, appKey: 'key', appSecret: SECRET, refreshToken: REFRESH }));
    expect(quoted).toBeInstanceOf(NetworkError);
    expect(textOf(quoted)).toContain('Bad gateway for');
    expect(textOf(quoted)).not.toContain(SECRET);
    expect(textOf(quoted)).not.toContain(REFRESH);
    await close?.();

    const malformed = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 0, message: 'ok', request_id: 'R1', data: { access_token: SECRET, refresh_token: 'two words' } }));
    });
    const unusable = await failure(refreshTokens({ authBaseUrl: malformed, appKey: 'key', appSecret: SECRET, refreshToken: REFRESH }));
    expect(unusable.message).toMatch(/holds no usable tokens/);
    expect(textOf(unusable)).not.toContain(SECRET);
  });

  it('never follow a redirect, which would carry the app secret elsewhere', async () => {
    let followed = false;
    const elsewhere = await serve((_req, res) => {
      followed = true;
      res.end('{}');
    });
    const closeElsewhere = close;
    const redirecting = await serve((_req, res) => {
      res.writeHead(307, { location: `${elsewhere}/steal` });
      res.end();
    });
    const error = await failure(exchangeCode({ authBaseUrl: redirecting, appKey: 'key', appSecret: SECRET, code: CODE }));
    expect(error.explanation).toMatch(/would carry the app secret in the query to another address/);
    expect(followed).toBe(false);
    await closeElsewhere?.();
  });

  it('read the documented answer: timestamps, seller, and granted_permissions for granted_scopes', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          code: '0',
          message: 'success',
          request_id: 'R2',
          data: { access_token: 'AT', access_token_expire_in: 1800000000, refresh_token: 'RT', refresh_token_expire_in: '1830000000', seller_name: 'S', seller_base_region: 'MY', open_id: 'o', granted_permissions: ['a'] },
        }),
      );
    });
    const grant = await exchangeCode({ authBaseUrl: base, appKey: 'key', appSecret: SECRET, code: CODE }, { clock: { nowMs: () => 1_700_000_000_500 } });
    expect(grant).toEqual({
      accessToken: 'AT',
      refreshToken: 'RT',
      authorization: { accessTokenExpiresAt: 1800000000, refreshTokenExpiresAt: 1830000000, sellerName: 'S', sellerBaseRegion: 'MY', openId: 'o', grantedScopes: ['a'], obtainedAt: 1700000000 },
    });
  });
});
