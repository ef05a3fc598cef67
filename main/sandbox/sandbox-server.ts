/**
 * The offline sandbox: a real HTTP server on 127.0.0.1 that answers
 * GET /authorization/202401/widget_token the way TikTok Shop does, checking the app key,
 * the timestamp window, the signature and the access token in that order, and issuing
 * HS512 JWTs shaped like the documented sample. Its tokens are not valid on TikTok Shop,
 * and every response says so (the message and the `x-widget-token-sandbox` header).
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
  SANDBOX_SHOP_ID,
  SANDBOX_USER_ID,
} from './demo-credentials';
import { issueSandboxJwt } from './sandbox-jwt';

export const WIDGET_TOKEN_PATH = '/authorization/202401/widget_token';

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
}

export interface RunningSandbox {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly baseUrl: string;
  readonly port: number;
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
function checkWidgetTokenCall(
  params: URLSearchParams,
  accessTokenHeader: string | undefined,
  nowSeconds: number,
): Rejection | undefined {
  const seen = new Map<string, string>();
  for (const [key, value] of params) {
    if (seen.has(key)) {
      return reject(98001004, `Invalid param. The \`${key}\` query parameter appears more than once.`);
    }
    seen.set(key, value);
  }
  // fromEntries defines own properties, so even a `__proto__` parameter is signed as sent.
  const query: Readonly<Record<string, string>> = Object.fromEntries(seen);

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

  const signInput = { path: WIDGET_TOKEN_PATH, query };
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
  if (!sameText(accessTokenHeader, SANDBOX_ACCESS_TOKEN)) {
    return reject(
      36009004,
      'Invalid credentials. The `x-tts-access-token` header is invalid: it is not the sandbox demo access token.',
    );
  }
  return undefined;
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

function handle(req: IncomingMessage, res: ServerResponse, clock: Clock, ttlSeconds: number): void {
  // No body is read; draining it keeps a keep-alive connection usable.
  req.resume();
  const nowMs = clock.nowMs();
  const nowSeconds = Math.floor(nowMs / 1000);
  const requestId = sandboxRequestId(nowMs);
  const target = req.url ?? '/';
  const queryStart = target.indexOf('?');
  const path = queryStart === -1 ? target : target.slice(0, queryStart);

  let rejection: Rejection | undefined;
  if (path !== WIDGET_TOKEN_PATH) {
    rejection = reject(36009009, `Path not found. The sandbox serves GET ${WIDGET_TOKEN_PATH} only.`, 404);
  } else if (req.method !== 'GET') {
    // Gateways route on method and path together, so a wrong method is the same
    // "not found" code; the HTTP status tells the two apart.
    rejection = {
      ...reject(36009009, `Method not allowed. ${WIDGET_TOKEN_PATH} answers GET only.`, 405),
      headers: { allow: 'GET' },
    };
  } else {
    const params = new URLSearchParams(queryStart === -1 ? '' : target.slice(queryStart + 1));
    const header = req.headers['x-tts-access-token'];
    rejection = checkWidgetTokenCall(params, typeof header === 'string' ? header : undefined, nowSeconds);
  }

  if (rejection) {
    send(res, rejection.status, { code: rejection.code, message: rejection.message, request_id: requestId }, nowMs, rejection.headers);
    return;
  }

  const expireAt = nowSeconds + ttlSeconds;
  const token = issueSandboxJwt({
    userId: SANDBOX_USER_ID,
    clientKey: SANDBOX_APP_KEY,
    shopIds: [SANDBOX_SHOP_ID],
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
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError(`ttlSeconds must be a positive whole number, got ${ttlSeconds}`);
  }

  const server = createServer((req, res) => {
    try {
      handle(req, res, clock, ttlSeconds);
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
