/**
 * The offline sandbox: a real HTTP server on 127.0.0.1 that answers
 * GET /authorization/202401/widget_token the way TikTok Shop does, checking the app key,
 * the timestamp window, the signature and the access token in that order, and issuing
 * HS512 JWTs shaped like the documented sample. Its tokens are not valid on TikTok Shop,
 * and every response says so (the message and the `x-widget-token-sandbox` header).
 * It also plays the seller-authorization side (authorize page, callback page, token/get,
 * token/refresh; see sandbox-authority.ts) and Get Authorized Shops, signed the same way.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SANDBOX_REFUSAL_LABEL } from '../core/api-errors';
import { systemClock, type Clock } from '../core/clock';
import { maskedStringToSign, sign } from '../core/sign';
import {
  SANDBOX_ACCESS_TOKEN,
  SANDBOX_APP_KEY,
  SANDBOX_APP_SECRET,
  SANDBOX_SELLER_TYPE,
  SANDBOX_SERVICE_ID,
  SANDBOX_SHOPS,
  SANDBOX_USER_ID,
} from './demo-credentials';
import { DEFAULT_ACCESS_TTL_SECONDS, DEFAULT_REFRESH_TTL_SECONDS, isRefusal, SandboxAuthority, type AuthorityStats } from './sandbox-authority';
import { issueSandboxJwt } from './sandbox-jwt';

export const WIDGET_TOKEN_PATH = '/authorization/202401/widget_token';
export const SHOPS_PATH = '/authorization/202309/shops';
export const TOKEN_GET_PATH = '/api/v2/token/get';
export const TOKEN_REFRESH_PATH = '/api/v2/token/refresh';
export const AUTHORIZE_PATH = '/open/authorize';
export const CALLBACK_PATH = '/sandbox/callback';

/** Signed like the widget-token call, with the access token header. */
const SIGNED_PATHS: ReadonlySet<string> = new Set([WIDGET_TOKEN_PATH, SHOPS_PATH]);
const SERVED_PATHS = [WIDGET_TOKEN_PATH, SHOPS_PATH, TOKEN_GET_PATH, TOKEN_REFRESH_PATH, AUTHORIZE_PATH, CALLBACK_PATH];

/** TikTok accepts timestamps in [now - 5 min, now + 30 s]. */
const MAX_TIMESTAMP_AGE_SECONDS = 300;
const MAX_TIMESTAMP_LEAD_SECONDS = 30;
const DEFAULT_TTL_SECONDS = 300;

const SUCCESS_MESSAGE = 'Success (offline sandbox: not valid on TikTok Shop)';

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly clock?: Clock;
  /** Lifetime of the issued tokens (`expire_at` and the JWT `exp`), default 300 s. */
  readonly ttlSeconds?: number;
  /** Lifetime of the access tokens token/get and token/refresh issue, default 7 days. */
  readonly accessTtlSeconds?: number;
  /** Lifetime of a seller's authorization (its refresh tokens), default 30 days. */
  readonly refreshTtlSeconds?: number;
}

export interface RunningSandbox {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly baseUrl: string;
  readonly port: number;
  /** How many codes were exchanged and tokens refreshed since it started. */
  authStats(): AuthorityStats;
  /** Stops listening and drops open connections; safe to call more than once. */
  close(): Promise<void>;
}

interface Rejection {
  readonly status: number;
  readonly code: number;
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A call that reached TikTok's gateway with a fake app key was answered HTTP 400 and
 * 36009004, and an invented path HTTP 404 and 36009009; the sandbox answers the same way.
 */
function reject(code: number, message: string, status = 400): Rejection {
  return { status, code, message: `${message} ${SANDBOX_REFUSAL_LABEL}` };
}

/** TikTok's style: UTC yyyyMMddHHmmss followed by 20 uppercase hex characters, 34 in all. */
export function sandboxRequestId(nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/\D/g, '').slice(0, 14);
  return `${stamp}${randomBytes(10).toString('hex').toUpperCase()}`;
}

