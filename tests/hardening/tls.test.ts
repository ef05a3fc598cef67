/**
 * TLS as an attacker or a careless proxy would present it. An https server on 127.0.0.1
 * with a certificate made for this run: self-signed, so no trust store vouches for it.
 * The call must fail with a NetworkError that says the certificate could not be verified,
 * and the server must never see an HTTP request (so never the access token). In a child
 * process that trusts the certificate through NODE_EXTRA_CA_CERTS (the remedy the error
 * names) the same call goes through, and a trusted certificate for another host name is
 * still refused. The built CLI, run with NODE_TLS_REJECT_UNAUTHORIZED=0 in its environment,
 * still refuses such certificates (the server never sees the access token) and still
 * trusts a CA added with NODE_EXTRA_CA_CERTS. Certificate checks are stated on in the
 * source, never switched off.
 *
 * Covered beside the code and not repeated here: plain http to a remote host is refused
 * by parseBaseUrl (base-url.test.ts), and a redirect to another origin is not followed,
 * the other server receiving nothing (widget-token-client.test.ts).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBridgeHandlers } from '../../main/core/bridge-handlers';
import { NetworkError } from '../../main/core/errors';
import { createMemorySecretStore } from '../../main/core/memory-secret-store';
import { fetchWidgetToken } from '../../main/core/widget-token-client';
import { clearKeychainService, requireBuiltCli, runCli } from '../support/built-cli';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

const ACCESS_TOKEN = 'TTP_tls-test-access-token-5d1c';
const APP_SECRET = 'tls-test-app-secret-77b2';

async function hasOpenssl(): Promise<boolean> {
  return run('openssl', ['version']).then(
    () => true,
    () => false,
  );
}

const opensslMissing = !(await hasOpenssl());
if (opensslMissing) console.log('tls tests skipped: openssl is not installed, so no certificate can be made for the test server');

interface TlsServer {
  readonly baseUrl: string;
  /** HTTP requests that got through the handshake: each would carry the access token header. */
  readonly requests: { url: string; accessToken: string | undefined }[];
  /** Handshakes the client broke off: proof the client did connect and then refused. */
  readonly refusedHandshakes: string[];
  readonly server: Server;
}

let dir: string;
const servers: Server[] = [];

async function makeCertificate(name: string, subjectAltName: string): Promise<{ key: string; cert: string }> {
  const key = path.join(dir, `${name}-key.pem`);
  const cert = path.join(dir, `${name}-cert.pem`);
  await run('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', `subjectAltName=${subjectAltName}`, '-keyout', key, '-out', cert,
  ]);
  return { key, cert };
}

async function serveTls(files: { key: string; cert: string }): Promise<TlsServer> {
  const requests: TlsServer['requests'] = [];
  const refusedHandshakes: string[] = [];
  const server = createServer({ key: await fs.readFile(files.key), cert: await fs.readFile(files.cert) }, (req, res) => {
    const header = req.headers['x-tts-access-token'];
    requests.push({ url: req.url ?? '', accessToken: typeof header === 'string' ? header : undefined });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: 0, message: 'Success', request_id: 'REQ-TLS', data: { widget_token: { token: 'a.b.c', expire_at: 1_900_000_000 } } }));
  });
  server.on('tlsClientError', (error) => refusedHandshakes.push(error.message));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `https://127.0.0.1:${port}`, requests, refusedHandshakes, server };
}

/** The client refuses during the handshake; the server learns of it a moment later. */
async function settle(server: TlsServer): Promise<void> {
  for (let i = 0; i < 50 && server.refusedHandshakes.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wtd-tls-'));
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  await fs.rm(dir, { recursive: true, force: true });
});

