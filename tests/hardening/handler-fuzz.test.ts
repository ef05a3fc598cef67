/**
 * Hostile input at the bridge. Every method of the real handler table (profiles on disk in
 * a temp folder, the offline sandbox) gets arbitrary values: wrong types, 1 MB strings,
 * 10 000-deep nesting, `__proto__`/`constructor` keys, unpaired surrogates, NUL bytes,
 * throwing getters and revoked proxies, and near-valid requests with one field broken.
 * Whatever arrives, a handler answers a BridgeResult (it never throws), a failure has a
 * typed kind (never 'internal', which means a bug), a secret put into the request never
 * comes back in an answer nor lands in a file, a rejected request leaves the data folder
 * byte for byte as it was, and nothing leaks onto Object.prototype.
 *
 * The secret store is in memory here: this is about input validation. The one property
 * that is about the keychain itself (what it keeps of odd secrets) runs on the real one.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request as httpsRequest } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from '../../common/jwt';
import { METHOD_NAMES, type BridgeMethodName, type ErrorKind } from '../../preload/contract';
import { createBridgeHandlers, type Core } from '../../main/core/bridge-handlers';
import type { BridgeHandlerTable } from '../../main/core/bridge-handler-table';
import { isLoopbackHost } from '../../main/core/base-url';
import { CallHistory } from '../../main/core/call-history';
import { FreshTokens } from '../../main/core/desktop/fresh-token';
import { createKeychainStore } from '../../main/core/keychain';
import { createMemorySecretStore } from '../../main/core/memory-secret-store';
import { ProfileService } from '../../main/core/profile-service';
import { ProfileStore } from '../../main/core/profile-store';
import type { SecretStore } from '../../main/core/secret-store';
import { SettingsStore } from '../../main/core/settings-store';
import { TokenService } from '../../main/core/token-service';
import { AuthService } from '../../main/core/auth-service';
import { RefreshCoordinator } from '../../main/core/refresh-coordinator';
import { SandboxSession } from '../../main/core/sandbox-session';
import type { RequestFn } from '../../main/core/widget-token-client';
import { SANDBOX_APP_KEY } from '../../main/sandbox/demo-credentials';
import { createSandboxLauncher } from '../../main/sandbox/sandbox-launcher';
import { startSandbox, type RunningSandbox } from '../../main/sandbox/sandbox-server';
import { echoAnswer, echoPlan, secretSpellings, type EchoAnswer } from './support/echo-answers';

/** Shaped like a secret and unlike anything the app says: it must never be seen again. */
const MARKER = `wtdfuzz-${randomUUID().replace(/-/g, '')}`;

/** The kinds each method may fail with; anything else (above all 'internal') is a bug. */
const TYPED_KINDS: Readonly<Record<BridgeMethodName, readonly ErrorKind[]>> = {
  listProfiles: ['validation'],
  saveProfile: ['validation', 'not-found'],
  removeProfile: ['validation', 'not-found'],
  selectProfile: ['validation', 'not-found'],
  repairProfiles: ['validation'],
  getToken: ['validation', 'not-found', 'api', 'network', 'timeout'],
  decodeToken: ['validation'],
  copyText: ['validation'],
  getSettings: ['validation'],
  saveSettings: ['validation'],
  appInfo: ['validation'],
  checkSandboxSignature: ['validation'],
  listHistory: ['validation'],
  desktopStatus: ['validation'],
  authorizationLink: ['validation', 'not-found'],
  connectAuthorization: ['validation', 'not-found', 'api', 'network', 'timeout'],
  refreshAccessToken: ['validation', 'not-found', 'api', 'network', 'timeout'],
  authStatus: ['validation', 'not-found'],
  listShops: ['validation', 'not-found', 'api', 'network', 'timeout'],
  chooseShop: ['validation', 'not-found'],
  openAuthorizationLink: ['validation'],
};

const RUNS_PER_METHOD = { anything: 200, nearValid: 250 };
/** Each echo case saves a profile and makes one loopback call: about 60 ms. */
const ECHO_RUNS = 200;

