import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KNOWN_API_ERRORS } from './api-errors';
import type { Clock } from './clock';
import { ApiError, NetworkError, TimeoutError, ValidationError } from './errors';
import { sign } from './sign';
import { fetchWidgetToken, WIDGET_TOKEN_PATH, type WidgetTokenRequest } from './widget-token-client';

const APP_KEY = 'test-app-key';
const APP_SECRET = 'test-app-secret-1f0e';
const ACCESS_TOKEN = 'ROW_test-access-token-77aa';
/** An app secret with characters that JSON and URLs escape: its escaped forms differ from it. */
const APP_SECRET_ODD = 'odd "secret"/+&=ü-9c1d';
/** A whole second, so that a Date header (second resolution) can state it exactly. */
const NOW_MS = 1_700_000_000_000;
const fixedClock: Clock = { nowMs: () => NOW_MS };

interface SeenRequest {
  readonly url: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: IncomingMessage['headers'];
}

interface TestServer {
  readonly baseUrl: string;
  readonly port: number;
  readonly seen: SeenRequest[];
}

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

/** A real HTTP server on 127.0.0.1, port 0, recording what it receives. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse, seen: SeenRequest) => void): Promise<TestServer> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    res.on('error', () => undefined);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request = { url: req.url ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers };
    seen.push(request);
    handler(req, res, request);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, port, seen };
}

function sendJson(res: ServerResponse, value: unknown, status = 200, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof value === 'string' ? value : JSON.stringify(value));
}

/** What the API does before answering: the access token header, then the signature over the API path. */
function verifies(seen: SeenRequest, secret = APP_SECRET): boolean {
  const { sign: sent, ...rest } = seen.query;
  return seen.headers['x-tts-access-token'] === ACCESS_TOKEN && sent === sign({ path: WIDGET_TOKEN_PATH, query: rest }, secret);
}

const success = (token: string, extra: Record<string, unknown> = {}) => ({
  code: 0,
  message: 'Success',
  request_id: 'REQ-OK-1',
  data: { widget_token: [{ token, expire_at: 1_700_000_300 }] },
  ...extra,
});

function request(baseUrl: string, extra: Partial<WidgetTokenRequest> = {}): WidgetTokenRequest {
  return { baseUrl, appKey: APP_KEY, appSecret: APP_SECRET, accessToken: ACCESS_TOKEN, ...extra };
}

async function failure<E extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

function textOf(error: { message: string; explanation: string; resolution: string }): string {
  return `${error.message} ${error.explanation} ${error.resolution}`;
}

