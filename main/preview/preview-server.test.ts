import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PREVIEW_BRIDGE_PATH, PREVIEW_KEY_HEADER } from '../../preload/contract';
import { RECORDED_APP_INFO, recordedAnswer, recordingHandlers, type RecordedCall } from '../../tests/support/recording-handlers';
import { injectBridgeScript, MAX_BRIDGE_BODY_BYTES, startPreview, type RunningPreview } from './preview-server';

const PAGE_POLICY = "default-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'";
const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta http-equiv="Content-Security-Policy" content="${PAGE_POLICY}" />
    <title>Widget Token Desk</title>
    <script type="module" crossorigin src="./assets/index-abc.js"></script>
    <link rel="stylesheet" href="./assets/index-abc.css">
  </head>
  <body><div id="root"></div></body>
</html>`;
const BRIDGE_JS = '(function(){window.widgetToken={};})();';

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

interface Call {
  readonly method?: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  /** Host header to send; defaults to the server's own. */
  readonly host?: string;
}

describe('the preview server', () => {
  let base: string;
  let rendererDir: string;
  let bridgeScriptPath: string;
  let preview: RunningPreview;
  let calls: RecordedCall[];
  let key: string;
  let host: string;

  function send(call: Call): Promise<Reply> {
    const { port } = new URL(preview.origin);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: Number(port),
          method: call.method ?? 'GET',
          path: call.path,
          setHost: false,
          headers: { Host: call.host ?? host, ...call.headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
          );
        },
      );
      req.on('error', reject);
      req.end(call.body);
    });
  }

  function bridge(method: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    return send({
      method: 'POST',
      path: `${PREVIEW_BRIDGE_PATH}/${method}`,
      headers: { 'Content-Type': 'application/json', [PREVIEW_KEY_HEADER]: key, Origin: preview.origin, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  beforeAll(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'preview-server-'));
    rendererDir = path.join(base, 'renderer');
    await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
    await writeFile(path.join(rendererDir, 'index.html'), INDEX_HTML);
    await writeFile(path.join(rendererDir, 'assets', 'index-abc.js'), 'export {};');
    await writeFile(path.join(rendererDir, 'assets', 'index-abc.css'), 'body{margin:0}');
    await writeFile(path.join(rendererDir, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await writeFile(path.join(rendererDir, '.hidden'), 'dotfile');
    await writeFile(path.join(base, 'secret.txt'), 'outside the renderer');
    bridgeScriptPath = path.join(base, 'bridge.js');
    await writeFile(bridgeScriptPath, BRIDGE_JS);
  });

  beforeEach(async (context) => {
    const recording = recordingHandlers();
    calls = recording.calls;
    preview = await startPreview({ handlers: recording.table, rendererDir, bridgeScriptPath });
    key = new URL(preview.url).hash.replace(/^#k=/, '');
    host = new URL(preview.origin).host;
    context.onTestFinished(() => preview.close());
  });

  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  describe('its address', () => {
    it('is on 127.0.0.1 with a fresh 32-byte key in the fragment each run', async () => {
      expect(preview.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(preview.url.startsWith(`${preview.origin}/#k=`)).toBe(true);
      expect(Buffer.from(key, 'base64url')).toHaveLength(32);

      const other = await startPreview({ handlers: recordingHandlers().table, rendererDir, bridgeScriptPath });
      try {
        expect(new URL(other.url).hash).not.toBe(new URL(preview.url).hash);
        expect(other.origin).not.toBe(preview.origin);
      } finally {
        await other.close();
      }
    });

    it('stops answering once closed', async () => {
      await preview.close();
      await expect(send({ path: '/' })).rejects.toThrow();
    });
  });

  describe('static files', () => {
    it('serves the page with the bridge script before the first module script', async () => {
      const reply = await send({ path: '/' });
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
      const bridgeAt = reply.body.indexOf('<script defer src="./bridge.js"></script>');
      const moduleAt = reply.body.indexOf('<script type="module"');
      expect(bridgeAt).toBeGreaterThan(reply.body.indexOf('<head>'));
      expect(bridgeAt).toBeLessThan(moduleAt);
      expect((await send({ path: '/index.html' })).body).toBe(reply.body);
    });

    it('sends the page policy and the security headers, and forbids caching', async () => {
      const reply = await send({ path: '/' });
      expect(reply.headers['content-security-policy']).toBe(`${PAGE_POLICY}; frame-ancestors 'none'`);
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
      expect(reply.headers['referrer-policy']).toBe('no-referrer');
      expect(reply.headers['x-frame-options']).toBe('DENY');
      expect(reply.headers['cache-control']).toBe('no-store');
    });

    it('serves the bridge script and the built assets with their content types', async () => {
      const script = await send({ path: '/bridge.js' });
      expect(script.status).toBe(200);
      expect(script.body).toBe(BRIDGE_JS);
      expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');

      const module = await send({ path: '/assets/index-abc.js?v=1' });
      expect(module.status).toBe(200);
      expect(module.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect((await send({ path: '/assets/index-abc.css' })).headers['content-type']).toBe('text/css; charset=utf-8');
      expect((await send({ path: '/assets/logo.svg' })).headers['content-type']).toBe('image/svg+xml');
    });

    it('answers HEAD with the headers alone', async () => {
      const reply = await send({ method: 'HEAD', path: '/assets/index-abc.js' });
      expect(reply.status).toBe(200);
      expect(reply.headers['content-length']).toBe(String('export {};'.length));
      expect(reply.body).toBe('');
    });

    it.each(['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets%2f..%2f..%2fsecret.txt', '/.hidden', '/nope.js'])(
      'refuses %s with a plain 404',
      async (urlPath) => {
        const reply = await send({ path: urlPath });
        expect(reply.status).toBe(404);
        expect(reply.body).toBe('Not Found');
      },
    );

    it('refuses other methods with 405', async () => {
      for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
        const reply = await send({ method, path: '/', headers: { [PREVIEW_KEY_HEADER]: key } });
        expect(reply.status).toBe(405);
        expect(reply.headers.allow).toBe('GET, HEAD');
      }
    });
  });

  describe('403: anything that is not our own page', () => {
    it.each([
      ['a foreign Host', 'evil.example'],
      ['a DNS-rebinding Host on our port', 'evil.com:PORT'],
      ['localhost instead of 127.0.0.1', 'localhost:PORT'],
      ['another port', '127.0.0.1:1'],
      ['no port', '127.0.0.1'],
    ])('refuses %s, for the page and for the bridge', async (_label, hostTemplate) => {
      const foreignHost = hostTemplate.replace('PORT', new URL(preview.origin).port);
      for (const reply of [
        await send({ path: '/', host: foreignHost }),
        await send({
          method: 'POST',
          path: `${PREVIEW_BRIDGE_PATH}/appInfo`,
          host: foreignHost,
          headers: { 'Content-Type': 'application/json', [PREVIEW_KEY_HEADER]: key },
          body: '{}',
        }),
      ]) {
        expect(reply.status).toBe(403);
        expect(reply.body).toBe('Forbidden');
      }
      expect(calls).toEqual([]);
    });

    it.each(['http://localhost:PORT', 'http://evil.example', 'https://127.0.0.1:PORT', 'http://127.0.0.1:1', 'null'])(
      'refuses the Origin %s, even with the right key',
      async (originTemplate) => {
        const origin = originTemplate.replace('PORT', new URL(preview.origin).port);
        const page = await send({ path: '/', headers: { Origin: origin } });
        expect(page.status).toBe(403);
        expect(page.body).toBe('Forbidden');
        const call = await bridge('appInfo', {}, { Origin: origin });
        expect(call.status).toBe(403);
        expect(call.body).toBe('Forbidden');
        expect(calls).toEqual([]);
      },
    );

    it('refuses a bridge call without the key', async () => {
      const reply = await send({
        method: 'POST',
        path: `${PREVIEW_BRIDGE_PATH}/appInfo`,
        headers: { 'Content-Type': 'application/json', Origin: preview.origin },
        body: '{}',
      });
      expect(reply.status).toBe(403);
      expect(reply.body).toBe('Forbidden');
      expect(calls).toEqual([]);
    });

    it('refuses a bridge call with a wrong key, and never echoes it', async () => {
      for (const wrong of ['wrong', `${key}x`, key.slice(1), key.toUpperCase()]) {
        const reply = await bridge('appInfo', {}, { [PREVIEW_KEY_HEADER]: wrong });
        expect(reply.status).toBe(403);
        expect(reply.body).toBe('Forbidden');
      }
      expect(calls).toEqual([]);
    });
  });

  describe('the bridge', () => {
    it('passes a valid call to its handler and returns the result as JSON', async () => {
      const reply = await bridge('appInfo', {});
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(reply.headers['cache-control']).toBe('no-store');
      expect(JSON.parse(reply.body)).toEqual({ ok: true, value: RECORDED_APP_INFO });
      expect(calls).toEqual([{ method: 'appInfo', request: {} }]);
    });

    it('hands the parsed request to the handler of the method named in the path', async () => {
      const request = { name: 'staging', baseUrl: 'https://example.test', appKey: 'k' };
      const reply = await bridge('selectProfile', request, { 'Content-Type': 'application/json; charset=utf-8' });
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.body)).toEqual(recordedAnswer('selectProfile'));
      expect(calls).toEqual([{ method: 'selectProfile', request }]);
    });

    it('works without an Origin header (the key still required)', async () => {
      const reply = await send({
        method: 'POST',
        path: `${PREVIEW_BRIDGE_PATH}/appInfo`,
        headers: { 'Content-Type': 'application/json', [PREVIEW_KEY_HEADER]: key },
        body: '{}',
      });
      expect(reply.status).toBe(200);
    });

    it('refuses anything but POST with 405', async () => {
      for (const method of ['GET', 'PUT', 'DELETE', 'OPTIONS']) {
        const reply = await send({ method, path: `${PREVIEW_BRIDGE_PATH}/appInfo`, headers: { [PREVIEW_KEY_HEADER]: key } });
        expect(reply.status).toBe(405);
        expect(reply.headers.allow).toBe('POST');
      }
      expect(calls).toEqual([]);
    });

    it('answers malformed JSON with 400 and a readable error, without echoing the body', async () => {
      const reply = await bridge('decodeToken', '{"token": "eyJhbGciOi<leak>');
      expect(reply.status).toBe(400);
      const result = JSON.parse(reply.body);
      expect(result).toMatchObject({ ok: false, error: { kind: 'validation' } });
      expect(result.error.message).toMatch(/could not read/);
      expect(reply.body).not.toContain('leak');
      expect(calls).toEqual([]);
    });

    it('refuses a body over 64 KiB with 413, declared or streamed', async () => {
      const big = JSON.stringify({ token: 'x'.repeat(MAX_BRIDGE_BODY_BYTES) });
      const declared = await bridge('decodeToken', big);
      expect(declared.status).toBe(413);
      expect(JSON.parse(declared.body)).toMatchObject({ ok: false, error: { kind: 'validation' } });
      expect(declared.body).not.toContain('xxxx');

      const streamed = await send({
        method: 'POST',
        path: `${PREVIEW_BRIDGE_PATH}/decodeToken`,
        headers: { 'Content-Type': 'application/json', [PREVIEW_KEY_HEADER]: key, 'Transfer-Encoding': 'chunked' },
        body: big,
      });
      expect(streamed.status).toBe(413);
      expect(calls).toEqual([]);
    });

    it('accepts a body of exactly 64 KiB', async () => {
      const filler = 'y'.repeat(MAX_BRIDGE_BODY_BYTES - JSON.stringify({ token: '' }).length);
      const reply = await bridge('decodeToken', { token: filler });
      expect(reply.status).toBe(200);
      expect(calls).toHaveLength(1);
    });

    it('refuses a body that is not declared as JSON with 415', async () => {
      const reply = await bridge('appInfo', '{}', { 'Content-Type': 'text/plain' });
      expect(reply.status).toBe(415);
      expect(calls).toEqual([]);
    });

    it('refuses a method outside the contract without naming it back', async () => {
      for (const method of ['constructor', '__proto__', 'toString', 'evalScript', 'appInfo/extra']) {
        const reply = await bridge(method, {});
        expect(reply.status).toBe(404);
        expect(reply.body).not.toContain(method);
      }
      expect(calls).toEqual([]);
    });

    it('turns a handler that throws into an internal error with no detail', async () => {
      const recording = recordingHandlers();
      const failing = await startPreview({
        handlers: {
          ...recording.table,
          getToken: async () => {
            throw new Error('secret-value-in-a-bug');
          },
        },
        rendererDir,
        bridgeScriptPath,
      });
      try {
        const failingKey = new URL(failing.url).hash.replace(/^#k=/, '');
        const reply = await new Promise<Reply>((resolve, reject) => {
          const url = new URL(`${failing.origin}${PREVIEW_BRIDGE_PATH}/getToken`);
          const req = httpRequest(
            url,
            { method: 'POST', headers: { 'Content-Type': 'application/json', [PREVIEW_KEY_HEADER]: failingKey } },
            (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (chunk: Buffer) => chunks.push(chunk));
              res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
            },
          );
          req.on('error', reject);
          req.end('{}');
        });
        expect(reply.status).toBe(500);
        expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { kind: 'internal' } });
        expect(reply.body).not.toContain('secret-value-in-a-bug');
      } finally {
        await failing.close();
      }
    });
  });
});

describe('injectBridgeScript', () => {
  it('falls back to the end of <head> when the page has no module script', () => {
    expect(injectBridgeScript('<html><head><title>x</title></head><body></body></html>')).toBe(
      '<html><head><title>x</title><script defer src="./bridge.js"></script>\n</head><body></body></html>',
    );
  });
});