let home: string;
let sandbox: RunningSandbox;
const launcher = createSandboxLauncher();
let handlers: BridgeHandlerTable;
const remoteCalls: string[] = [];
let cases = 0;
/** Calls answered by the echoing server, and the secrets seen in what came back (must stay 0). */
let echoCases = 0;
let echoLeaks = 0;
/** How the answers came out, so the run shows it reached past the schema (ok, api, not-found...). */
const outcomes = new Map<string, number>();
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

/** Counts one case and how it came out. */
function tally(answer: unknown): void {
  cases += 1;
  const result = answer as { ok?: boolean; error?: { kind?: string } };
  const outcome = result.ok === true ? 'ok' : (result.error?.kind ?? 'none');
  outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
}

/** Every file under the data folder, bytes as base64: the picture a rejected call must not change. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const names = (await fs.readdir(dir, { recursive: true })).sort();
  const files: Record<string, string> = {};
  for (const name of names) {
    const full = path.join(dir, name);
    if ((await fs.stat(full)).isFile()) files[name] = (await fs.readFile(full)).toString('base64');
  }
  return files;
}

function stringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? '';
}

/** Sets a property as an own, enumerable one, so that `__proto__` is a key and not the prototype. */
function withOwn(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

function nest(depth: number, asArray: boolean): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i += 1) value = asArray ? [value] : { a: value };
  return value;
}

/**
 * Objects that fight back when read: a parser must not let them turn into a throw.
 * fast-check cannot carry a revoked proxy around (it probes generated values), so the
 * generators hold this placeholder and probe() builds the object just before the call.
 */
class Exotic {
  constructor(readonly which: number) {}
}

function exotic(which: number): unknown {
  switch (which) {
    case 0:
      return Object.defineProperty({}, 'name', {
        enumerable: true,
        get() {
          throw new Error(`getter says ${MARKER}`);
        },
      });
    case 1: {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    }
    case 2:
      return new Proxy(
        {},
        {
          get() {
            throw new Error(`proxy says ${MARKER}`);
          },
          ownKeys() {
            throw new Error('no keys');
          },
        },
      );
    case 3:
      return () => MARKER;
    case 4:
      return Symbol(MARKER);
    case 5:
      return Promise.resolve({ name: MARKER });
    default:
      return new (class Shop {
        name = 'class-instance';
      })();
  }
}

const hugeString = fc
  .tuple(fc.constantFrom('a', '\u0000', 'é', '🔑', '\ud800', ' ', '\n', '%00'), fc.integer({ min: 1, max: 1_048_576 }))
  .map(([unit, bytes]) => unit.repeat(Math.max(1, Math.floor(bytes / Math.max(1, Buffer.byteLength(unit))))));

const oddString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\ud800', '\udfff', '\u202e', '\ufeff', '__proto__', 'constructor', 'prototype', 'sandbox', 'SANDBOX', 'Sandbox '),
  hugeString,
);

/** A secret the way a hostile or clumsy caller might send one: the marker inside odd text. */
const secretish = fc
  .tuple(fc.string({ unit: 'binary', maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom('', '\u0000', '\n', ' ', '\ud800', 'é'))
  .map(([before, after, odd]) => `${before}${odd}${MARKER}${odd}${after}`);

/** `{"__proto__": {...}}` as JSON.parse builds it (an own key), the way the preview's HTTP input arrives. */
const polluting = fc
  .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.constantFrom('polluted', 'toString', 'valueOf', 'hasOwnProperty'))
  .map(([outer, inner]): unknown => JSON.parse(`{"${outer}": {"${inner}": "yes", "prototype": {"${inner}": "yes"}}, "name": "x"}`));

const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.anything({ maxDepth: 4, withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withObjectString: true, withSparseArray: true, withTypedArray: true, stringUnit: 'binary' }) },
  { weight: 2, arbitrary: oddString },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 100, max: 10_000 }), fc.boolean()).map(([depth, asArray]) => nest(depth, asArray)) },
  { weight: 1, arbitrary: polluting },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 6 }).map((which) => new Exotic(which)) },
);

const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'extra', 'appSecret', 'accessToken', 'access_token', MARKER];