describe('fetchWidgetToken: the signed call', () => {
  it('sends app_key, timestamp and a sign the server can verify, the access token only in a header', async () => {
    const server = await serve((_req, res, seen) =>
      verifies(seen) ? sendJson(res, success('a.b.c')) : sendJson(res, { code: 106001, message: 'Invalid sign', request_id: 'X' }),
    );
    const result = await fetchWidgetToken(request(server.baseUrl), { clock: fixedClock });

    expect(result.token).toBe('a.b.c');
    const [seen] = server.seen;
    expect(seen?.path).toBe(WIDGET_TOKEN_PATH);
    expect(Object.keys(seen?.query ?? {}).sort()).toEqual(['app_key', 'sign', 'timestamp']);
    expect(seen?.query.app_key).toBe(APP_KEY);
    expect(seen?.query.timestamp).toBe(String(NOW_MS / 1000));
    expect(seen?.query.sign).toMatch(/^[0-9a-f]{64}$/);
    expect(seen?.headers['x-tts-access-token']).toBe(ACCESS_TOKEN);
    expect(seen?.headers['content-type']).toBe('application/json');
    expect(seen?.url).not.toContain(ACCESS_TOKEN);
    expect(seen?.url).not.toContain(APP_SECRET);
  });

  it('reports the URL it called, a masked curl command and the masked string to sign, none holding a secret', async () => {
    const server = await serve((_req, res) => sendJson(res, success('a.b.c')));
    const result = await fetchWidgetToken(request(server.baseUrl), { clock: fixedClock });
    const [seen] = server.seen;

    expect(result.requestUrl).toBe(`${server.baseUrl}${seen?.url}`);
    expect(result.curl).toContain(`'${result.requestUrl}'`);
    expect(result.curl).toContain(`-H 'x-tts-access-token: ****'`);
    expect(result.curl).toContain(`-H 'content-type: application/json'`);
    expect(result.curl).toMatch(/masked/);
    expect(result.stringToSign).toBe(`«app secret»${WIDGET_TOKEN_PATH}app_key${APP_KEY}timestamp${NOW_MS / 1000}«app secret»`);
    for (const shown of [result.requestUrl, result.curl, result.stringToSign]) {
      expect(shown).not.toContain(ACCESS_TOKEN);
      expect(shown).not.toContain(APP_SECRET);
    }
  });

  it('escapes an app key that is not plain ASCII as a form does, and signs it as given', async () => {
    const appKey = 'key with space+ü&=/';
    const server = await serve((_req, res, seen) =>
      sendJson(res, seen.query.app_key === appKey && verifies(seen) ? success('t') : { code: 106001, message: 'Invalid sign', request_id: 'X' }),
    );
    await fetchWidgetToken(request(server.baseUrl, { appKey }));
    expect(server.seen[0]?.url).toContain(`?${new URLSearchParams({ app_key: appKey }).toString()}&sign=`);
  });

  it('sends version only when the profile sets one, and signs it', async () => {
    const server = await serve((_req, res, seen) => sendJson(res, verifies(seen) ? success('t') : { code: 106001, message: 'Invalid sign' }));
    await fetchWidgetToken(request(server.baseUrl, { version: '202309' }));
    await fetchWidgetToken(request(server.baseUrl, { version: '  ' }));
    expect(server.seen[0]?.query.version).toBe('202309');
    expect(server.seen[1]?.query).not.toHaveProperty('version');
  });

  it('keeps a path prefix of the base URL (a proxy) and still signs the API path', async () => {
    const server = await serve((_req, res, seen) => sendJson(res, verifies(seen) ? success('t') : { code: 106001, message: 'Invalid sign' }));
    const result = await fetchWidgetToken(request(`${server.baseUrl}/tiktok/proxy/`));
    expect(result.token).toBe('t');
    expect(server.seen[0]?.path).toBe(`/tiktok/proxy${WIDGET_TOKEN_PATH}`);
  });

  it('refuses an access token that cannot go in a header without quoting it', async () => {
    const server = await serve((_req, res) => sendJson(res, success('t')));
    const error = await failure(fetchWidgetToken(request(server.baseUrl, { accessToken: 'abc\ndef-secret' })), ValidationError);
    expect(textOf(error)).not.toContain('def-secret');
    expect(server.seen).toHaveLength(0);
  });

  it('refuses a remote http base URL or a missing secret before sending anything', async () => {
    await failure(fetchWidgetToken(request('http://example.com')), ValidationError);
    const error = await failure(fetchWidgetToken(request('https://example.com', { appSecret: ' ' })), ValidationError);
    expect(error.message).toContain('app secret');
  });
});