describe.skipIf(opensslMissing)('an https server whose certificate nothing vouches for', () => {
  let server: TlsServer;

  beforeAll(async () => {
    // Certificate checks are on in this process; were they off, the test would prove nothing.
    expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).not.toBe('0');
    server = await serveTls(await makeCertificate('self-signed', 'IP:127.0.0.1'));
  });

  it('fails the call with a NetworkError that explains the certificate, and sends nothing', async () => {
    const error = await fetchWidgetToken({ baseUrl: server.baseUrl, appKey: 'tlskey', appSecret: APP_SECRET, accessToken: ACCESS_TOKEN }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NetworkError);
    const { message, explanation, resolution } = error as NetworkError;
    expect(message).toBe(`The secure connection to ${new URL(server.baseUrl).host} failed (DEPTH_ZERO_SELF_SIGNED_CERT).`);
    expect(explanation).toMatch(/certificate could not be verified, so nothing was sent/);
    expect(explanation).toMatch(/self-signed/);
    expect(resolution).toContain('NODE_EXTRA_CA_CERTS');
    for (const text of [message, explanation, resolution]) {
      expect(text).not.toContain(ACCESS_TOKEN);
      expect(text).not.toContain(APP_SECRET);
    }
    await settle(server);
    expect(server.refusedHandshakes.length).toBeGreaterThan(0);
    expect(server.requests).toEqual([]);
  });

  it('reaches the UI as a network error through the bridge, with the secrets kept out of it', async () => {
    const home = await fs.mkdtemp(path.join(dir, 'home-'));
    const handlers = createBridgeHandlers({
      shell: 'preview',
      appVersion: '0.0.0-tls',
      dataDir: home,
      secrets: createMemorySecretStore(),
      sandbox: Object.assign(() => Promise.reject(new Error('the sandbox is not used here')), { runningAt: () => null }),
    });
    const saved = await handlers.saveProfile({
      name: 'tls-shop',
      baseUrl: server.baseUrl,
      appKey: 'tlskey',
      appSecret: { action: 'replace', value: APP_SECRET },
      accessToken: { action: 'replace', value: ACCESS_TOKEN },
    });
    expect(saved.ok).toBe(true);
    const before = server.requests.length;
    const result = await handlers.getToken({ profile: 'tls-shop' });
    if (result.ok) throw new Error('expected the call to fail');
    expect(result.error).toMatchObject({ kind: 'network', message: expect.stringContaining('DEPTH_ZERO_SELF_SIGNED_CERT') });
    expect(JSON.stringify(result)).not.toContain(ACCESS_TOKEN);
    expect(server.requests.length).toBe(before);
  });
});

describe.skipIf(opensslMissing)('the remedy the error names: trusting the certificate with NODE_EXTRA_CA_CERTS', () => {
  let script: string;

  beforeAll(async () => {
    // Node reads NODE_EXTRA_CA_CERTS once, at start: the client runs in a child process, bundled as the CLI would be.
    const out = path.join(dir, 'client-build');
    await build({
      configFile: false,
      logLevel: 'silent',
      root,
      build: {
        ssr: path.join(root, 'main/core/widget-token-client.ts'),
        outDir: out,
        write: true,
        minify: false,
        target: 'node20',
        rolldownOptions: { output: { format: 'es', entryFileNames: 'client.mjs' } },
      },
      ssr: { noExternal: true },
    });
    script = path.join(out, 'call.mjs');
    await fs.writeFile(
      script,
      [
        "import { fetchWidgetToken } from './client.mjs';",
        'const [baseUrl] = process.argv.slice(2);',
        'const answer = await fetchWidgetToken({ baseUrl, appKey: "tlskey", appSecret: process.env.APP_SECRET, accessToken: process.env.ACCESS_TOKEN }).then(',
        '  (r) => ({ ok: true, token: r.token }),',
        '  (e) => ({ ok: false, kind: e.kind, message: e.message }),',
        ');',
        'console.log(JSON.stringify(answer));',
      ].join('\n'),
    );
  }, 60_000);

  async function callTrusting(cert: string, baseUrl: string): Promise<{ ok: boolean; token?: string; kind?: string; message?: string }> {
    const { stdout } = await run(process.execPath, [script, baseUrl], {
      env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: cert, APP_SECRET, ACCESS_TOKEN },
      timeout: 20_000,
    });
    return JSON.parse(stdout) as { ok: boolean; token?: string; kind?: string; message?: string };
  }

  it('lets the call through once the certificate is trusted, so the refusal was about trust alone', async () => {
    const files = await makeCertificate('trusted', 'IP:127.0.0.1');
    const server = await serveTls(files);
    expect(await callTrusting(files.cert, server.baseUrl)).toEqual({ ok: true, token: 'a.b.c' });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.accessToken).toBe(ACCESS_TOKEN);
  });

  it('still refuses a trusted certificate made out to another host, and sends nothing', async () => {
    const files = await makeCertificate('other-host', 'DNS:api.other-host.example');
    const server = await serveTls(files);
    const answer = await callTrusting(files.cert, server.baseUrl);
    expect(answer).toMatchObject({ ok: false, kind: 'network' });
    expect(answer.message).toMatch(/^The secure connection to 127\.0\.0\.1:\d+ failed \(ERR_TLS_CERT_ALTNAME_INVALID\)\.$/);
    await settle(server);
    expect(server.requests).toEqual([]);
  });
});

