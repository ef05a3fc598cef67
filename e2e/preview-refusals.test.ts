/**
 * The preview from a hostile page's point of view: another site on this machine (another
 * port is another origin) cannot use the bridge even with the key, a rebound host name and
 * a wrong key get a bare 403, and the key leaves the address bar once the page has it.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PREVIEW_BRIDGE_PATH, PREVIEW_KEY_HEADER } from '../preload/contract';
import {
  chromiumMissing,
  getTokenShown,
  launchChromium,
  openApp,
  rawRequest,
  startLoopbackServer,
  startPreviewChild,
  uniqueKeychainService,
  UI_WAIT,
  type OpenedApp,
  type PageGlobals,
  type PreviewChild,
} from './support/e2e';

interface Attempt {
  readonly name: string;
  readonly outcome: 'threw' | 'answered';
  readonly type?: string;
  readonly status?: number;
  readonly body?: string;
}

describe.skipIf(chromiumMissing('preview refusals'))('what the preview refuses', { timeout: 40_000 }, () => {
  let browser: Browser;
  let preview: PreviewChild;
  let other: Awaited<ReturnType<typeof startLoopbackServer>>;
  let app: OpenedApp | undefined;

  beforeAll(async () => {
    [browser, preview, other] = await Promise.all([
      launchChromium(),
      startPreviewChild({ keychainService: uniqueKeychainService('refusals') }),
      startLoopbackServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><title>Another local site</title><p>Another local site</p>');
      }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), preview?.stop(), other?.close()]);
  });

  beforeEach(() => {
    app = undefined;
  });

  afterEach(async () => {
    await app?.context.close();
  });

  it('gives a page from another local origin nothing, even with the key', async () => {
    const context = await browser.newContext();
    app = { context, page: await context.newPage() };
    const { page } = app;
    // The page itself cannot see why a cross-origin call failed; the browser's own network
    // log shows what the preview answered, CORS preflights included.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const sent = new Map<string, string>();
    const answered = new Map<string, number>();
    cdp.on('Network.requestWillBeSent', ({ requestId, request }) => {
      if (request.url.startsWith(preview.origin)) sent.set(requestId, `${request.method} ${request.url.slice(preview.origin.length)}`);
    });
    cdp.on('Network.responseReceivedExtraInfo', ({ requestId, statusCode }) => answered.set(requestId, statusCode));
    const answers = (): string[] => [...sent].filter(([id]) => answered.has(id)).map(([id, what]) => `${what} ${answered.get(id)}`).sort();
    await page.goto(`${other.origin}/`);

    const attempts = await page.evaluate(
      async ({ target, bridgePath, keyHeader, key }) => {
        const tries: [string, RequestInit, string][] = [
          ['bridge call with the key', { method: 'POST', headers: { 'content-type': 'application/json', [keyHeader]: key }, body: '{}' }, `${bridgePath}/listProfiles`],
          ['simple no-cors write', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{"autoRefresh":true}' }, `${bridgePath}/saveSettings`],
          ['page read', { method: 'GET' }, '/'],
        ];
        const results: Attempt[] = [];
        for (const [name, init, path] of tries) {
          try {
            const response = await fetch(`${target}${path}`, init);
            results.push({ name, outcome: 'answered', type: response.type, status: response.status, body: await response.text() });
          } catch {
            results.push({ name, outcome: 'threw' });
          }
        }
        return results;
      },
      { target: preview.origin, bridgePath: PREVIEW_BRIDGE_PATH, keyHeader: PREVIEW_KEY_HEADER, key: preview.key },
    );

    expect(attempts).toEqual<Attempt[]>([
      { name: 'bridge call with the key', outcome: 'threw' },
      // Cross-Origin-Resource-Policy hides even the opaque answer.
      { name: 'simple no-cors write', outcome: 'threw' },
      { name: 'page read', outcome: 'threw' },
    ]);
    // The preflight of the keyed call, the simple write and the read were each refused by
    // the preview itself, not only hidden by the browser.
    await expect
      .poll(answers, UI_WAIT)
      .toEqual([`GET / 403`, `OPTIONS ${PREVIEW_BRIDGE_PATH}/listProfiles 403`, `POST ${PREVIEW_BRIDGE_PATH}/saveSettings 403`]);

    // The refused write changed nothing.
    await context.close();
    app = await openApp(browser, preview);
    expect(await app.page.getByRole('checkbox', { name: 'Auto-refresh' }).isChecked()).toBe(false);
  });

  it('answers a rebound host name and a wrong key with a bare 403', async () => {
    const call = (host: string, key: string) =>
      rawRequest(preview.port, {
        method: 'POST',
        path: `${PREVIEW_BRIDGE_PATH}/listProfiles`,
        headers: { host, 'content-type': 'application/json', [PREVIEW_KEY_HEADER]: key },
        body: '{}',
      });
    const ownHost = `127.0.0.1:${preview.port}`;
    const reboundHost = `localhost:${preview.port}`;

    const rebound = await call(reboundHost, preview.key);
    expect(rebound.status).toBe(403);
    expect(rebound.body).toBe('Forbidden');

    const reboundPage = await rawRequest(preview.port, { method: 'GET', path: '/', headers: { host: reboundHost } });
    expect(reboundPage.status).toBe(403);
    expect(reboundPage.body).toBe('Forbidden');

    const wrongKey = await call(ownHost, `${preview.key.slice(0, -1)}${preview.key.endsWith('A') ? 'B' : 'A'}`);
    expect(wrongKey.status).toBe(403);
    expect(wrongKey.body).toBe('Forbidden');

    // The same call with the real host and key is answered: the refusals above are theirs.
    const allowed = await call(ownHost, preview.key);
    expect(allowed.status).toBe(200);
    expect(JSON.parse(allowed.body)).toMatchObject({ ok: true });
  });

  it('takes the key out of the address bar and keeps working after a reload', async () => {
    app = await openApp(browser, preview);
    const { page } = app;
    expect(page.url()).toBe(`${preview.origin}/`);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).location.hash)).toBe('');

    await page.reload();
    expect(page.url()).toBe(`${preview.origin}/`);
    expect(await getTokenShown(page)).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });
});
