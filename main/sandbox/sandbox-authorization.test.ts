/**
 * The sandbox's seller-authorization side over real HTTP on 127.0.0.1: the authorize page
 * and its callback, token/get and token/refresh with the documented envelope and errors,
 * and the shops endpoint, on a clock the tests move.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../core/clock';
import { sign } from '../core/sign';
import { SANDBOX_APP_KEY, SANDBOX_APP_SECRET, SANDBOX_SECOND_SHOP_ID, SANDBOX_SERVICE_ID, SANDBOX_SHOP_ID } from './demo-credentials';
import { CODE_TTL_SECONDS } from './sandbox-authority';
import { AUTHORIZE_PATH, SHOPS_PATH, startSandbox, TOKEN_GET_PATH, TOKEN_REFRESH_PATH, WIDGET_TOKEN_PATH, type RunningSandbox } from './sandbox-server';

const START_MS = 1_765_432_100_000;
let nowMs = START_MS;
const clock: Clock = { nowMs: () => nowMs };
const nowS = () => Math.floor(nowMs / 1000);

const ACCESS_TTL = 600;
const REFRESH_TTL = 3600;

interface Envelope {
  code: number;
  message: string;
  request_id: string;
  data?: Record<string, unknown>;
}

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ clock, accessTtlSeconds: ACCESS_TTL, refreshTtlSeconds: REFRESH_TTL });
});

afterAll(async () => {
  await sandbox.close();
});

async function getJson(path: string, query: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; text: string; body: Envelope }> {
  const response = await fetch(`${sandbox.baseUrl}${path}?${new URLSearchParams(query).toString()}`, { headers, redirect: 'error' });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as Envelope };
}

/** Follows the authorize link as a browser would, and reads the code off the callback page's address. */
async function authorize(state = 'state-0123456789'): Promise<{ code: string; callbackUrl: string; page: string }> {
  const first = await fetch(`${sandbox.baseUrl}${AUTHORIZE_PATH}?service_id=${SANDBOX_SERVICE_ID}&state=${state}`, { redirect: 'manual' });
  expect(first.status).toBe(302);
  const callbackUrl = new URL(first.headers.get('location') ?? '', sandbox.baseUrl).href;
  const page = await (await fetch(callbackUrl)).text();
  return { code: new URL(callbackUrl).searchParams.get('code') ?? '', callbackUrl, page };
}

const exchange = (code: string, secret = SANDBOX_APP_SECRET) =>
  getJson(TOKEN_GET_PATH, { app_key: SANDBOX_APP_KEY, app_secret: secret, auth_code: code, grant_type: 'authorized_code' });
const refresh = (refreshToken: string) =>
  getJson(TOKEN_REFRESH_PATH, { app_key: SANDBOX_APP_KEY, app_secret: SANDBOX_APP_SECRET, refresh_token: refreshToken, grant_type: 'refresh_token' });

function signedCall(path: string, accessToken: string) {
  const query = { app_key: SANDBOX_APP_KEY, timestamp: String(nowS()) };
  return getJson(path, { ...query, sign: sign({ path, query }, SANDBOX_APP_SECRET) }, { 'x-tts-access-token': accessToken });
}