describe('fetchWidgetToken: reading the answer', () => {
  it('accepts the documented sample: numeric code, widget_token as an array, token broken over lines', async () => {
    const server = await serve((_req, res) => sendJson(res, success('eyJh.\n        eyJV\n        c2Vy.KS15\r\n\tmwJ8')));
    const result = await fetchWidgetToken(request(server.baseUrl));
    expect(result).toMatchObject({ token: 'eyJh.eyJVc2Vy.KS15mwJ8', expireAt: 1_700_000_300, requestId: 'REQ-OK-1' });
  });

  it('accepts the field-table shape: code as a string, widget_token as an object, expire_at as a string', async () => {
    const server = await serve((_req, res) =>
      sendJson(res, { code: '0', message: 'Success', request_id: 'REQ-2', data: { widget_token: { token: 'x.y.z', expire_at: '1700000300' } } }),
    );
    expect(await fetchWidgetToken(request(server.baseUrl))).toMatchObject({ token: 'x.y.z', expireAt: 1_700_000_300, requestId: 'REQ-2' });
  });

  it.each(Object.keys(KNOWN_API_ERRORS).filter((code) => code !== '36009004'))(
    'explains the known error %s and keeps its request_id',
    async (code) => {
      const server = await serve((_req, res) => sendJson(res, { code: Number(code), message: `server says ${code}`, request_id: `RID-${code}`, data: null }));
      const error = await failure(fetchWidgetToken(request(server.baseUrl)), ApiError);
      expect(error).toMatchObject({ kind: 'api', code, message: `server says ${code}`, requestId: `RID-${code}` });
      expect(error.explanation).toBe(KNOWN_API_ERRORS[code]?.explanation);
      expect(error.resolution).toBe(KNOWN_API_ERRORS[code]?.resolution);
    },
  );

  const CULPRITS = { 'app key': /app key/i, timestamp: /timestamp/i, 'access token': /access token/i };

  it.each([
    ['Invalid credentials: app_key is invalid', 'app key'],
    ['invalid credentials, timestamp is out of range', 'timestamp'],
    ['Invalid credentials: access token is invalid', 'access token'],
  ] as const)('on 36009004 "%s" explains the culprit the message names: the %s', async (message, culprit) => {
    const server = await serve((_req, res) => sendJson(res, { code: '36009004', message, request_id: 'RID-CRED' }, 401));
    const error = await failure(fetchWidgetToken(request(server.baseUrl)), ApiError);
    expect(error).toMatchObject({ code: '36009004', message, requestId: 'RID-CRED' });
    // The first clause says what was rejected; the rest may mention the others in passing.
    const rejected = error.explanation.split(':')[0] ?? '';
    for (const [name, pattern] of Object.entries(CULPRITS)) {
      if (name === culprit) expect(rejected).toMatch(pattern);
      else expect(rejected).not.toMatch(pattern);
    }
  });

  it('shows an unknown code with the server message verbatim', async () => {
    const message = 'Brand-new failure: «quota» exceeded for shop 7493990753256900486';
    const server = await serve((_req, res) => sendJson(res, { code: 77001234, message, request_id: 'RID-NEW' }));
    const error = await failure(fetchWidgetToken(request(server.baseUrl)), ApiError);
    expect(error).toMatchObject({ code: '77001234', message, requestId: 'RID-NEW' });
    expect(error.resolution).toMatch(/request_id/);
  });

  it('says an HTML 502 page is not the API, with the status and the page title', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(`<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center>${'<p>padding</p>'.repeat(200)}</body></html>`);
    });
    const error = await failure(fetchWidgetToken(request(server.baseUrl)), NetworkError);
    expect(error.kind).toBe('network');
    expect(error.message).toContain('HTTP 502');
    expect(error.message).toContain('not JSON');
    expect(error.explanation).toContain('502 Bad Gateway');
    expect(error.explanation.length).toBeLessThan(320);
  });

  it('says a truncated JSON body is not JSON', async () => {
    const server = await serve((_req, res) => sendJson(res, '{"code":0,"data":{"widget_token":'));
    const error = await failure(fetchWidgetToken(request(server.baseUrl)), NetworkError);
    expect(error.message).toContain('not JSON');
    expect(error.message).toContain('HTTP 200');
  });

  it('names the field with the wrong type', async () => {
    const server = await serve((_req, res) => sendJson(res, { code: 0, request_id: 'RID-T', data: { widget_token: [{ token: 12345, expire_at: 1 }] } }));
    const error = await failure(fetchWidgetToken(request(server.baseUrl)), NetworkError);
    expect(error.explanation).toContain('data.widget_token.token must be a string, not a number');
    expect(error.explanation).toContain('RID-T');
  });

  it('masks the secrets when a misbehaving server echoes them back', async () => {
    const server = await serve((req, res) => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(`bad request; headers were: x-tts-access-token=${String(req.headers['x-tts-access-token'])} secret=${APP_SECRET}`);
    });
    const error = await failure(fetchWidgetToken(request(server.baseUrl)), NetworkError);
    expect(textOf(error)).not.toContain(ACCESS_TOKEN);
    expect(textOf(error)).not.toContain(APP_SECRET);
    expect(error.explanation).toContain('****');
  });
});

describe('fetchWidgetToken: a server that echoes the secrets', () => {
  const echoes: readonly (readonly [string, (secret: string) => unknown])[] = [
    ['in the message', (secret) => ({ code: 36009004, message: `invalid access_token ${secret}`, request_id: 'RID-1' })],
    ['as the request_id', (secret) => ({ code: 98001001, message: 'internal error', request_id: secret })],
    ['JSON-escaped with \\u escapes', (secret) => `{"code":106001,"message":"sign ${[...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}","request_id":"R"}`],
    ['URL-encoded in the message', (secret) => ({ code: 98001004, message: `query was app_secret=${encodeURIComponent(secret)}`, request_id: 'R' })],
    ['in a malformed success', (secret) => ({ code: 0, request_id: `RID ${secret}`, data: { widget_token: { token: 42 } } })],
    ['as the widget token itself', (secret) => ({ code: 0, message: 'Success', request_id: 'R', data: { widget_token: { token: secret, expire_at: 1_700_000_300 } } })],
  ];

  it.each(echoes)('masks the access token and the app secret echoed %s, wherever the text lands', async (_case, answer) => {
    for (const secret of [ACCESS_TOKEN, APP_SECRET_ODD]) {
      const server = await serve((_req, res) => sendJson(res, answer(secret)));
      const outcome = await fetchWidgetToken(request(server.baseUrl, { appSecret: APP_SECRET_ODD }), { clock: fixedClock }).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      const seen = JSON.stringify(outcome, (_key, value: unknown) => (value instanceof Error ? { ...value, message: value.message, stack: value.stack } : value));
      expect(seen).toContain('****');
      for (const form of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]) expect(seen).not.toContain(form);
    }
  });
});

