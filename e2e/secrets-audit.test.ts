/**
 * The secrets audit, end to end: a unique app secret and access token per run go through
 * the real paths (the built CLI, and the preview child driven over HTTP through every
 * bridge method, as the page drives it), with and without DEBUG, against a
 * contract-following server of our own that accepts exactly those values. Then the values
 * are looked for everywhere they must never be: every bridge response, every line any
 * process printed, every file in the data folder and in the children's temp and working
 * folders, and the command line of every process on the machine while the run went on.
 * The keychain is the one place they may be, and the test checks that they are there.
 *
 * Two more pairs of values are sent only in calls that fail (rejected by the server,
 * refused by validation, unreachable host), where error paths could echo them. A third
 * pair goes to profiles whose server echoes them back: in an error's message and
 * request_id, in a body that is not JSON, and inside the claims of the token it issues.
 *
 * The secrets are made of [a-z0-9-] only, so their URL-encoded and JSON-escaped forms are
 * the values themselves and a plain substring search finds those too.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../main/core/sign';
import { WIDGET_TOKEN_PATH } from '../main/sandbox/sandbox-server';
import { issueSandboxJwt } from '../main/sandbox/sandbox-jwt';
import { METHOD_NAMES, PREVIEW_BRIDGE_PATH, PREVIEW_KEY_HEADER, type BridgeMethodName } from '../preload/contract';
import { BUILT_CLI, clearKeychainService, cliEnv, requireBuiltCli } from '../tests/support/built-cli';

const unique = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;

/** What the audit looks for: each value with a name for the report. */
const SECRETS = {
  'app secret': unique('audit-app-secret'),
  'access token': unique('audit-access-token'),
  'junk app secret': unique('audit-junk-secret'),
  'junk access token': unique('audit-junk-token'),
  'invalid-profile app secret': unique('audit-invalid-secret'),
  'invalid-profile access token': unique('audit-invalid-token'),
  'echoed app secret': unique('audit-echoed-secret'),
  'echoed access token': unique('audit-echoed-token'),
  'auth code (CLI)': unique('audit-auth-code-cli'),
  'auth code (preview)': unique('audit-auth-code-preview'),
} as const;

/** The app keys of the profiles whose server echoes their secrets, and how it does. */
const ECHO_APP_KEYS = { error: 'auditechoerror', text: 'auditechotext', claim: 'auditechoclaim' } as const;
const APP_KEY = 'auditappkey01';

/** Tokens the audit server issued through token/get and token/refresh, by value, each with a name. */
const ISSUED = new Map<string, string>();

function secretsIn(text: string): string[] {
  const fixed = Object.entries(SECRETS).filter(([, value]) => text.includes(value)).map(([name]) => name);
  const issued = [...ISSUED].filter(([value]) => text.includes(value)).map(([, name]) => name);
  return [...fixed, ...issued];
}

/** Collects what was scanned and every leak found. */
class Audit {
  readonly leaks: string[] = [];
  responses = 0;
  logLines = 0;
  files = 0;
  readonly processes = new Set<string>();

  check(where: string, text: string): void {
    for (const name of secretsIn(text)) this.leaks.push(`${name} in ${where}`);
  }

  response(where: string, body: string): void {
    this.responses += 1;
    this.check(`the response of ${where}`, body);
  }

  output(where: string, text: string): void {
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    this.logLines += lines.length;
    lines.forEach((line, index) => this.check(`${where}, line ${index + 1}`, line));
  }

  /** One process's command line (its arguments, NUL-separated in /proc). */
  processCommandLine(pid: string): void {
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
    } catch {
      return; // gone already, or not ours to read
    }
    this.processes.add(pid);
    this.check(`the command line of process ${pid} (${cmdline.split('\0')[0] ?? ''})`, cmdline.replace(/\0/g, ' '));
  }

  allCommandLines(): void {
    for (const entry of readdirSync('/proc')) if (/^\d+$/.test(entry)) this.processCommandLine(entry);
  }

  async folder(dir: string): Promise<void> {
    for (const name of await readdir(dir, { recursive: true })) {
      const file = path.join(dir, name);
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) continue;
      this.files += 1;
      this.check(`the file ${file}`, (await readFile(file)).toString('latin1'));
    }
  }

  summary(): string {
    return `secrets audit: ${this.responses} responses, ${this.logLines} log lines, ${this.files} files, ${this.processes.size} processes scanned; ${this.leaks.length} leaks`;
  }
}

