/**
 * What the alert says when the call fails on the way: nothing listening, a proxy's HTML
 * error page, and credentials the server refuses. (A server that never answers would take
 * the preview's fixed 15 s timeout; the client's own tests cover timeouts.)
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../main/sandbox/demo-credentials';
import { startSandbox, type RunningSandbox } from '../main/sandbox/sandbox-server';
import { clearKeychainService } from '../tests/support/built-cli';
import {
  appAlert,
  chromiumMissing,
  closedPort,
  createProfile,
  getTokenRefused,
  launchChromium,
  openApp,
  startLoopbackServer,
  startPreviewChild,
  tokenBox,
  uniqueKeychainService,
  type OpenedApp,
  type PreviewChild,
} from './support/e2e';

const MARKUP = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
const BAD_GATEWAY_PAGE = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';

describe.skipIf(chromiumMissing('errors'))('errors in the alert', { timeout: 40_000 }, () => {
  let browser: Browser;
  let preview: PreviewChild;
  let sandbox: RunningSandbox;
  let badGateway: Awaited<ReturnType<typeof startLoopbackServer>>;
  let echoing: Awaited<ReturnType<typeof startLoopbackServer>>;
  let app: OpenedApp;

  beforeAll(async () => {
    [browser, preview, sandbox, badGateway, echoing] = await Promise.all([
      launchChromium(),
      startPreviewChild({ keychainService: uniqueKeychainService('errors') }),
      startSandbox(),
      startLoopbackServer((_req, res) => {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end(BAD_GATEWAY_PAGE);
      }),
      // Markup and the access token it was sent, in the message and the request_id.
      startLoopbackServer((req, res) => {
        const token = String(req.headers['x-tts-access-token']);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 36009004, message: `${MARKUP} token=${token}`, request_id: `<script>window.__pwned=2</script>${token}` }));
      }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), preview?.stop(), sandbox?.close(), badGateway?.close(), echoing?.close()]);
    if (preview) await clearKeychainService(preview.keychainService);
  });

  beforeEach(async () => {
    app = await openApp(browser, preview);
  });

  afterEach(async () => {
    await app?.context.close();
  });

  it('says nothing listens at the base URL', async () => {
    const { page } = app;
    const port = await closedPort();
    await createProfile(page, { name: 'closed-port', baseUrl: `http://127.0.0.1:${port}`, ...SANDBOX_CREDENTIALS });
    const text = await getTokenRefused(page, /network error/i);
    expect(text).toContain(`Connection refused by 127.0.0.1:${port}.`);
    expect(text).toMatch(/Explanation\s+\S/);
    expect(text).toMatch(/Resolution\s+\S/);
    expect(text).not.toContain(SANDBOX_CREDENTIALS.accessToken);
    expect(await tokenBox(page).count()).toBe(0);
  });

  it('explains an HTML error page instead of the API', async () => {
    const { page } = app;
    await createProfile(page, { name: 'bad-gateway', baseUrl: badGateway.origin, ...SANDBOX_CREDENTIALS });
    const text = await getTokenRefused(page, /502/);
    expect(text).toContain("The server's answer is not JSON (HTTP 502).");
    expect(text).toMatch(/Explanation\s+Expected the API's JSON envelope, got an HTML page titled "502 Bad Gateway"/);
    expect(text).toMatch(/Resolution\s+The server or a gateway in front of it failed/);
    expect(text).not.toContain('<html>');
    expect(text).not.toContain(SANDBOX_CREDENTIALS.accessToken);
  });

  it('shows a server message holding markup and the echoed access token as text, the token masked', async () => {
    const { page } = app;
    await createProfile(page, { name: 'echoing', baseUrl: echoing.origin, ...SANDBOX_CREDENTIALS });
    const text = await getTokenRefused(page, /36009004/);
    expect(text).toContain(`${MARKUP} token=****`);
    expect(text).toMatch(/request_id\s+<script>window\.__pwned=2<\/script>\*\*\*\*/);
    expect(text).not.toContain(SANDBOX_CREDENTIALS.accessToken);
    expect(await appAlert(page).locator('img, b, script').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('names the app key when the server refuses it', async () => {
    const { page } = app;
    await createProfile(page, { name: 'wrong-key', baseUrl: sandbox.baseUrl, ...SANDBOX_CREDENTIALS, appKey: 'e2ewrongkey00' });
    const text = await getTokenRefused(page, /36009004/);
    expect(text).toMatch(/the api refused the call/i);
    expect(text).toMatch(/app_key/);
    expect(text).toMatch(/request_id\s+\d{14}[0-9A-F]{20}\b/);
    await page.getByRole('button', { name: 'Dismiss' }).click();
    expect(await appAlert(page).count()).toBe(0);
  });
});
