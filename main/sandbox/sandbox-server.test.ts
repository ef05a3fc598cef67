import { createHmac } from 'node:crypto';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../core/clock';
import { sign } from '../core/sign';
import {
  SANDBOX_ACCESS_TOKEN,
  SANDBOX_APP_KEY,
  SANDBOX_APP_SECRET,
  SANDBOX_JWT_SIGNING_KEY,
  SANDBOX_SECOND_SHOP_ID,
  SANDBOX_SHOP_ID,
  SANDBOX_USER_ID,
} from './demo-credentials';
import { startSandbox, type RunningSandbox } from './sandbox-server';

const PATH = '/authorization/202401/widget_token';
/** A fixed instant with a fraction of a second, so "now" must be floored to whole seconds. */
const NOW_MS = 1_765_432_100_750;
const NOW_S = 1_765_432_100;
const fixedClock: Clock = { nowMs: () => NOW_MS };
const REQUEST_ID = /^\d{14}[0-9A-F]{20}$/;

type Query = Record<string, string>;

interface Envelope {
  code: number;
  message: string;
  request_id: string;
  data?: { widget_token: { token: string; expire_at: number } };
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: Envelope;
}

const tokenHeader = { 'x-tts-access-token': SANDBOX_ACCESS_TOKEN };

function unsigned(timestamp: number | string = NOW_S): Query {
  return { app_key: SANDBOX_APP_KEY, timestamp: String(timestamp) };
}

/** Signs the way a client does, with the project's own sign.ts. */
function signed(query: Query, secret = SANDBOX_APP_SECRET): Query {
  return { ...query, sign: sign({ path: PATH, query }, secret) };
}

async function call(
  sandbox: RunningSandbox,
  query: Query | string,
  init: { headers?: Record<string, string>; method?: string; path?: string } = {},
): Promise<Answer> {
  const search = typeof query === 'string' ? query : new URLSearchParams(query).toString();
  const response = await fetch(`${sandbox.baseUrl}${init.path ?? PATH}?${search}`, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...(init.headers ?? tokenHeader) },
    redirect: 'error',
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) as Envelope };
}

function connectOutcome(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

function decodePart(part: string | undefined): string {
  return Buffer.from(part ?? '', 'base64url').toString('utf8');
}

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ clock: fixedClock });
});

afterAll(async () => {
  await sandbox.close();
});

describe('a correctly signed call', () => {
  it('answers a widget token in the documented envelope, labelled as the offline sandbox', async () => {
    const answer = await call(sandbox, signed(unsigned()));

    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.headers.get('x-widget-token-sandbox')).toBe('offline');
    expect(answer.headers.get('date')).toBe(new Date(NOW_MS).toUTCString());
    expect(answer.body.code).toBe(0);
    expect(answer.body.message).toBe('Success (offline sandbox: not valid on TikTok Shop)');
    expect(answer.body.request_id).toMatch(REQUEST_ID);
    expect(answer.body.request_id.startsWith('20251211')).toBe(true);
    expect(answer.body.data?.widget_token.expire_at).toBe(NOW_S + 300);
  });

  it('issues an HS512 JWT whose payload carries the 19-digit IDs digit for digit', async () => {
    const token = (await call(sandbox, signed(unsigned()))).body.data?.widget_token.token ?? '';
    const [header, payload, signature] = token.split('.');

    expect(decodePart(header)).toBe('{"alg":"HS512","typ":"JWT"}');
    const expected = createHmac('sha512', SANDBOX_JWT_SIGNING_KEY).update(`${header}.${payload}`).digest('base64url');
    expect(signature).toBe(expected);

    const payloadText = decodePart(payload);
    expect(payloadText).toContain(`"UserID":${SANDBOX_USER_ID}`);
    expect(payloadText).toContain('"UserID":7493990753256900486');
    expect(payloadText).toContain(`"ShopIDs":[${SANDBOX_SHOP_ID},${SANDBOX_SECOND_SHOP_ID}]`);
    expect(payloadText).toMatch(/"ShopIDs":\[\d{19},\d{19}\]/);
    expect(payloadText).toContain(`"ClientKey":"${SANDBOX_APP_KEY}"`);
    expect(payloadText).toContain('"SellerType":2');
    expect(payloadText).toContain(`"Expire":${NOW_S + 300}`);
    expect(payloadText).toContain(`"exp":${NOW_S + 300}`);
  });

  it('accepts `version` and unknown parameters when they are signed', async () => {
    expect((await call(sandbox, signed({ ...unsigned(), version: '202401' }))).body.code).toBe(0);
    expect((await call(sandbox, signed({ ...unsigned(), shop_cipher: 'ROW_x', zz: 'last' }))).body.code).toBe(0);
  });

  it.each([
    ['5 minutes old', NOW_S - 300],
    ['30 seconds ahead', NOW_S + 30],
  ])('accepts a timestamp %s, the edge of the window', async (_label, timestamp) => {
    const answer = await call(sandbox, signed(unsigned(timestamp)));
    expect(answer.status).toBe(200);
    expect(answer.body.code).toBe(0);
  });

  it('uses the system clock when none is given', async () => {
    const live = await startSandbox();
    try {
      const answer = await call(live, signed(unsigned(Math.floor(Date.now() / 1000))));
      expect(answer.body.code).toBe(0);
    } finally {
      await live.close();
    }
  });

  it('lets the caller choose the token lifetime', async () => {
    const shortLived = await startSandbox({ clock: fixedClock, ttlSeconds: 60 });
    try {
      const widgetToken = (await call(shortLived, signed(unsigned()))).body.data?.widget_token;
      expect(widgetToken?.expire_at).toBe(NOW_S + 60);
      expect(decodePart(widgetToken?.token.split('.')[1])).toContain(`"exp":${NOW_S + 60}}`);
    } finally {
      await shortLived.close();
    }
  });
});