/**
 * The widget-token contract as the sandbox implements it, but accepting this run's own
 * app key, app secret and access token. Its messages name no received value.
 */
interface AuditServer {
  readonly baseUrl: string;
  /** How many calls carried the right signature and access token, and how many the junk token. */
  readonly seen: { accepted: number; junkToken: number; echoed: number; exchanged: number; refreshed: number };
  close(): Promise<void>;
}

async function startAuditServer(): Promise<AuditServer> {
  const seen = { accepted: 0, junkToken: 0, echoed: 0, exchanged: 0, refreshed: 0 };
  const codes = new Set<string>([SECRETS['auth code (CLI)'], SECRETS['auth code (preview)']]);
  const refreshTokens = new Set<string>();
  const accessTokens = new Set<string>([SECRETS['access token']]);
  const issue = (kind: string): string => {
    const value = unique(`audit-issued-${kind}`);
    ISSUED.set(value, `issued ${kind} ${ISSUED.size + 1}`);
    return value;
  };
  const grant = () => {
    const access = issue('access-token');
    const refresh = issue('refresh-token');
    accessTokens.add(access);
    refreshTokens.add(refresh);
    const now = Math.floor(Date.now() / 1000);
    return {
      access_token: access,
      access_token_expire_in: now + 7 * 86_400,
      refresh_token: refresh,
      refresh_token_expire_in: now + 365 * 86_400,
      open_id: 'audit-open-id',
      seller_name: 'Audit Seller',
      seller_base_region: 'GB',
      user_type: 0,
      granted_scopes: ['audit.scope'],
    };
  };
  const server: Server = createServer((request, response) => {
    request.resume();
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    const token = request.headers['x-tts-access-token'];
    if (token === SECRETS['junk access token']) seen.junkToken += 1;
    const nowSeconds = Math.floor(Date.now() / 1000);
    const answer = (status: number, body: Record<string, unknown>) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ request_id: `AUDIT${randomBytes(8).toString('hex').toUpperCase()}`, ...body }));
    };
    if (token === SECRETS['echoed access token']) {
      // A server that repeats what it was sent, and the app secret it knows.
      seen.echoed += 1;
      const echo = `x-tts-access-token=${token} app_secret=${SECRETS['echoed app secret']}`;
      if (query.app_key === ECHO_APP_KEYS.text) {
        response.writeHead(502, { 'content-type': 'text/plain' });
        response.end(`Bad gateway; the request was: ${echo}`);
      } else if (query.app_key === ECHO_APP_KEYS.claim) {
        const claims = Buffer.from(JSON.stringify({ sub: token, secret: SECRETS['echoed app secret'], exp: nowSeconds + 300 })).toString('base64url');
        answer(200, { code: 0, message: echo, request_id: token, data: { widget_token: { token: `eyJhbGciOiJIUzI1NiJ9.${claims}.c2ln`, expire_at: nowSeconds + 300 } } });
      } else {
        answer(400, { code: 36009004, message: `Invalid credentials: ${echo}`, request_id: token });
      }
      return;
    }
    if (url.pathname === '/api/v2/token/get' || url.pathname === '/api/v2/token/refresh') {
      if (query.app_key !== APP_KEY || query.app_secret !== SECRETS['app secret']) {
        answer(400, { code: 36004005, message: 'can not find related auth record' });
        return;
      }
      const input = url.pathname.endsWith('/get') ? (query.auth_code ?? '') : (query.refresh_token ?? '');
      const known = url.pathname.endsWith('/get') ? codes : refreshTokens;
      if (!known.delete(input)) {
        answer(400, { code: url.pathname.endsWith('/get') ? 36004004 : 36004005, message: 'invalid auth code or refresh token' });
        return;
      }
      if (url.pathname.endsWith('/get')) seen.exchanged += 1;
      else seen.refreshed += 1;
      answer(200, { code: 0, message: 'success', data: grant() });
      return;
    }
    const signedPaths = [WIDGET_TOKEN_PATH, '/authorization/202309/shops'];
    if (!signedPaths.includes(url.pathname) || query.app_key !== APP_KEY) {
      answer(400, { code: 36009004, message: 'Invalid credentials. Invalid `app_key` query parameter.' });
      return;
    }
    const { sign: presented, ...signed } = query;
    if (presented !== sign({ path: url.pathname, query: { ...signed } }, SECRETS['app secret'])) {
      answer(400, { code: 106001, message: 'Invalid sign.' });
      return;
    }
    if (typeof token !== 'string' || !accessTokens.has(token)) {
      answer(400, { code: 36009004, message: 'Invalid credentials. The `x-tts-access-token` header is invalid.' });
      return;
    }
    seen.accepted += 1;
    if (url.pathname !== WIDGET_TOKEN_PATH) {
      answer(200, { code: 0, message: 'success', data: { shops: [{ id: '7494001122334455667', name: 'Audit Shop', region: 'GB', seller_type: 'LOCAL', code: 'AUD1', cipher: 'ROW_audit' }] } });
      return;
    }
    const expireAt = nowSeconds + 300;
    const jwt = issueSandboxJwt({ userId: 7493990753256900486n, clientKey: APP_KEY, shopIds: [7494001122334455667n], expiresAt: expireAt, sellerType: 2 });
    answer(200, { code: 0, message: 'Success', data: { widget_token: { token: jwt, expire_at: expireAt } } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A port nothing listens on: taken from the system, then given back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const canReadProcesses = existsSync('/proc/self/cmdline');

it.runIf(canReadProcesses)('the scan finds a value in a running command line (its own control)', async () => {
  const control = new Audit();
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)', SECRETS['junk app secret']], { stdio: 'ignore' });
  await once(child, 'spawn');
  try {
    control.allCommandLines();
  } finally {
    child.kill();
    await once(child, 'close');
  }
  expect(control.leaks).toEqual([`junk app secret in the command line of process ${child.pid} (${process.execPath})`]);
});

describe.each([{ debug: false }, { debug: true }])('the secrets audit (DEBUG set: $debug)', ({ debug }) => {
  const audit = new Audit();
  const service = unique('widget-token-desk-test-secrets-audit');
  let base: string;
  let home: string;
  let temp: string;
  let work: string;
  let server: AuditServer;
  let poll: ReturnType<typeof setInterval> | undefined;

  beforeAll(async () => {
    requireBuiltCli();
    base = await mkdtemp(path.join(tmpdir(), 'wtd-secrets-audit-'));
    home = path.join(base, 'home');
    temp = await mkdtemp(path.join(base, 'tmp-'));
    work = await mkdtemp(path.join(base, 'cwd-'));
    server = await startAuditServer();
    // Short-lived CLI children are also read the moment they start (below).
    if (canReadProcesses) poll = setInterval(() => audit.allCommandLines(), 25);
  });

  afterAll(async () => {
    clearInterval(poll);
    await server.close();
    await clearKeychainService(service);
    await rm(base, { recursive: true, force: true });
  });

  function baseEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
    return cliEnv({
      WIDGET_TOKEN_HOME: home,
      WIDGET_TOKEN_KEYCHAIN_SERVICE: service,
      TMPDIR: temp,
      DEBUG: debug ? '1' : undefined,
      ...extra,
    });
  }

  function startCli(args: readonly string[], extraEnv: Readonly<Record<string, string>> = {}) {
    const child = spawn(process.execPath, [BUILT_CLI, ...args], { cwd: work, env: baseEnv(extraEnv), stdio: 'pipe' });
    child.once('spawn', () => {
      if (canReadProcesses && child.pid !== undefined) audit.processCommandLine(String(child.pid));
    });
    return child;
  }

  function cli(args: readonly string[], options: { readonly env?: Record<string, string>; readonly input?: string } = {}): Promise<Run> {
    const child = startCli(args, options.env);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdin.end(options.input ?? '');
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code) => {
        const label = `widget-token ${args.map((arg) => (arg.length > 40 ? `${arg.slice(0, 12)}…` : arg)).join(' ')}`;
        audit.output(`stdout of ${label}`, stdout);
        audit.output(`stderr of ${label}`, stderr);
        resolve({ code, stdout, stderr });
      });
    });
  }

  const secretEnv = (appSecret: string, accessToken: string) => ({
    WIDGET_TOKEN_APP_SECRET: appSecret,
    WIDGET_TOKEN_ACCESS_TOKEN: accessToken,
  });

  it('finds the secrets in the keychain and nowhere else', async () => {
    const unreachable = `http://127.0.0.1:${await closedPort()}`;

    // The CLI: profiles with secrets from the environment, then every reading command.
    const setAudit = await cli(['profile', 'set', 'audit', '--base-url', server.baseUrl, '--app-key', APP_KEY], {
      env: secretEnv(SECRETS['app secret'], SECRETS['access token']),
    });
    expect(setAudit.code, setAudit.stderr).toBe(0);
    const setJunk = await cli(['profile', 'set', 'junk', '--base-url', server.baseUrl, '--app-key', APP_KEY], {
      env: secretEnv(SECRETS['junk app secret'], SECRETS['junk access token']),
    });
    expect(setJunk.code, setJunk.stderr).toBe(0);
    const setOffline = await cli(['profile', 'set', 'offline', '--base-url', unreachable, '--app-key', APP_KEY], {
      env: secretEnv(SECRETS['app secret'], SECRETS['access token']),
    });
    expect(setOffline.code, setOffline.stderr).toBe(0);
    const setInvalid = await cli(['profile', 'set', 'invalid', '--base-url', 'ftp://example.com', '--app-key', APP_KEY], {
      env: secretEnv(SECRETS['invalid-profile app secret'], SECRETS['invalid-profile access token']),
    });
    expect(setInvalid.code).not.toBe(0);

    for (const [mode, appKey] of Object.entries(ECHO_APP_KEYS)) {
      const setEcho = await cli(['profile', 'set', `echo-${mode}`, '--base-url', server.baseUrl, '--app-key', appKey], {
        env: secretEnv(SECRETS['echoed app secret'], SECRETS['echoed access token']),
      });
      expect(setEcho.code, setEcho.stderr).toBe(0);
      // Refused (API error, a body that is not the API's, a token carrying a secret): exit 3 or 4, the echo masked.
      expect([3, 4]).toContain((await cli(['get', '--profile', `echo-${mode}`])).code);
      expect([3, 4]).toContain((await cli(['get', '--profile', `echo-${mode}`, '--json'])).code);
    }

    const got = await cli(['get', '--profile', 'audit', '--json']);
    expect(got.code, got.stderr).toBe(0);
    const token = (JSON.parse(got.stdout) as { token: string }).token;
    expect((await cli(['get', '--profile', 'audit'])).code).toBe(0);
    expect((await cli(['get', '--profile', 'junk', '--json'])).code).toBe(3);
    expect((await cli(['get', '--profile', 'offline'])).code).toBe(4);
    expect((await cli(['profile', 'list', '--json'])).code).toBe(0);
    expect((await cli(['profile', 'list'])).code).toBe(0);
    expect((await cli(['decode', token])).code).toBe(0);
    expect((await cli(['decode', '-', '--json'], { input: token })).code).toBe(0);

    // The seller authorization: the code goes in on stdin, the tokens come back into the keychain only.
    const setAuthz = await cli(['profile', 'set', 'authz', '--base-url', server.baseUrl, '--auth-base-url', server.baseUrl, '--app-key', APP_KEY, '--service-id', 'audit-service'], {
      env: { WIDGET_TOKEN_APP_SECRET: SECRETS['app secret'] },
    });
    expect(setAuthz.code, setAuthz.stderr).toBe(0);
    expect((await cli(['auth', 'url', '--profile', 'authz', '--json'])).code).toBe(0);
    const exchanged = await cli(['auth', 'code', '-', '--profile', 'authz'], { input: SECRETS['auth code (CLI)'] });
    expect(exchanged.code, exchanged.stderr).toBe(0);
    expect((await cli(['auth', 'code', '-', '--profile', 'authz'], { input: SECRETS['auth code (CLI)'] })).code).toBe(3);
    expect((await cli(['auth', 'status', '--profile', 'authz', '--json'])).code).toBe(0);
    expect((await cli(['auth', 'status', '--profile', 'authz'])).code).toBe(0);
    expect((await cli(['auth', 'refresh', '--profile', 'authz'])).code).toBe(0);
    expect((await cli(['get', '--profile', 'authz', '--json'])).code).toBe(0);
    expect((await cli(['shops', '--profile', 'authz', '--json'])).code).toBe(0);
    expect((await cli(['shops', '--profile', 'authz'])).code).toBe(0);

    // The preview child, driven like the page: every bridge method, with the run's key.
    const preview = startCli(['preview', '--port', '0', '--no-open']);
    let previewOut = '';
    let previewErr = '';
    preview.stderr.setEncoding('utf8').on('data', (chunk: string) => (previewErr += chunk));
    const previewClosed = new Promise<number | null>((resolve) => preview.once('close', resolve));
    const address = await new Promise<URL>((resolve, reject) => {
      preview.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        previewOut += chunk;
        const found = /(http:\/\/127\.0\.0\.1:\d+\/#k=[\w-]+)\n/.exec(previewOut)?.[1];
        if (found !== undefined) resolve(new URL(found));
      });
      void previewClosed.then(() => reject(new Error(`the preview stopped early: ${previewErr}`)));
    });
    const key = address.hash.replace(/^#k=/, '');
    const called = new Set<BridgeMethodName>();
    const bridge = async (method: BridgeMethodName, request: unknown): Promise<{ ok: boolean }> => {
      called.add(method);
      const response = await fetch(`${address.origin}${PREVIEW_BRIDGE_PATH}/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [PREVIEW_KEY_HEADER]: key },
        body: JSON.stringify(request),
      });
      const body = await response.text();
      audit.response(`${method} ${JSON.stringify(request).slice(0, 60)}`, body);
      return JSON.parse(body) as { ok: boolean };
    };
    const replace = (value: string) => ({ action: 'replace', value });

    try {
      const page = await fetch(`${address.origin}/`);
      audit.response('the page', await page.text());
      expect((await bridge('appInfo', {})).ok).toBe(true);
      expect((await bridge('listProfiles', {})).ok).toBe(true);
      const saved = await bridge('saveProfile', {
        name: 'via-preview',
        baseUrl: server.baseUrl,
        appKey: APP_KEY,
        appSecret: replace(SECRETS['app secret']),
        accessToken: replace(SECRETS['access token']),
      });
      expect(saved.ok).toBe(true);
      const refused = await bridge('saveProfile', {
        name: 'via-preview-invalid',
        baseUrl: 'ftp://example.com',
        appKey: APP_KEY,
        appSecret: replace(SECRETS['invalid-profile app secret']),
        accessToken: replace(SECRETS['invalid-profile access token']),
      });
      expect(refused.ok).toBe(false);
      const renamed = await bridge('saveProfile', {
        originalName: 'via-preview',
        name: 'via-preview-renamed',
        baseUrl: server.baseUrl,
        appKey: APP_KEY,
        appSecret: { action: 'keep' },
        accessToken: { action: 'keep' },
      });
      expect(renamed.ok).toBe(true);
      expect((await bridge('selectProfile', { name: 'via-preview-renamed' })).ok).toBe(true);
      expect((await bridge('getToken', { profile: 'via-preview-renamed' })).ok).toBe(true);
      expect((await bridge('getToken', { profile: 'junk' })).ok).toBe(false);
      expect((await bridge('getToken', { profile: 'offline' })).ok).toBe(false);
      for (const mode of Object.keys(ECHO_APP_KEYS)) expect((await bridge('getToken', { profile: `echo-${mode}` })).ok).toBe(false);
      expect((await bridge('getToken', { profile: 'sandbox' })).ok).toBe(true);
      expect((await bridge('decodeToken', { token })).ok).toBe(true);
      await bridge('copyText', { text: token });
      expect((await bridge('getSettings', {})).ok).toBe(true);
      expect((await bridge('saveSettings', { autoRefresh: false })).ok).toBe(true);
      expect((await bridge('saveProfile', {
        name: 'via-preview-authz',
        baseUrl: server.baseUrl,
        authBaseUrl: server.baseUrl,
        serviceId: 'audit-service',
        appKey: APP_KEY,
        appSecret: replace(SECRETS['app secret']),
        accessToken: { action: 'keep' },
      })).ok).toBe(true);
      expect((await bridge('authorizationLink', { profile: 'via-preview-authz' })).ok).toBe(true);
      expect((await bridge('connectAuthorization', { profile: 'via-preview-authz', reply: `http://127.0.0.1/cb?code=${SECRETS['auth code (preview)']}&state=wrong` })).ok).toBe(false);
      expect((await bridge('connectAuthorization', { profile: 'via-preview-authz', reply: SECRETS['auth code (preview)'] })).ok).toBe(true);
      expect((await bridge('connectAuthorization', { profile: 'via-preview-authz', reply: SECRETS['auth code (preview)'] })).ok).toBe(false);
      expect((await bridge('authStatus', { profile: 'via-preview-authz' })).ok).toBe(true);
      expect((await bridge('refreshAccessToken', { profile: 'via-preview-authz' })).ok).toBe(true);
      expect((await bridge('listShops', { profile: 'via-preview-authz' })).ok).toBe(true);
      expect((await bridge('chooseShop', { profile: 'via-preview-authz', shopId: '7494001122334455667', shopRegion: 'GB' })).ok).toBe(true);
      expect((await bridge('getToken', { profile: 'via-preview-authz' })).ok).toBe(true);
      expect((await bridge('openAuthorizationLink', { url: 'https://services.tiktokshop.com/open/authorize?service_id=audit-service&state=x' })).ok).toBe(false);
      expect((await bridge('removeProfile', { name: 'via-preview-renamed' })).ok).toBe(true);
      expect((await bridge('listProfiles', {})).ok).toBe(true);
      // A method added to the contract later is still called, with an empty request.
      for (const method of METHOD_NAMES) if (!called.has(method)) await bridge(method, {});
      expect([...called].sort()).toEqual([...METHOD_NAMES].sort());

      // The preview was given no secret: not in its arguments (polled) nor its environment.
      if (canReadProcesses && preview.pid !== undefined) {
        audit.check(`the environment of the preview (${preview.pid})`, readFileSync(`/proc/${preview.pid}/environ`, 'latin1'));
      }
    } finally {
      preview.kill('SIGTERM');
    }
    expect(await previewClosed).toBe(0);
    audit.output('stdout of widget-token preview', previewOut);
    audit.output('stderr of widget-token preview', previewErr);

    expect((await cli(['profile', 'remove', 'junk'])).code).toBe(0);
    clearInterval(poll);
    if (canReadProcesses) audit.allCommandLines();

    // Files: the data folder, and the children's temp and working folders.
    for (const dir of [home, temp, work]) await audit.folder(dir);

    // The values did travel: the server checked them, and the keychain holds them.
    expect(server.seen.accepted).toBeGreaterThanOrEqual(3);
    expect(server.seen.junkToken).toBeGreaterThanOrEqual(2);
    expect(server.seen.echoed).toBeGreaterThanOrEqual(9);
    expect(server.seen.exchanged).toBe(2);
    expect(server.seen.refreshed).toBe(2);
    const keytar = await import('keytar');
    const api = 'default' in keytar && keytar.default ? keytar.default : keytar;
    const stored = (await api.findCredentials(service)).map((entry) => entry.password);
    expect(stored).toContain(SECRETS['app secret']);
    expect(stored).toContain(SECRETS['access token']);
    // The pairs from the last refresh of each authorized profile: rotated into the keychain.
    expect(stored.filter((value) => ISSUED.has(value))).toHaveLength(4);
    // The scan itself finds what it looks for.
    expect(secretsIn(`x${SECRETS['access token']}x`)).toEqual(['access token']);

    console.log(`${audit.summary()}${debug ? ' (DEBUG=1)' : ''}`);
    expect(audit.responses).toBeGreaterThan(15);
    expect(audit.files).toBeGreaterThan(0);
    if (canReadProcesses) expect(audit.processes.size).toBeGreaterThan(10);
    expect(audit.leaks).toEqual([]);
  }, 180_000);
});