function arbitraries(baseUrl: string) {
  const names = fc.constantFrom('fuzz-shop', 'Fuzz-Shop', 'other shop', 'Boutique Émile_2.0', 'sandbox', 'ghost', ' fuzz-shop ', 'a:b', '-x', 'x'.repeat(65));
  const baseUrls = fc.constantFrom(
    baseUrl,
    `${baseUrl}/prefix/`,
    'https://127.0.0.1:1',
    'http://localhost:1',
    'http://[::1]:1',
    'http://example.com',
    'https://user:pw@127.0.0.1:1',
    'javascript:alert(1)',
    'file:///etc/passwd',
    `${baseUrl}?x=1#y`,
    '127.0.0.1',
  );
  const secretChange = fc.oneof(
    secretish.map((value) => ({ action: 'replace', value })),
    fc.constantFrom({ action: 'keep' }, { action: 'clear' }, { action: 'replace', value: '' }, { action: 'replace' }, { action: 'delete' }),
    fc.tuple(secretish, hostile).map(([value, extra]) => withOwn({ action: 'replace', value }, '__proto__', extra)),
    fc.tuple(hostile).map(([value]) => ({ action: 'replace', value })),
    hostile,
  );
  const plausible: Record<string, fc.Arbitrary<unknown>> = {
    name: names,
    originalName: names,
    profile: names,
    baseUrl: baseUrls,
    appKey: fc.constantFrom(SANDBOX_APP_KEY, 'k', 'key with space', 'k'.repeat(129), ''),
    version: fc.constantFrom('202401', '', '2024 01', 'v'.repeat(33)),
    appSecret: secretChange,
    accessToken: secretChange,
    token: fc.constantFrom('a.b.c', 'eyJhbGciOiJub25lIn0.e30.', '....', 'Bearer x.y.z'),
    text: fc.string({ maxLength: 20 }),
    autoRefresh: fc.boolean(),
  };
  const templates: Record<BridgeMethodName, () => Record<string, unknown>> = {
    listProfiles: () => ({}),
    saveProfile: () => ({
      name: 'fuzz-shop',
      baseUrl,
      authBaseUrl: baseUrl,
      appKey: SANDBOX_APP_KEY,
      appSecret: { action: 'replace', value: `${MARKER}-app` },
      accessToken: { action: 'replace', value: `${MARKER}-access` },
    }),
    removeProfile: () => ({ name: 'fuzz-shop' }),
    selectProfile: () => ({ name: 'fuzz-shop' }),
    repairProfiles: () => ({}),
    getToken: () => ({ profile: 'fuzz-shop' }),
    decodeToken: () => ({ token: 'a.b.c' }),
    copyText: () => ({ text: 'hello' }),
    getSettings: () => ({}),
    saveSettings: () => ({ autoRefresh: true }),
    appInfo: () => ({}),
    checkSandboxSignature: () => ({ token: 'a.b.c' }),
    listHistory: () => ({}),
    desktopStatus: () => ({}),
    authorizationLink: () => ({ profile: 'fuzz-shop' }),
    connectAuthorization: () => ({ profile: 'fuzz-shop', reply: `${MARKER}-code` }),
    refreshAccessToken: () => ({ profile: 'fuzz-shop' }),
    authStatus: () => ({ profile: 'fuzz-shop' }),
    listShops: () => ({ profile: 'fuzz-shop' }),
    chooseShop: () => ({ profile: 'fuzz-shop', shopId: '7494001122334455667', shopRegion: 'GB' }),
    openAuthorizationLink: () => ({ url: 'https://services.tiktokshop.com/open/authorize?service_id=1&state=x' }),
  };
  const KNOWN_KEYS = Object.keys(plausible);

  /** The valid request with up to three changes: a field broken, dropped, or an extra key added. */
  function nearValid(method: BridgeMethodName): fc.Arbitrary<unknown> {
    const own = Object.keys(templates[method]());
    const droppable = own.filter((key) => key !== 'authBaseUrl');
    const keys = [...new Set([...own, 'name', 'profile', 'originalName', 'version', ...EXTRA_KEYS])];
    const change = fc.oneof(
      fc.record({ op: fc.constant('set' as const), key: fc.constantFrom(...keys), value: hostile }),
      fc.record({ op: fc.constant('set' as const), key: fc.constantFrom(...keys), value: oddString }),
      // A secret only where a secret goes or where no field is expected: a name is echoed by design.
      fc.record({ op: fc.constant('set' as const), key: fc.constantFrom(...EXTRA_KEYS), value: secretish }),
      fc.constantFrom(...KNOWN_KEYS).chain((key) => (plausible[key] ?? hostile).map((value) => ({ op: 'set' as const, key, value }))),
      // A saved profile keeps its loopback auth base URL: without one, later probes' auth calls would
      // rightly aim at TikTok's default auth host, and this test sends nothing beyond this machine.
      fc.record({ op: fc.constant('drop' as const), key: droppable.length > 0 ? fc.constantFrom(...droppable) : fc.constant('none') }),
    );
    return fc.array(change, { maxLength: 3 }).map((changes) => {
      const request = templates[method]();
      for (const c of changes) {
        if (c.op === 'drop') Reflect.deleteProperty(request, c.key);
        else withOwn(request, c.key, c.value);
      }
      return request;
    });
  }
  return { nearValid, template: (method: BridgeMethodName) => templates[method]() };
}