describe('a call that breaks the contract', () => {
  const wrongToken = 'ROW_someone-elses-access-token';
  const cases: [string, Query | string, Record<string, string>, number, RegExp][] = [
    ['a sign made with the wrong secret', signed(unsigned(), 'not the secret'), tokenHeader, 106001, /Invalid sign/],
    ['no sign', unsigned(), tokenHeader, 106001, /`sign`/],
    ['a parameter added after signing', { ...signed(unsigned()), version: '202401' }, tokenHeader, 106001, /Invalid sign/],
    ['a timestamp 301 s old', signed(unsigned(NOW_S - 301)), tokenHeader, 36009004, /`timestamp`.*5 minutes/],
    ['a timestamp 31 s ahead', signed(unsigned(NOW_S + 31)), tokenHeader, 36009004, /`timestamp`.*30 seconds/],
    ['a non-numeric timestamp', signed(unsigned('soon')), tokenHeader, 36009004, /`timestamp`/],
    ['a fractional timestamp', signed(unsigned(`${NOW_S}.5`)), tokenHeader, 36009004, /`timestamp`/],
    ['a timestamp in milliseconds', signed(unsigned(NOW_MS)), tokenHeader, 36009004, /`timestamp`/],
    ['no timestamp', signed({ app_key: SANDBOX_APP_KEY }), tokenHeader, 36009004, /`timestamp`/],
    ['a wrong app key', signed({ ...unsigned(), app_key: '38abcd' }), tokenHeader, 36009004, /`app_key`/],
    ['no app key', signed({ timestamp: String(NOW_S) }), tokenHeader, 36009004, /`app_key`/],
    ['a wrong access token', signed(unsigned()), { 'x-tts-access-token': wrongToken }, 36009004, /`x-tts-access-token`.*invalid/],
    ['no access token header', signed(unsigned()), {}, 36009004, /`x-tts-access-token`/],
    [
      'the access token in the query',
      signed({ ...unsigned(), access_token: SANDBOX_ACCESS_TOKEN }),
      tokenHeader,
      98001004,
      /`access_token` query/,
    ],
    [
      'a parameter sent twice',
      `${new URLSearchParams(signed(unsigned())).toString()}&app_key=${SANDBOX_APP_KEY}`,
      tokenHeader,
      98001004,
      /`app_key`.*more than once/,
    ],
  ];

  it.each(cases)('answers %s with its documented code and a request_id', async (_label, query, headers, code, message) => {
    const answer = await call(sandbox, query, { headers });

    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.headers.get('x-widget-token-sandbox')).toBe('offline');
    expect(answer.body.code).toBe(code);
    expect(answer.body.message).toMatch(message);
    expect(answer.body.message).toContain('(offline sandbox)');
    expect(answer.body.request_id).toMatch(REQUEST_ID);
    expect(answer.body.data).toBeUndefined();
  });

  it('never echoes an access token or the app secret', async () => {
    const answers = await Promise.all([
      call(sandbox, signed(unsigned()), { headers: { 'x-tts-access-token': wrongToken } }),
      call(sandbox, signed({ ...unsigned(), access_token: wrongToken })),
      call(sandbox, signed(unsigned(), 'not the secret')),
    ]);
    for (const { text } of answers) {
      expect(text).not.toContain(wrongToken);
      expect(text).not.toContain(SANDBOX_ACCESS_TOKEN);
      expect(text).not.toContain(SANDBOX_APP_SECRET);
    }
  });

  it('shows the string it expected to be signed, with the secret masked', async () => {
    const answer = await call(sandbox, signed(unsigned(), 'not the secret'));
    expect(answer.body.message).toContain(`«app secret»${PATH}app_key${SANDBOX_APP_KEY}timestamp${NOW_S}«app secret»`);
  });

  it('checks app key, then timestamp, then sign, then access token', async () => {
    const badEverything = signed({ app_key: '38abcd', timestamp: String(NOW_S - 999) }, 'x');
    expect((await call(sandbox, badEverything, { headers: {} })).body.message).toMatch(/`app_key`/);
    const staleAndBadSign = signed(unsigned(NOW_S - 999), 'x');
    expect((await call(sandbox, staleAndBadSign, { headers: {} })).body.message).toMatch(/`timestamp`/);
    expect((await call(sandbox, signed(unsigned(), 'x'), { headers: {} })).body.code).toBe(106001);
  });
});