/** The comparison does not leak how much of the expected value matched. */
function sameText(actual: string, expected: string): boolean {
  const a = Buffer.from(actual, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function checkTimestamp(raw: string | undefined, nowSeconds: number): Rejection | undefined {
  if (!raw) {
    return reject(36009004, 'Missing credentials. The request does not include the `timestamp` query parameter.');
  }
  if (!/^\d{1,15}$/.test(raw)) {
    return reject(36009004, 'Invalid timestamp. The `timestamp` query parameter must be whole Unix seconds.');
  }
  const timestamp = Number(raw);
  if (timestamp < nowSeconds - MAX_TIMESTAMP_AGE_SECONDS) {
    return reject(
      36009004,
      'Invalid timestamp. The value of the `timestamp` query parameter must not be earlier than 5 minutes before the current time.',
    );
  }
  if (timestamp > nowSeconds + MAX_TIMESTAMP_LEAD_SECONDS) {
    return reject(
      36009004,
      'Invalid timestamp. The value of the `timestamp` query parameter must not be later than 30 seconds after the current time.',
    );
  }
  return undefined;
}

/**
 * The widget-token contract, in the order the real gateway checks it. Messages name the
 * culprit but never echo a received sign or access token.
 */
/** The query as one value per name; a name sent twice is refused. */
function singleValued(params: URLSearchParams): Readonly<Record<string, string>> | Rejection {
  const seen = new Map<string, string>();
  for (const [key, value] of params) {
    if (seen.has(key)) {
      return reject(98001004, `Invalid param. The \`${key}\` query parameter appears more than once.`);
    }
    seen.set(key, value);
  }
  // fromEntries defines own properties, so even a `__proto__` parameter is signed as sent.
  return Object.fromEntries(seen);
}

function isRejection(value: object): value is Rejection {
  return 'status' in value && 'code' in value;
}

/** The demo access token never expires; the ones token/get and token/refresh issued do. */
function checkAccessToken(token: string, authority: SandboxAuthority): Rejection | undefined {
  if (sameText(token, SANDBOX_ACCESS_TOKEN)) return undefined;
  const state = authority.checkAccessToken(token);
  if (state === 'valid') return undefined;
  if (state === 'expired') {
    return reject(105002, 'Access token expired. Refresh it with the refresh token (token/refresh).');
  }
  return reject(
    36009004,
    'Invalid credentials. The `x-tts-access-token` header is invalid: it is not the sandbox demo access token, nor one the sandbox issued.',
  );
}

function checkSignedCall(
  path: string,
  params: URLSearchParams,
  accessTokenHeader: string | undefined,
  nowSeconds: number,
  authority: SandboxAuthority,
): Rejection | undefined {
  const query = singleValued(params);
  if (isRejection(query)) return query;

  const appKey = query.app_key;
  if (!appKey) {
    return reject(36009004, 'Missing credentials. The request does not include the `app_key` query parameter.');
  }
  if (appKey !== SANDBOX_APP_KEY) {
    return reject(
      36009004,
      `Invalid credentials. Invalid \`app_key\` query parameter: the sandbox accepts only its demo app key ${SANDBOX_APP_KEY}.`,
    );
  }

  const timestampProblem = checkTimestamp(query.timestamp, nowSeconds);
  if (timestampProblem) return timestampProblem;

  const signInput = { path, query };
  if (!query.sign) {
    return reject(106001, 'Invalid sign. The request does not include the `sign` query parameter.');
  }
  if (!sameText(query.sign, sign(signInput, SANDBOX_APP_SECRET))) {
    // The expected string to sign, with the secret masked, is what a developer testing
    // their own signing code needs to find the difference.
    return reject(
      106001,
      `Invalid sign. Expected lowercase hex HMAC-SHA256, keyed with the app secret, of ${maskedStringToSign(signInput)}.`,
    );
  }

  if ('access_token' in query) {
    return reject(
      98001004,
      'Invalid param. The access token goes in the `x-tts-access-token` header, never in the `access_token` query parameter.',
    );
  }
  if (!accessTokenHeader) {
    return reject(36009004, 'Missing credentials. The request does not include the `x-tts-access-token` header (the access token).');
  }
  return checkAccessToken(accessTokenHeader, authority);
}

/** token/get and token/refresh: unsigned, the app secret in the query, as TikTok Shop has them. */
function tokenCall(path: string, params: URLSearchParams, authority: SandboxAuthority): Rejection | Readonly<Record<string, unknown>> {
  const query = singleValued(params);
  if (isRejection(query)) return query;
  if (query.app_key !== SANDBOX_APP_KEY) {
    return reject(36009004, `Invalid credentials. Invalid \`app_key\` query parameter: the sandbox accepts only its demo app key ${SANDBOX_APP_KEY}.`);
  }
  // Never echoed: the value is somebody's app secret when it is not the demo one.
  if (query.app_secret === undefined || !sameText(query.app_secret, SANDBOX_APP_SECRET)) {
    return reject(36009004, "Invalid credentials. The `app_secret` query parameter is not the sandbox's public demo app secret.");
  }
  const refresh = path === TOKEN_REFRESH_PATH;
  const grantType = refresh ? 'refresh_token' : 'authorized_code';
  if (query.grant_type !== grantType) {
    return reject(98001004, `Invalid param. \`grant_type\` must be ${grantType} on ${path}.`);
  }
  const input = refresh ? query.refresh_token : query.auth_code;
  if (!input) return reject(98001004, `Invalid param. The \`${refresh ? 'refresh_token' : 'auth_code'}\` query parameter is missing.`);
  const outcome = refresh ? authority.refresh(input) : authority.exchangeCode(input);
  if (isRefusal(outcome)) return reject(outcome.code, outcome.message);
  return { ...outcome };
}

/** Shaped like Get Authorized Shops: ids as strings, every digit kept. */
function shopsData(): Readonly<Record<string, unknown>> {
  return {
    shops: SANDBOX_SHOPS.map((shop) => ({
      id: shop.id.toString(),
      name: shop.name,
      region: shop.region,
      seller_type: shop.sellerType,
      code: shop.code,
      cipher: shop.cipher,
    })),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const PAGE_STYLE = 'body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}code{word-break:break-all;font-size:1.1em}';

function sendPage(res: ServerResponse, status: number, title: string, body: string, headers: Readonly<Record<string, string>> = {}): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${PAGE_STYLE}</style></head><body><h1>${escapeHtml(title)}</h1>${body}<p><em>Offline sandbox: nothing here is valid on TikTok Shop.</em></p></body></html>`;
  res.writeHead(status, {
    ...headers,
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
    // The page shows an authorization code: it runs no script and is never framed.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    'referrer-policy': 'no-referrer',
    'x-widget-token-sandbox': 'offline',
  });
  res.end(html);
}

/** The seller "approves" at once and is sent to the sandbox's own callback page with a fresh code. */
function authorizePage(res: ServerResponse, params: URLSearchParams, authority: SandboxAuthority): void {
  const serviceId = params.get('service_id');
  if (serviceId !== SANDBOX_SERVICE_ID) {
    sendPage(
      res,
      400,
      'Unknown service ID',
      `<p>The offline sandbox authorizes only its demo service ID <code>${SANDBOX_SERVICE_ID}</code> (<code>widget-token sandbox</code> prints it). Set it as the profile's service ID and create the link again.</p>`,
    );
    return;
  }
  const target = new URLSearchParams({ code: authority.issueCode() });
  const state = params.get('state');
  if (state !== null) target.set('state', state);
  sendPage(res, 302, 'Approved', '<p>The demo seller approved the app; on to the callback page.</p>', { location: `${CALLBACK_PATH}?${target.toString()}` });
}

function callbackPage(res: ServerResponse, params: URLSearchParams): void {
  const code = params.get('code') ?? '';
  sendPage(
    res,
    200,
    'Sandbox authorization code',
    `<p>The demo seller of the offline sandbox authorized the app. Its authorization code is:</p>` +
      `<p><code id="code">${escapeHtml(code)}</code></p>` +
      '<p>Paste the address of this page, or the code alone, into Widget Token Desk (<strong>Authorize shop</strong> &gt; <strong>Redirect URL or code</strong>), or run <code>widget-token auth code</code> with it. The code works once, within 30 minutes.</p>' +
      '<p>This code comes from the offline sandbox: it is not valid on TikTok Shop.</p>',
  );
}

function send(
  res: ServerResponse,
  status: number,
  body: Readonly<Record<string, unknown>>,
  nowMs: number,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body);
  // The Date header follows the injected clock, so a client's skew check sees the
  // sandbox's notion of "now" (a test can stand the sandbox minutes away).
  res.sendDate = false;
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    date: new Date(nowMs).toUTCString(),
    'x-widget-token-sandbox': 'offline',
  });
  res.end(text);
}