/** The request with its placeholders, at the top or one level down, replaced by the real exotic objects (on a copy). */
function materialize(request: unknown): unknown {
  if (request instanceof Exotic) return exotic(request.which);
  if (typeof request !== 'object' || request === null || Object.getPrototypeOf(request) !== Object.prototype) return request;
  const fields = request as Record<string, unknown>;
  if (!Object.values(fields).some((value) => value instanceof Exotic)) return request;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) withOwn(copy, key, value instanceof Exotic ? exotic(value.which) : value);
  return copy;
}

/** Calls one handler with one request and checks every promise the bridge makes about the answer. */
async function probe(method: BridgeMethodName, request: unknown): Promise<void> {
  const before = await snapshot(home);
  const handler = handlers[method] as (request: unknown) => Promise<unknown>;
  let answer: unknown;
  try {
    answer = await handler(materialize(request));
  } catch (error) {
    throw new Error(`${method} threw instead of answering a BridgeResult: ${String(error)}`, { cause: error });
  }
  const result = answer as { ok: boolean; value?: unknown; error?: { kind: ErrorKind; message: string; explanation: string; resolution: string } };
  tally(answer);
  expect(typeof result.ok).toBe('boolean');
  if (result.ok) {
    expect(result).toHaveProperty('value');
  } else {
    expect(TYPED_KINDS[method]).toContain(result.error?.kind);
    for (const text of [result.error?.message, result.error?.explanation, result.error?.resolution]) expect(text?.length ?? 0).toBeGreaterThan(0);
    expect(await snapshot(home)).toEqual(before);
  }
  expect(stringify(answer)).not.toContain(MARKER);
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

beforeAll(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'wtd-fuzz-'));
  sandbox = await startSandbox();
  const secrets = createMemorySecretStore();
  const store = new ProfileStore({ dir: home });
  const profiles = new ProfileService(store, secrets, launcher.launch);
  // A generated base URL must never reach past this machine: a call anywhere else is refused and recorded.
  const loopbackOnly: RequestFn = (url, options, onResponse) => {
    if (!isLoopbackHost(url.hostname)) {
      remoteCalls.push(url.host);
      throw new Error('not sent: the fuzz test stays on this machine');
    }
    return (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, options, onResponse);
  };
  const session = new SandboxSession();
  const refresher = new RefreshCoordinator({ profiles, sandbox: launcher.launch, session, lockDir: home, timeoutMs: 3_000, request: loopbackOnly });
  const history = new CallHistory();
  const tokens = new TokenService({ profiles, sandbox: launcher.launch, session, refresher, timeoutMs: 3_000, request: loopbackOnly, history });
  const auth = new AuthService({ profiles, sandbox: launcher.launch, session, refresher, timeoutMs: 3_000, request: loopbackOnly, openExternal: async () => undefined });
  const core: Core = { profiles, tokens, store, auth, history, settings: new SettingsStore({ dir: home }), fresh: new FreshTokens(tokens, () => profiles.activeName()) };
  handlers = createBridgeHandlers(
    { shell: 'electron', appVersion: '0.0.0-fuzz', dataDir: home, secrets, sandbox: launcher.launch, clipboard: { writeText: () => undefined } },
    core,
  );
});

