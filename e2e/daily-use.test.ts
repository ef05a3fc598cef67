/**
 * The window as a daily user meets it (issue 10): a profile chosen by keyboard and used at
 * once, narrow and wide windows, the icon, the profile form's checks, tokens that expire or
 * arrive expired, auto-refresh, the token kept per profile, and an error to retry and copy.
 * One preview and one browser for the file, its profiles made once with the CLI in the
 * preview's data folder and keychain; each test gets a fresh browser context.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../main/sandbox/demo-credentials';
import { startSandbox, type RunningSandbox } from '../main/sandbox/sandbox-server';
import { clearKeychainService, runCli } from '../tests/support/built-cli';
import {
  activeProfile,
  appAlert,
  chromiumMissing,
  claimValue,
  fillProfileForm,
  getTokenRefused,
  getTokenShown,
  launchChromium,
  openApp,
  profileForm,
  shownRequestId,
  startLoopbackServer,
  startPreviewChild,
  timer,
  tokenBox,
  uniqueKeychainService,
  UI_WAIT,
  type OpenedApp,
  type PreviewChild,
} from './support/e2e';

/** The DOM as the page sees it, for the few reads done inside it (the Node tsconfig has no DOM types). */
interface PageWindow {
  readonly innerWidth: number;
  readonly document: {
    readonly title: string;
    readonly scrollingElement: { readonly scrollWidth: number } | null;
    createRange(): { selectNodeContents(node: unknown): void; getClientRects(): { readonly length: number } };
  };
}

/** How far the page reaches past the window's right edge, in CSS pixels (0 when it fits). */
function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const w = globalThis as unknown as PageWindow;
    return (w.document.scrollingElement?.scrollWidth ?? 0) - w.innerWidth;
  });
}