describe('the authorize page', () => {
  it('approves the demo seller at once and redirects to its callback page, which shows the code as the sandbox\'s', async () => {
    const { code, callbackUrl, page } = await authorize('my-state_42');
    expect(callbackUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sandbox\/callback\?code=SBX_CODE_[\w-]+&state=my-state_42$/);
    expect(page).toContain(`<code id="code">${code}</code>`);
    expect(page).toContain('not valid on TikTok Shop');
  });

  it('escapes what it shows: a code in the address cannot become markup', async () => {
    const page = await (await fetch(`${sandbox.baseUrl}/sandbox/callback?code=${encodeURIComponent('<script>alert(1)</script>')}`)).text();
    expect(page).not.toContain('<script>');
    expect(page).toContain('&#60;script&#62;');
  });

  it('refuses a service ID that is not its demo one, naming the one it knows', async () => {
    const response = await fetch(`${sandbox.baseUrl}${AUTHORIZE_PATH}?service_id=123&state=abc`, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(SANDBOX_SERVICE_ID);
  });
});

describe('token/get', () => {
  it('exchanges a code once for the documented data, expiries as Unix timestamps', async () => {
    const { code } = await authorize();
    const answer = await exchange(code);
    expect(answer.body.code).toBe(0);
    const data = answer.body.data ?? {};
    expect(data.access_token).toMatch(/^SBX_AT_/);
    expect(data.refresh_token).toMatch(/^SBX_RT_/);
    expect(data.access_token_expire_in).toBe(nowS() + ACCESS_TTL);
    expect(data.refresh_token_expire_in).toBe(nowS() + REFRESH_TTL);
    expect(data).toMatchObject({ seller_base_region: 'GB', user_type: 0 });
    expect(data.seller_name).toMatch(/sandbox/i);
    expect(Array.isArray(data.granted_scopes)).toBe(true);

    const reused = await exchange(code);
    expect(reused.body.code).toBe(36004004);
    expect(reused.body.message).toMatch(/already been used.*\(offline sandbox\)$/);
  });

  it('refuses an unknown code, and one older than 30 minutes', async () => {
    expect((await exchange('SBX_CODE_never-issued')).body.code).toBe(36004004);
    const { code } = await authorize();
    nowMs += (CODE_TTL_SECONDS + 1) * 1000;
    const late = await exchange(code);
    expect(late.body.code).toBe(36004004);
    expect(late.body.message).toMatch(/expired/);
  });

  it('refuses a wrong app secret without echoing it', async () => {
    const { code } = await authorize();
    const answer = await exchange(code, 'my-real-secret-do-not-echo');
    expect(answer.body.code).toBe(36009004);
    expect(answer.text).not.toContain('my-real-secret-do-not-echo');
    // The code was not spent by the refused call.
    expect((await exchange(code)).body.code).toBe(0);
  });
});

describe('token/refresh', () => {
  it('rotates the refresh token: the new pair works, the old refresh token then fails with 36004005', async () => {
    const first = (await exchange((await authorize()).code)).body.data ?? {};
    const before = sandbox.authStats().refreshes;
    const second = await refresh(String(first.refresh_token));
    expect(second.body.code).toBe(0);
    expect(second.body.data?.refresh_token).not.toBe(first.refresh_token);
    expect(second.body.data?.refresh_token_expire_in).toBe(first.refresh_token_expire_in);
    expect(sandbox.authStats().refreshes).toBe(before + 1);

    const again = await refresh(String(first.refresh_token));
    expect(again.body.code).toBe(36004005);
    expect((await refresh('SBX_RT_unknown')).body.code).toBe(36004005);
  });

  it('answers 36004001 once the authorization has ended', async () => {
    const grant = (await exchange((await authorize()).code)).body.data ?? {};
    nowMs += REFRESH_TTL * 1000;
    const answer = await refresh(String(grant.refresh_token));
    expect(answer.body.code).toBe(36004001);
    expect(answer.body.message).toMatch(/authorize/);
  });
});

describe('issued access tokens on the signed endpoints', () => {
  it('are accepted by widget_token and shops until they expire, then answered with 105002', async () => {
    const grant = (await exchange((await authorize()).code)).body.data ?? {};
    const accessToken = String(grant.access_token);

    expect((await signedCall(WIDGET_TOKEN_PATH, accessToken)).body.code).toBe(0);
    const shops = await signedCall(SHOPS_PATH, accessToken);
    expect(shops.body.code).toBe(0);
    // Ids are strings holding every digit, the same as the widget token's ShopIDs.
    expect(shops.text).toContain(`"id":"${SANDBOX_SHOP_ID}"`);
    expect(shops.text).toContain(`"id":"${SANDBOX_SECOND_SHOP_ID}"`);
    expect(shops.body.data?.shops).toHaveLength(2);

    nowMs += ACCESS_TTL * 1000;
    const expired = await signedCall(WIDGET_TOKEN_PATH, accessToken);
    expect(expired.body.code).toBe(105002);
    expect((await signedCall(SHOPS_PATH, accessToken)).body.code).toBe(105002);
  });

  it('refuses an access token it never issued', async () => {
    expect((await signedCall(SHOPS_PATH, 'SBX_AT_forged')).body.code).toBe(36009004);
  });
});