afterAll(async () => {
  const tally = [...outcomes].sort(([, a], [, b]) => b - a).map(([outcome, count]) => `${outcome} ${count}`);
  console.log(`handler fuzz: ${cases} cases (${tally.join(', ')}); echoing server: ${echoCases} cases, ${echoLeaks} secrets shown`);
  await sandbox.close();
  await launcher.close();
  await fs.rm(home, { recursive: true, force: true });
});

describe('every bridge method under hostile input', () => {
  it('covers the whole table', () => {
    expect(Object.keys(handlers).sort()).toEqual([...METHOD_NAMES].sort());
  });

  it.each(METHOD_NAMES)('%s answers arbitrary values with a typed BridgeResult', async (method) => {
    await fc.assert(
      fc.asyncProperty(hostile, (request) => probe(method, request)),
      { numRuns: RUNS_PER_METHOD.anything },
    );
  }, 30_000);

  it.each(METHOD_NAMES)('%s answers near-valid requests with one field broken', async (method) => {
    const { nearValid, template } = arbitraries(sandbox.baseUrl);
    // The profile the templates name exists (for saveProfile: not yet), so broken requests reach past the lookup too.
    const listed = await handlers.listProfiles({});
    const exists = listed.ok && listed.value.profiles.some((profile) => profile.name === 'fuzz-shop');
    if (method === 'saveProfile' && exists) expect((await handlers.removeProfile({ name: 'fuzz-shop' })).ok).toBe(true);
    if (method !== 'saveProfile' && !exists) expect((await handlers.saveProfile(template('saveProfile'))).ok).toBe(true);
    await fc.assert(
      fc.asyncProperty(nearValid(method), (request) => probe(method, request)),
      { numRuns: RUNS_PER_METHOD.nearValid },
    );
  }, 30_000);

  it('answers objects that throw when read (getters, revoked proxies) as invalid, every method, every kind', async () => {
    for (const method of METHOD_NAMES) {
      // 0-2 throw when read; 3 and 4 are a function and a symbol.
      for (let which = 0; which <= 4; which += 1) {
        const result = await handlers[method](exotic(which));
        tally(result);
        expect(result).toMatchObject({ ok: false, error: { kind: 'validation' } });
        expect(stringify(result)).not.toContain(MARKER);
      }
    }
  });

  it('rejects a request that is not an object with a validation error, naming no value', async () => {
    const notObjects = fc.oneof(fc.string({ unit: 'binary' }), fc.double(), fc.bigInt(), fc.boolean(), fc.array(fc.anything()), hugeString, fc.integer({ min: 3, max: 4 }).map((which) => new Exotic(which)));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHOD_NAMES), notObjects, async (method, request) => {
        const result = await handlers[method](materialize(request));
        tally(result);
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.error.kind).toBe('validation');
          expect(result.error.message).toBe(`The ${method} request is not valid (request).`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('made no call beyond this machine, kept every saved file free of the secret, and left no temp or lock file', async () => {
    expect(remoteCalls).toEqual([]);
    const files = await snapshot(home);
    for (const [name, bytes] of Object.entries(files)) {
      expect(['profiles.json', 'settings.json']).toContain(name);
      expect(Buffer.from(bytes, 'base64').toString('utf8')).not.toContain(MARKER);
    }
  });
});

describe('odd secrets in the real keychain', () => {
  const service = `widget-token-desk-fuzz-${randomUUID()}`;
  let keychain: SecretStore;
  let keychainHome: string;
  let keychainHandlers: BridgeHandlerTable;

  beforeAll(async () => {
    keychain = createKeychainStore({ service });
    keychainHome = await fs.mkdtemp(path.join(os.tmpdir(), 'wtd-fuzz-keychain-'));
    keychainHandlers = createBridgeHandlers({ shell: 'preview', appVersion: '0.0.0-fuzz', dataDir: keychainHome, secrets: keychain, sandbox: launcher.launch });
  });

  afterAll(async () => {
    for (const kind of ['app-secret', 'access-token'] as const) await keychain.delete('odd', kind);
    await fs.rm(keychainHome, { recursive: true, force: true });
  });

  it('are kept exactly as given, or refused as invalid with nothing stored and nothing echoed', async () => {
    const value = fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 64 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 64 }), fc.constantFrom('a\u0000b', '\u0000', 'x\ud800', '\udc00y', 'é\u0301', 'tab\tnew\nline'));
    await fc.assert(
      fc.asyncProperty(value, async (secret) => {
        await keychainHandlers.removeProfile({ name: 'odd' });
        const before = await snapshot(keychainHome);
        const result = await keychainHandlers.saveProfile({
          name: 'odd',
          baseUrl: sandbox.baseUrl,
          appKey: SANDBOX_APP_KEY,
          appSecret: { action: 'replace', value: `${MARKER}${secret}` },
          accessToken: { action: 'keep' },
        });
        tally(result);
        expect(stringify(result)).not.toContain(MARKER);
        if (result.ok) {
          expect(await keychain.get('odd', 'app-secret')).toBe(`${MARKER}${secret}`);
        } else {
          expect(result.error.kind).toBe('validation');
          expect(await keychain.get('odd', 'app-secret')).toBeNull();
          expect(await snapshot(keychainHome)).toEqual(before);
        }
      }),
      { numRuns: 60, examples: [['a\u0000b'], ['\u0000'], ['x\ud800'], ['\udc00y'], ['🔑'], ['é\u0301']] },
    );
  }, 30_000);
});