function handle(req: IncomingMessage, res: ServerResponse, clock: Clock, ttlSeconds: number, authority: SandboxAuthority): void {
  // No body is read; draining it keeps a keep-alive connection usable.
  req.resume();
  const nowMs = clock.nowMs();
  const nowSeconds = Math.floor(nowMs / 1000);
  const requestId = sandboxRequestId(nowMs);
  const target = req.url ?? '/';
  const queryStart = target.indexOf('?');
  const path = queryStart === -1 ? target : target.slice(0, queryStart);

  const params = new URLSearchParams(queryStart === -1 ? '' : target.slice(queryStart + 1));
  const refuse = (rejection: Rejection): void =>
    send(res, rejection.status, { code: rejection.code, message: rejection.message, request_id: requestId }, nowMs, rejection.headers);

  if (!SERVED_PATHS.includes(path)) {
    refuse(reject(36009009, `Path not found. The sandbox serves GET ${SERVED_PATHS.join(', ')} only.`, 404));
    return;
  }
  if (req.method !== 'GET') {
    // Gateways route on method and path together, so a wrong method is the same
    // "not found" code; the HTTP status tells the two apart.
    refuse({ ...reject(36009009, `Method not allowed. ${path} answers GET only.`, 405), headers: { allow: 'GET' } });
    return;
  }
  if (path === AUTHORIZE_PATH) {
    authorizePage(res, params, authority);
    return;
  }
  if (path === CALLBACK_PATH) {
    callbackPage(res, params);
    return;
  }
  if (!SIGNED_PATHS.has(path)) {
    const outcome = tokenCall(path, params, authority);
    if (isRejection(outcome)) refuse(outcome);
    else send(res, 200, { code: 0, message: SUCCESS_MESSAGE, request_id: requestId, data: outcome }, nowMs);
    return;
  }

  const header = req.headers['x-tts-access-token'];
  const rejection = checkSignedCall(path, params, typeof header === 'string' ? header : undefined, nowSeconds, authority);
  if (rejection) {
    refuse(rejection);
    return;
  }
  if (path === SHOPS_PATH) {
    send(res, 200, { code: 0, message: SUCCESS_MESSAGE, request_id: requestId, data: shopsData() }, nowMs);
    return;
  }

  const expireAt = nowSeconds + ttlSeconds;
  const token = issueSandboxJwt({
    userId: SANDBOX_USER_ID,
    clientKey: SANDBOX_APP_KEY,
    shopIds: SANDBOX_SHOPS.map((shop) => shop.id),
    expiresAt: expireAt,
    sellerType: SANDBOX_SELLER_TYPE,
  });
  send(
    res,
    200,
    { code: 0, message: SUCCESS_MESSAGE, request_id: requestId, data: { widget_token: { token, expire_at: expireAt } } },
    nowMs,
  );
}