describe('fetchWidgetToken: limits', () => {
  const FIVE_MB = 5 * 1024 * 1024;

  it.each([
    ['with a Content-Length', true],
    ['streamed without a length', false],
  ])('stops reading a 5 MB body %s and says it is too large', async (_case, declared) => {
    const server = await serve((_req, res) => {
      res.writeHead(200, declared ? { 'content-type': 'application/json', 'content-length': String(FIVE_MB) } : { 'content-type': 'application/json' });
      res.end(Buffer.alloc(FIVE_MB, 0x20));
    });
    const started = Date.now();
    const error = await failure(fetchWidgetToken(request(server.baseUrl)), NetworkError);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error.message).toMatch(/too large/);
  });

  it('gives up on a server that never answers, naming the seconds', async () => {
    const server = await serve(() => undefined);
    const started = Date.now();
    const error = await failure(fetchWidgetToken(request(server.baseUrl, { timeoutMs: 300 })), TimeoutError);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe(`No answer from 127.0.0.1:${server.port} within 0.3 s.`);
  });

  it('times out each call on its own deadline: a short one while a long one still waits', async () => {
    const server = await serve(() => undefined);
    let longSettled = false;
    const long = fetchWidgetToken(request(server.baseUrl, { timeoutMs: 60_000 })).finally(() => (longSettled = true));
    long.catch(() => undefined);
    const started = Date.now();
    const error = await failure(fetchWidgetToken(request(server.baseUrl, { timeoutMs: 300 })), TimeoutError);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(error.message).toBe(`No answer from 127.0.0.1:${server.port} within 0.3 s.`);
    expect(longSettled).toBe(false);
  });

  it('bounds the body read too: a server that trickles bytes times out', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"code":0,');
      const drip = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(drip));
    });
    const started = Date.now();
    const error = await failure(fetchWidgetToken(request(server.baseUrl, { timeoutMs: 300 })), TimeoutError);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(error.message).toContain('did not finish within 0.3 s');
  });

  it.each([301, 302, 307, 308])('does not follow a %i redirect: the other server receives nothing', async (status) => {
    const elsewhere = await serve((_req, res) => sendJson(res, success('stolen')));
    const server = await serve((_req, res) => {
      res.writeHead(status, { location: `${elsewhere.baseUrl}${WIDGET_TOKEN_PATH}` });
      res.end();
    });
    const error = await failure(fetchWidgetToken(request(server.baseUrl)), NetworkError);
    expect(error.message).toContain('redirect');
    expect(error.explanation).toMatch(/not sent on/);
    expect(server.seen).toHaveLength(1);
    expect(elsewhere.seen).toHaveLength(0);
  });

  it('names the host when the connection is refused', async () => {
    const probe = await serve(() => undefined);
    const closed = servers.pop();
    await new Promise<void>((resolve) => closed?.close(() => resolve()));
    const error = await failure(fetchWidgetToken(request(probe.baseUrl)), NetworkError);
    expect(error.message).toBe(`Connection refused by 127.0.0.1:${probe.port}.`);
    expect(error.resolution).toMatch(/running/);
  });
});