/** Line boxes of an element's text: 1 when it is on one line. */
function lineCount(locator: ReturnType<Page['locator']>): Promise<number> {
  return locator.evaluate((element) => {
    const range = (globalThis as unknown as PageWindow).document.createRange();
    range.selectNodeContents(element);
    return range.getClientRects().length;
  });
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

/** A JWT shaped like TikTok's, with the given exp; its signature is not checked by anyone here. */
function jwtExpiringAt(expSeconds: number): string {
  return `${b64('{"alg":"HS512","typ":"JWT"}')}.${b64(`{"UserID":7493990753256900486,"ClientKey":"${SANDBOX_CREDENTIALS.appKey}","exp":${expSeconds}}`)}.c2ln`;
}

function answer(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json', date: new Date().toUTCString() });
  res.end(JSON.stringify(body));
}

describe.skipIf(chromiumMissing('daily use'))('the window, day to day', { timeout: 60_000 }, () => {
  let browser: Browser;
  let preview: PreviewChild;
  let second: RunningSandbox;
  let shortLived: RunningSandbox;
  /** What the scripted server answers next: an expired token, an internal error, a good token, or one after a pause. */
  let script: 'expired' | 'error-then-token' | 'token' | 'slow' = 'expired';
  let scripted: Awaited<ReturnType<typeof startLoopbackServer>>;
  let app: OpenedApp | undefined;

  beforeAll(async () => {
    [browser, preview, second, shortLived, scripted] = await Promise.all([
      launchChromium(),
      startPreviewChild({ keychainService: uniqueKeychainService('daily-use') }),
      startSandbox(),
      startSandbox({ ttlSeconds: 20 }),
      startLoopbackServer((_req: IncomingMessage, res: ServerResponse) => {
        const now = Math.floor(Date.now() / 1000);
        if (script === 'error-then-token') {
          script = 'token';
          answer(res, { code: 98001001, message: 'Internal error', request_id: 'REQ-E2E-RETRY' });
          return;
        }
        const exp = script === 'expired' ? now - 95_580_863 : now + 300;
        const body = { code: 0, message: 'Success', request_id: `REQ-E2E-${script}`, data: { widget_token: { token: jwtExpiringAt(exp), expire_at: exp } } };
        if (script === 'slow') setTimeout(() => answer(res, body), 1_500);
        else answer(res, body);
      }),
    ]);
    // The profiles the tests use, made once with the CLI in the preview's data folder and keychain (the form has tests of its own).
    const cli = (args: readonly string[], appSecret: string = SANDBOX_CREDENTIALS.appSecret) =>
      runCli(args, {
        env: {
          WIDGET_TOKEN_HOME: preview.home,
          WIDGET_TOKEN_KEYCHAIN_SERVICE: preview.keychainService,
          WIDGET_TOKEN_APP_SECRET: appSecret,
          WIDGET_TOKEN_ACCESS_TOKEN: SANDBOX_CREDENTIALS.accessToken,
        },
      });
    const profiles: readonly [string, string, string?][] = [
      ['second', second.baseUrl],
      ['wrong-secret', second.baseUrl, 'e2e-wrong-app-secret-value'],
      ['scripted', scripted.origin],
      ['short-lived', shortLived.baseUrl],
    ];
    for (const [name, baseUrl, appSecret] of profiles) {
      const made = await cli(['profile', 'set', name, '--base-url', baseUrl, '--app-key', SANDBOX_CREDENTIALS.appKey], appSecret);
      if (made.code !== 0) throw new Error(`profile set ${name} failed: ${made.stderr}`);
    }
    await cli(['profile', 'use', 'sandbox']);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), preview?.stop(), second?.close(), shortLived?.close(), scripted?.close()]);
    if (preview) await clearKeychainService(preview.keychainService);
  });

  afterEach(async () => {
    await app?.context.close();
    app = undefined;
  });

  async function choose(page: Page, profile: string): Promise<void> {
    await activeProfile(page).selectOption(profile);
    await expect.poll(() => activeProfile(page).inputValue(), UI_WAIT).toBe(profile);
  }

  /** The profile named on the token card ("from NAME"), or null when no token is shown. */
  async function tokenOwner(page: Page): Promise<string | null> {
    const meta = page.getByText(/^from\s/);
    return (await meta.count()) === 0 ? null : ((await meta.locator('strong').textContent()) ?? null);
  }

  it('picker, ↓, Ctrl+Enter: the call goes to the profile now selected, and its token is shown', async () => {
    app = await openApp(browser, preview);
    const { page } = app;
    await choose(page, 'sandbox');
    // Main takes a moment to record a choice (a slow disk, a busy keychain): the keys come first.
    await page.route('**/__bridge/selectProfile', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      await route.continue();
    });
    const picker = activeProfile(page);
    await picker.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Control+Enter');
    expect(await picker.inputValue()).toBe('second');
    await expect.poll(() => tokenOwner(page), UI_WAIT).toBe('second');
    expect(await appAlert(page).count()).toBe(0);

    // And back up: the sandbox, without waiting between the keys either.
    await picker.focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => tokenOwner(page), UI_WAIT).toBe('sandbox');
    // The second profile's token was kept for it: coming back shows it with its countdown.
    await choose(page, 'second');
    expect(await tokenOwner(page)).toBe('second');
    expect(await timer(page).textContent()).toMatch(/^[45]:\d\d$/);
  });

  it('a token that arrives after a switch is kept for its profile and said so, never dropped silently', async () => {
    app = await openApp(browser, preview);
    const { page } = app;
    script = 'slow';
    await choose(page, 'scripted');
    await page.getByRole('button', { name: 'Get token' }).click();
    await choose(page, 'sandbox');
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'arrived after' }).textContent(), UI_WAIT)
      .toBe('The token for “scripted” arrived after you switched to “sandbox”. It is kept: choose “scripted” again to see it.OK');
    expect(await tokenOwner(page)).toBeNull();
    await choose(page, 'scripted');
    expect(await tokenOwner(page)).toBe('scripted');
    expect(await shownRequestId(page)).toBe('REQ-E2E-slow');
  });

  for (const width of [360, 420]) {
    it(`at ${width} px nothing overflows sideways, the UserID and claim names stay on one line, an error too`, async () => {
      app = await openApp(browser, preview);
      const { page } = app;
      await page.setViewportSize({ width, height: 800 });
      await choose(page, 'sandbox');
      await getTokenShown(page);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      const userId = claimValue(page, 'Claims', 'UserID');
      expect(await userId.textContent()).toBe('7493990753256900486');
      expect(await lineCount(userId)).toBe(1);
      for (const name of ['UserID', 'ClientKey', 'ShopIDs', 'SellerType', 'Expire']) {
        expect(await lineCount(page.getByRole('rowheader', { name, exact: true }))).toBe(1);
      }
      expect(await lineCount(page.getByText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/).first())).toBe(1);

      // The longest error there is: an invalid sign, with the whole string to sign in it.
      await choose(page, 'wrong-secret');
      const text = await getTokenRefused(page, /106001/);
      expect(text).toContain('/authorization/202401/widget_token');
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      const requestId = appAlert(page).getByText(/^\d{14}[0-9A-F]{20}$/);
      expect(await lineCount(requestId)).toBe(1);
    });
  }

  it('at 1600 px the claims sit beside the token', async () => {
    app = await openApp(browser, preview);
    const { page } = app;
    await page.setViewportSize({ width: 1600, height: 900 });
    await choose(page, 'sandbox');
    await getTokenShown(page);
    const token = await tokenBox(page).boundingBox();
    const claims = await page.getByRole('table', { name: 'Claims', exact: true }).boundingBox();
    expect(token).not.toBeNull();
    expect(claims).not.toBeNull();
    if (token === null || claims === null) return;
    expect(claims.x).toBeGreaterThan(token.x + token.width);
    expect(claims.y).toBeLessThan(token.y + token.height);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });

  it('loads with its icon and no console error or failed request', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    app = { context, page: await context.newPage() };
    const { page } = app;
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
    page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
    await page.goto(preview.url);
    await expect.poll(() => activeProfile(page).isEnabled(), UI_WAIT).toBe(true);
    await choose(page, 'sandbox');
    await getTokenShown(page);
    const icon = await page.request.get(`${preview.origin}/favicon.ico`);
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toBe('image/x-icon');
    expect((await icon.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('./favicon.ico');
    expect(problems).toEqual([]);
  });

  it('the profile form marks every bad field at once, focuses the first, and clears a message on edit', async () => {
    app = await openApp(browser, preview);
    const { page } = app;
    await page.getByRole('button', { name: 'New profile' }).click();
    const form = profileForm(page);
    await fillProfileForm(page, { name: '', baseUrl: 'http://example.com', appKey: '' });
    await form.getByRole('button', { name: 'Save' }).click();

    const field = (label: string) => form.getByLabel(label, { exact: true });
    for (const label of ['Name', 'Base URL', 'App key']) {
      await expect.poll(() => field(label).getAttribute('aria-invalid'), UI_WAIT).toBe('true');
      const describedBy = (await field(label).getAttribute('aria-describedby')) ?? '';
      const message = await page.evaluate((ids) => ids.split(' ').map((id) => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string | null } | null } }).document.getElementById(id)?.textContent ?? '').join(' '), describedBy);
      expect(message.trim().length).toBeGreaterThan(0);
    }
    expect(await form.getByLabel(/^API version/).getAttribute('aria-invalid')).toBeNull();
    expect(await field('Name').evaluate((element) => element === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);
    expect(await form.getByText(/plain http is accepted only on this machine/).count()).toBe(1);

    await page.keyboard.type('acme');
    expect(await field('Name').getAttribute('aria-invalid')).toBeNull();
    expect(await field('Base URL').getAttribute('aria-invalid')).toBe('true');

    await field('Base URL').fill('https://open-api.tiktokglobalshop.com/authorization/202401/widget_token');
    expect(await field('Base URL').getAttribute('aria-invalid')).toBeNull();
    expect(await form.getByText(/already contains \/authorization\/202401\/widget_token/).count()).toBe(1);
    expect(await form.getByText(/Sent as the version query parameter/).count()).toBe(1);

    await field('App secret').fill('typed-secret');
    expect(await field('App secret').getAttribute('type')).toBe('password');
    await form.getByRole('button', { name: 'Show app secret' }).click();
    expect(await field('App secret').getAttribute('type')).toBe('text');
    expect(await form.getByRole('button', { name: 'Show app secret' }).getAttribute('aria-pressed')).toBe('true');
    // Nothing was sent: the checks ran in the form.
    expect(await activeProfile(page).locator('option').allTextContents()).not.toContain('acme');
  });

  it('a token already expired on arrival says so, is dimmed, offers a new one, and copying it warns', async () => {
    app = await openApp(browser, preview, { clipboard: true });
    const { page } = app;
    script = 'expired';
    await choose(page, 'scripted');
    await getTokenShown(page);
    await expect.poll(() => timer(page).textContent(), UI_WAIT).toBe('Expired');
    expect(await page.getByText(/had already expired when it arrived \(expired 3y 10d ago by the server's clock\)/).count()).toBe(1);
    expect(await page.getByText(/disagree by/).count()).toBe(0);
    expect(await page.getByText('This token has expired', { exact: true }).count()).toBe(1);
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as PageWindow).document.title), UI_WAIT).toBe('Token expired · Widget Token Desk');
    expect(await tokenBox(page).evaluate((element) => (globalThis as unknown as { getComputedStyle(e: unknown): { opacity: string } }).getComputedStyle(element).opacity)).toBe('0.5');

    await page.getByRole('button', { name: 'Copy token' }).click();
    await expect.poll(() => page.getByText('Copied, but this token has expired').count(), UI_WAIT).toBe(1);

    script = 'token';
    await page.getByRole('button', { name: 'Get a new token' }).click();
    await expect.poll(() => shownRequestId(page), UI_WAIT).toBe('REQ-E2E-token');
    await expect.poll(() => timer(page).textContent(), UI_WAIT).toMatch(/^[45]:\d\d$/);
    expect(await page.getByRole('button', { name: 'Get a new token' }).count()).toBe(0);
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as PageWindow).document.title), UI_WAIT).toBe('Widget Token Desk');
  });

  it('auto-refresh says when the next token is due, under a minute says so in words and in the title, then refreshes', async () => {
    app = await openApp(browser, preview);
    const { page } = app;
    await choose(page, 'short-lived');
    const auto = page.getByRole('checkbox', { name: 'Auto-refresh' });
    await auto.check();
    try {
      const first = await getTokenShown(page);
      await expect.poll(() => page.getByText(/^next at \d\d:\d\d:\d\d \(in \d+s\)$/).count(), UI_WAIT).toBe(1);
      expect(await page.getByText('Less than a minute left', { exact: true }).count()).toBe(1);
      await expect.poll(() => page.evaluate(() => (globalThis as unknown as PageWindow).document.title), UI_WAIT).toMatch(/^0:[0-2]\d left · Widget Token Desk$/);
      // 20-second tokens are refreshed 15 s before expiry: about 5 s from now.
      await expect.poll(() => page.getByText(/^Refreshed at \d\d:\d\d:\d\d/).count(), { timeout: 15_000, interval: 200 }).toBe(1);
      expect(await tokenBox(page).textContent()).not.toBe(first);
    } finally {
      await auto.uncheck();
    }
  });

  it('an error offers Retry, which gets the token, and Copy details, which holds code, request_id and time but no secret', async () => {
    app = await openApp(browser, preview, { clipboard: true });
    const { page } = app;
    script = 'error-then-token';
    await choose(page, 'scripted');
    await getTokenRefused(page, /98001001/);
    await appAlert(page).getByRole('button', { name: 'Copy details' }).click();
    await expect.poll(() => appAlert(page).getByText('Details copied').count(), UI_WAIT).toBe(1);
    const details = await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
    expect(details).toContain('code: 98001001');
    expect(details).toContain('request_id: REQ-E2E-RETRY');
    expect(details).toContain('profile: scripted');
    expect(details).toMatch(/time: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    expect(details).not.toContain(SANDBOX_CREDENTIALS.appSecret);
    expect(details).not.toContain(SANDBOX_CREDENTIALS.accessToken);

    await appAlert(page).getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => shownRequestId(page), UI_WAIT).toBe('REQ-E2E-token');
    expect(await appAlert(page).count()).toBe(0);
  });
});
