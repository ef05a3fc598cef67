/**
 * The seller-authorization calls: token/get (authorization code -> tokens) and
 * token/refresh. They are not signed, and the app secret travels in their query, so they
 * never follow a redirect, and everything a server sends back is masked (secret-mask.ts)
 * before it can reach a message. The HTTP exchange, its timeout, its body cap and its
 * error texts are the widget-token client's.
 */
import { z } from 'zod';
import type { AuthorizationFacts } from '../../preload/contract';
import { toApiError } from './api-errors';
import { parseBaseUrl } from './base-url';
import { systemClock, type Clock } from './clock';
import { describeDataIssues, readEnvelope } from './envelope';
import { secretMasker } from './secret-mask';
import { NetworkError, ValidationError } from './errors';
import { checkedTimeoutMs, exchange, sendRequest, type RequestFn } from './widget-token-client';

export const DEFAULT_AUTH_BASE_URL = 'https://auth.tiktok-shops.com';
export const TOKEN_GET_PATH = '/api/v2/token/get';
export const TOKEN_REFRESH_PATH = '/api/v2/token/refresh';

/** What token/get and token/refresh yield: the two tokens (for the keychain) and the facts (for the profile). */
export interface TokenGrant {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly authorization: AuthorizationFacts;
}

export interface AuthCallDeps {
  readonly clock?: Clock;
  readonly request?: RequestFn;
}

interface AuthCallBase {
  /** The profile's authBaseUrl, else DEFAULT_AUTH_BASE_URL. */
  readonly authBaseUrl: string;
  readonly appKey: string;
  readonly appSecret: string;
  readonly timeoutMs?: number;
}

export interface CodeExchange extends AuthCallBase {
  readonly code: string;
}

export interface TokenRefresh extends AuthCallBase {
  readonly refreshToken: string;
}

const timestamp = z.union([z.number().int().positive(), z.string().regex(/^\d{1,12}$/).transform(Number)]);
const text = z.string().max(1024);
const grantSchema = z.object({
  access_token: z.string().regex(/^[\x21-\x7e]{1,4096}$/, 'must be a printable ASCII token'),
  refresh_token: z.string().regex(/^[\x21-\x7e]{1,4096}$/, 'must be a printable ASCII token'),
  access_token_expire_in: timestamp,
  refresh_token_expire_in: timestamp,
  open_id: text.nullish(),
  seller_name: text.nullish(),
  seller_base_region: z.string().max(64).nullish(),
  user_type: z.number().int().nullish(),
  granted_scopes: z.array(z.string().max(256)).max(512).nullish(),
  granted_permissions: z.array(z.string().max(256)).max(512).nullish(),
});

function requireValue(value: string, what: string, remedy: string): string {
  const trimmed = value.trim();
  if (trimmed === '') throw new ValidationError(`The ${what} is empty.`, `The call to obtain the shop's tokens needs the ${what}.`, remedy);
  return trimmed;
}

async function tokenCall(path: string, query: Readonly<Record<string, string>>, base: AuthCallBase, deps: AuthCallDeps): Promise<TokenGrant> {
  const clock = deps.clock ?? systemClock;
  const url = parseBaseUrl(base.authBaseUrl);
  // The masker knows each secret as typed and as sent (form-encoded in the query): a server may echo either.
  const secrets = Object.entries(query)
    .filter(([key]) => key !== 'app_key' && key !== 'grant_type')
    .map(([, value]) => value);
  const mask = secretMasker(secrets);
  const search = new URLSearchParams(query).toString();
  const answer = await exchange({
    url,
    path: `${url.pathname.replace(/\/+$/, '')}${path}?${search}`,
    headers: { 'content-type': 'application/json' },
    timeoutMs: checkedTimeoutMs(base.timeoutMs),
    clock,
    send: deps.request ?? sendRequest,
    carries: 'the app secret in the query',
  });
  // The tokens in `data` are read as sent; its plain-text facts are masked below.
  const envelope = readEnvelope(answer.body, answer.status, secrets, { dataAsSent: true });
  if (!envelope.ok) {
    throw toApiError({ code: envelope.code, message: envelope.message, requestId: envelope.requestId });
  }
  const parsed = grantSchema.safeParse(envelope.data);
  if (!parsed.success) {
    throw new NetworkError(
      `The authorization server reported success but its answer holds no usable tokens (HTTP ${answer.status}).`,
      `In the response: ${mask(describeDataIssues(parsed.error))}.${envelope.requestId ? ` request_id: ${envelope.requestId}.` : ''}`,
      `Try again. If it persists, check the profile's auth base URL (default ${DEFAULT_AUTH_BASE_URL}).`,
    );
  }
  const data = parsed.data;
  return {
    accessToken: data.access_token,
    refreshToken: data.refresh_token,
    authorization: {
      accessTokenExpiresAt: data.access_token_expire_in,
      refreshTokenExpiresAt: data.refresh_token_expire_in,
      sellerName: mask(data.seller_name ?? ''),
      sellerBaseRegion: mask(data.seller_base_region ?? ''),
      openId: mask(data.open_id ?? ''),
      ...(data.user_type === null || data.user_type === undefined ? {} : { userType: data.user_type }),
      grantedScopes: (data.granted_scopes ?? data.granted_permissions ?? []).map(mask),
      obtainedAt: Math.floor(clock.nowMs() / 1000),
    },
  };
}

/** `GET {authBaseUrl}/api/v2/token/get`: the seller's authorization code for the shop's tokens. */
export function exchangeCode(request: CodeExchange, deps: AuthCallDeps = {}): Promise<TokenGrant> {
  const appKey = requireValue(request.appKey, 'app key', 'Set the app key in the profile.');
  const appSecret = requireValue(request.appSecret, 'app secret', 'Store the app secret in the profile (it is kept in the keychain).');
  const code = requireValue(request.code, 'authorization code', 'Paste the address the seller was sent to after approving, or the code alone.');
  return tokenCall(TOKEN_GET_PATH, { app_key: appKey, app_secret: appSecret, auth_code: code, grant_type: 'authorized_code' }, request, deps);
}

/** `GET {authBaseUrl}/api/v2/token/refresh`: a new access token, and usually a new refresh token. */
export function refreshTokens(request: TokenRefresh, deps: AuthCallDeps = {}): Promise<TokenGrant> {
  const appKey = requireValue(request.appKey, 'app key', 'Set the app key in the profile.');
  const appSecret = requireValue(request.appSecret, 'app secret', 'Store the app secret in the profile (it is kept in the keychain).');
  const refreshToken = requireValue(request.refreshToken, 'refresh token', 'Authorize the shop to obtain one (Authorize shop, or `widget-token auth url`).');
  return tokenCall(TOKEN_REFRESH_PATH, { app_key: appKey, app_secret: appSecret, refresh_token: refreshToken, grant_type: 'refresh_token' }, request, deps);
}