describe('routing', () => {
  it.each(['/authorization/202401/widget_token/', '/authorization/202309/widget_token', '/'])(
    'answers 404 in the JSON envelope for %s',
    async (path) => {
      const answer = await call(sandbox, signed(unsigned()), { path });
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toBe('application/json');
      expect(answer.body.code).toBe(36009009);
      expect(answer.body.message).toContain(PATH);
      expect(answer.body.request_id).toMatch(REQUEST_ID);
    },
  );

  it.each(['POST', 'PUT', 'DELETE'])('answers 405 to %s on the widget-token path', async (method) => {
    const answer = await call(sandbox, signed(unsigned()), { method });
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('GET');
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.body.message).toMatch(/GET only/);
    expect(answer.body.request_id).toMatch(REQUEST_ID);
  });
});

describe('the server', () => {
  it('listens on 127.0.0.1 only', async () => {
    expect(sandbox.baseUrl).toBe(`http://127.0.0.1:${sandbox.port}`);
    expect(await connectOutcome('127.0.0.1', sandbox.port)).toBe('connected');
    expect(await connectOutcome('::1', sandbox.port)).not.toBe('connected');
    const otherAddresses = Object.values(networkInterfaces())
      .flat()
      .filter((info) => info !== undefined && !info.internal)
      .map((info) => info?.address ?? '');
    for (const address of otherAddresses) {
      expect(await connectOutcome(address, sandbox.port)).not.toBe('connected');
    }
  });

  it('refuses a port that is taken', async () => {
    await expect(startSandbox({ port: sandbox.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('refuses a token lifetime that is not a positive whole number', async () => {
    await expect(startSandbox({ ttlSeconds: 0 })).rejects.toThrow(RangeError);
    await expect(startSandbox({ ttlSeconds: 2.5 })).rejects.toThrow(RangeError);
  });

  it('closes promptly despite open connections, and frees its port', async () => {
    const running = await startSandbox({ clock: fixedClock });
    expect((await call(running, signed(unsigned()))).body.code).toBe(0);
    // A client stuck halfway through its request headers: close() alone would wait for it.
    const stalled = connect({ host: '127.0.0.1', port: running.port });
    stalled.on('error', () => undefined);
    await new Promise((resolve) => stalled.once('connect', resolve));
    stalled.write(`GET ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
    await new Promise((resolve) => setTimeout(resolve, 50));

    const started = Date.now();
    await running.close();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await connectOutcome('127.0.0.1', running.port)).toBe('ECONNREFUSED');
    await expect(running.close()).resolves.toBeUndefined();
    stalled.destroy();

    const again = await startSandbox({ port: running.port, clock: fixedClock });
    expect(again.port).toBe(running.port);
    await again.close();
  });
});