describe.skipIf(opensslMissing)('the built CLI with NODE_TLS_REJECT_UNAUTHORIZED=0 in its environment', () => {
  const service = `widget-token-desk-tls-${randomUUID()}`;
  let home: string;

  /** A CA of this run, and a certificate it signed for 127.0.0.1: trusted only through NODE_EXTRA_CA_CERTS. */
  async function makeCaSigned(): Promise<{ ca: string; key: string; cert: string }> {
    const ca = { key: path.join(dir, 'ca-key.pem'), cert: path.join(dir, 'ca-cert.pem') };
    await run('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=wtd test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign', '-keyout', ca.key, '-out', ca.cert,
    ]);
    const key = path.join(dir, 'leaf-key.pem');
    const csr = path.join(dir, 'leaf.csr');
    const cert = path.join(dir, 'leaf-cert.pem');
    const ext = path.join(dir, 'leaf.ext');
    await fs.writeFile(ext, 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
    await run('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', key, '-out', csr]);
    await run('openssl', ['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', '1', '-extfile', ext, '-out', cert]);
    return { ca: ca.cert, key, cert };
  }

  const cli = (args: readonly string[], env: Readonly<Record<string, string | undefined>> = {}) =>
    runCli(args, { env: { WIDGET_TOKEN_HOME: home, WIDGET_TOKEN_KEYCHAIN_SERVICE: service, NODE_TLS_REJECT_UNAUTHORIZED: '0', ...env } });

  async function profileFor(server: TlsServer, name: string): Promise<void> {
    const set = await cli(['profile', 'set', name, '--base-url', server.baseUrl, '--app-key', 'tlskey'], { WIDGET_TOKEN_APP_SECRET: APP_SECRET, WIDGET_TOKEN_ACCESS_TOKEN: ACCESS_TOKEN });
    expect(set.code, set.stderr).toBe(0);
  }

  beforeAll(async () => {
    requireBuiltCli();
    home = await fs.mkdtemp(path.join(dir, 'cli-home-'));
  });

  afterAll(async () => {
    await clearKeychainService(service).catch(() => undefined);
  });

  it.each([
    ['self-signed for 127.0.0.1', 'IP:127.0.0.1', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['self-signed for another host name', 'DNS:api.other-host.example', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
  ])('refuses a certificate %s, exit 4, and the server never receives the access token', async (label, altName, code) => {
    const server = await serveTls(await makeCertificate(label.replace(/\W+/g, '-'), altName));
    await profileFor(server, 'tls-refused');
    const result = await cli(['get', '--profile', 'tls-refused']);
    expect(result.code, result.stderr).toBe(4);
    expect(result.stderr).toContain(`The secure connection to ${new URL(server.baseUrl).host} failed (${code}).`);
    expect(result.stdout).toBe('');
    await settle(server);
    expect(server.refusedHandshakes.length).toBeGreaterThan(0);
    expect(server.requests).toEqual([]);
  });

  it('still trusts a CA the user adds with NODE_EXTRA_CA_CERTS: the call goes through', async () => {
    const files = await makeCaSigned();
    const server = await serveTls(files);
    await profileFor(server, 'tls-extra-ca');
    const result = await cli(['get', '--profile', 'tls-extra-ca'], { NODE_EXTRA_CA_CERTS: files.ca });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('a.b.c\n');
    expect(server.requests.map((request) => request.accessToken)).toEqual([ACCESS_TOKEN]);
  });
});

describe('certificate checks in the source', () => {
  it('are never turned off: rejectUnauthorized only ever true, the environment variable never read, in main/, common/ or preload/', async () => {
    const offenders: string[] = [];
    let scanned = 0;
    let statedOn = 0;
    for (const folder of ['main', 'common', 'preload']) {
      for (const name of await fs.readdir(path.join(root, folder), { recursive: true })) {
        if (!/\.(ts|tsx|js|mjs|cjs)$/.test(name) || /\.test\.tsx?$/.test(name)) continue;
        scanned += 1;
        const text = await fs.readFile(path.join(root, folder, name), 'utf8');
        for (const match of text.matchAll(/rejectUnauthorized\s*:\s*(\w+)/g)) {
          if (match[1] === 'true') statedOn += 1;
          else offenders.push(`${folder}/${name}: ${match[0]}`);
        }
        if (/rejectUnauthorized\s*=|NODE_TLS_REJECT_UNAUTHORIZED|checkServerIdentity\s*:\s*\(/.test(text)) offenders.push(`${folder}/${name}: verification changed`);
      }
    }
    expect(scanned).toBeGreaterThan(20);
    expect(statedOn).toBeGreaterThan(0);
    expect(offenders).toEqual([]);
  });
});