/** Starts the sandbox on 127.0.0.1 (never another interface) and resolves once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const clock = options.clock ?? systemClock;
  const ttlSeconds = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  const accessTtlSeconds = options.accessTtlSeconds ?? DEFAULT_ACCESS_TTL_SECONDS;
  const refreshTtlSeconds = options.refreshTtlSeconds ?? DEFAULT_REFRESH_TTL_SECONDS;
  for (const [name, value] of [
    ['ttlSeconds', ttlSeconds],
    ['accessTtlSeconds', accessTtlSeconds],
    ['refreshTtlSeconds', refreshTtlSeconds],
  ] as const) {
    if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive whole number, got ${value}`);
  }
  const authority = new SandboxAuthority({ clock, accessTtlSeconds, refreshTtlSeconds });

  const server = createServer((req, res) => {
    try {
      handle(req, res, clock, ttlSeconds, authority);
    } catch {
      const nowMs = clock.nowMs();
      send(res, 500, { code: 98001001, message: `internal error ${SANDBOX_REFUSAL_LABEL}`, request_id: sandboxRequestId(nowMs) }, nowMs);
    }
  });

  await new Promise<void>((resolve, rejectListen) => {
    server.once('error', rejectListen);
    server.listen({ port: options.port ?? 0, host: '127.0.0.1' }, () => {
      server.off('error', rejectListen);
      resolve();
    });
  });

  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    authStats: () => authority.stats(),
    close() {
      closing ??= new Promise<void>((resolve, rejectClose) => {
        server.close((error) => (error ? rejectClose(error) : resolve()));
        // close() alone waits for every connection that is not idle (a client stalled
        // mid-request, say), which would hold tests and the CLI open.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