describe('fetchWidgetToken: connections', () => {
  /** A server that counts the TCP connections it accepts; `answer` gets each socket's request number (1, 2, ...). */
  async function counting(answer: (req: IncomingMessage, res: ServerResponse, nthOnSocket: number) => void) {
    const perSocket = new WeakMap<object, number>();
    const server = createServer((req, res) => {
      const nth = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, nth);
      answer(req, res, nth);
    });
    let connections = 0;
    server.on('connection', () => (connections += 1));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { baseUrl: `http://127.0.0.1:${port}`, connections: () => connections };
  }

  it('reuses one kept-alive connection for calls in a row', async () => {
    const server = await counting((_req, res) => sendJson(res, success('t')));
    for (let call = 0; call < 5; call += 1) await fetchWidgetToken(request(server.baseUrl));
    expect(server.connections()).toBe(1);
  });

  it('closes a pooled connection about 4 s after its last use, and never one a slow answer is still using', { timeout: 20_000 }, async () => {
    const server = await counting((_req, res, nth) => {
      // The second answer takes longer than the idle limit: its connection is busy, not idle.
      if (nth === 2) setTimeout(() => sendJson(res, success('slow')), 4_500);
      else sendJson(res, success('quick'));
    });
    const serverSockets: { closedAtMs: number | null }[] = [];
    const raw = servers.at(-1);
    raw?.on('connection', (socket) => {
      const entry = { closedAtMs: null as number | null };
      serverSockets.push(entry);
      socket.on('close', () => (entry.closedAtMs = performance.now()));
    });
    if (raw) raw.keepAliveTimeout = 60_000;

    expect((await fetchWidgetToken(request(server.baseUrl))).token).toBe('quick');
    expect((await fetchWidgetToken(request(server.baseUrl))).token).toBe('slow');
    const lastUseMs = performance.now();
    expect(server.connections()).toBe(1);
    await expect.poll(() => serverSockets[0]?.closedAtMs ?? null, { timeout: 8_000, interval: 100 }).not.toBeNull();
    const idleMs = (serverSockets[0]?.closedAtMs ?? 0) - lastUseMs;
    expect(idleMs).toBeGreaterThan(3_000);
    expect(idleMs).toBeLessThan(6_500);
  });

  it('sends again on a new connection when the kept-alive one turns out closed, and gets the token', async () => {
    // The second request on a socket finds it dropped, as when a server closes an idle connection just as it is reused.
    const server = await counting((req, res, nth) => (nth === 1 ? sendJson(res, success('first')) : req.socket.destroy()));
    expect((await fetchWidgetToken(request(server.baseUrl))).token).toBe('first');
    expect((await fetchWidgetToken(request(server.baseUrl))).token).toBe('first');
    expect(server.connections()).toBe(2);
  });
});

describe('fetchWidgetToken: clock skew', () => {
  async function skewed(offsetMs: number | null) {
    const server = await serve((_req, res) => {
      if (offsetMs === null) res.sendDate = false;
      sendJson(res, success('t'), 200, offsetMs === null ? {} : { date: new Date(NOW_MS + offsetMs).toUTCString() });
    });
    return fetchWidgetToken(request(server.baseUrl), { clock: fixedClock });
  }

  it('measures nothing without a Date header', async () => {
    expect(await skewed(null)).toMatchObject({ clockSkewMs: 0, clockSkewWarning: null, receivedAtMs: NOW_MS });
  });

  it('stays quiet about a few seconds', async () => {
    expect(await skewed(3_000)).toMatchObject({ clockSkewMs: 3_000, clockSkewWarning: null });
  });

  it('mentions a clock 45 s behind, which TikTok still accepts', async () => {
    const result = await skewed(45_000);
    expect(result.clockSkewMs).toBe(45_000);
    expect(result.clockSkewWarning).toMatch(/45s behind/);
    expect(result.clockSkewWarning).toMatch(/still accepts/);
  });

  it('warns that a clock 45 s ahead sends a timestamp from the future, which is rejected', async () => {
    const result = await skewed(-45_000);
    expect(result.clockSkewMs).toBe(-45_000);
    expect(result.clockSkewWarning).toMatch(/45s ahead/);
    expect(result.clockSkewWarning).toMatch(/rejects a timestamp more than 30 s in the future/);
  });

  it('warns that a clock 6 minutes behind sends a stale timestamp, which is rejected', async () => {
    const result = await skewed(360_000);
    expect(result.clockSkewWarning).toMatch(/6m behind/);
    expect(result.clockSkewWarning).toMatch(/more than 5 minutes old/);
  });

  it('adds the skew warning to the resolution of an API error', async () => {
    const server = await serve((_req, res) =>
      sendJson(res, { code: 36009004, message: 'invalid timestamp', request_id: 'RID-TS' }, 200, { date: new Date(NOW_MS - 120_000).toUTCString() }),
    );
    const error = await failure(fetchWidgetToken(request(server.baseUrl), { clock: fixedClock }), ApiError);
    expect(error.resolution).toMatch(/2m ahead/);
  });
});