describe('a server that echoes the secrets back', () => {
  let echoServer: Server;
  let echoHome: string;
  let echoHandlers: BridgeHandlerTable;
  let answer: EchoAnswer = { status: 200, contentType: 'text/plain', body: '' };

  /** Secrets with characters that JSON, URLs and forms all escape, and no whitespace at either end. */
  const appSecret = fc
    .string({ unit: fc.constantFrom(...'abcXYZ0189-_.~"\\/+&=%? éü🔑'), minLength: 10, maxLength: 40 })
    .filter((value) => value.trim() === value && value.length >= 10);
  // A header carries printable ASCII only; '*' is the mask's own character.
  const accessToken = fc.string({ unit: fc.constantFrom(...Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).filter((c) => c !== '*')), minLength: 12, maxLength: 40 });

  beforeAll(async () => {
    echoServer = createServer((_request, response) => {
      response.writeHead(answer.status, { 'content-type': answer.contentType });
      response.end(answer.body);
    });
    await new Promise<void>((resolve) => echoServer.listen(0, '127.0.0.1', resolve));
    echoHome = await fs.mkdtemp(path.join(os.tmpdir(), 'wtd-fuzz-echo-'));
    echoHandlers = createBridgeHandlers({ shell: 'preview', appVersion: '0.0.0-fuzz', dataDir: echoHome, secrets: createMemorySecretStore(), sandbox: launcher.launch, timeoutMs: 3_000 });
  });

  afterAll(async () => {
    echoServer.closeAllConnections();
    await new Promise<void>((resolve) => echoServer.close(() => resolve()));
    await fs.rm(echoHome, { recursive: true, force: true });
  });

  it('never hands the window a secret, whatever the shape and spelling of the echo', async () => {
    const baseUrl = `http://127.0.0.1:${(echoServer.address() as AddressInfo).port}`;
    await fc.assert(
      fc.asyncProperty(echoPlan, appSecret, accessToken, async (plan, app, access) => {
        const listed = await echoHandlers.listProfiles({});
        const exists = listed.ok && listed.value.profiles.some((profile) => profile.name === 'echo');
        const saved = await echoHandlers.saveProfile({ ...(exists ? { originalName: 'echo' } : {}), name: 'echo', baseUrl, appKey: 'echokey', appSecret: { action: 'replace', value: app }, accessToken: { action: 'replace', value: access } });
        expect(saved.ok).toBe(true);
        answer = echoAnswer(plan, { appSecret: app, accessToken: access });
        const result = await echoHandlers.getToken({ profile: 'echo' });
        echoCases += 1;
        tally(result);
        if (!result.ok) expect(['api', 'network']).toContain(result.error.kind);
        // The window decodes the token it is given: what it would show counts too.
        const seen = stringify([result, result.ok ? decodeJwt(result.value.token) : null]);
        const shown = [app, access].flatMap(secretSpellings).filter((spelling) => seen.includes(spelling));
        echoLeaks += shown.length;
        expect(shown).toEqual([]);
      }),
      { numRuns: ECHO_RUNS },
    );
  }, 60_000);
});
