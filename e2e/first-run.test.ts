/**
 * A fresh install, as a user meets it in the browser preview: the built-in sandbox profile,
 * one click to a token, its claims digit for digit, a live countdown, the shortcut and the
 * copy variants. With UPDATE_SCREENSHOT=1 it also refreshes the README's screenshot.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_APP_SECRET } from '../main/sandbox/demo-credentials';
import { REPO_ROOT } from '../tests/support/built-cli';
import {
  activeProfile,
  chromiumMissing,
  claimValue,
  getTokenShown,
  launchChromium,
  openApp,
  shownRequestId,
  startPreviewChild,
  timer,
  tokenBox,
  uniqueKeychainService,
  UI_WAIT,
  type OpenedApp,
  type PageGlobals,
  type PreviewChild,
} from './support/e2e';

const SCREENSHOT = path.join(REPO_ROOT, 'docs', 'screenshot.png');

function readClipboard(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as PageGlobals).navigator.clipboard.readText());
}

/** m:ss as whole seconds. */
function countdownSeconds(text: string | null): number {
  const match = /^(\d+):(\d\d)$/.exec(text ?? '');
  if (!match) throw new Error(`The timer shows "${text}", not m:ss`);
  return Number(match[1]) * 60 + Number(match[2]);
}

describe.skipIf(chromiumMissing('first run'))('first run in the browser preview', { timeout: 40_000 }, () => {
  let browser: Browser;
  let preview: PreviewChild;
  let app: OpenedApp;

  beforeAll(async () => {
    [browser, preview] = await Promise.all([launchChromium(), startPreviewChild({ keychainService: uniqueKeychainService('first-run') })]);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), preview?.stop()]);
  });

  beforeEach(async () => {
    app = await openApp(browser, preview, { clipboard: true });
  });

  afterEach(async () => {
    await app?.context.close();
  });

  it('shows the sandbox, fetches a token and decodes every digit of its claims', async () => {
    const { page } = app;
    expect(await activeProfile(page).inputValue()).toBe('sandbox');
    expect(await page.getByText('not valid on TikTok Shop').first().isVisible()).toBe(true);
    // This preview's first token is yet to come, so its sandbox has not started.
    expect(await page.getByText('offline sandbox on 127.0.0.1, free port chosen when it starts').isVisible()).toBe(true);

    const token = await getTokenShown(page);
    expect(await page.getByText(/^http:\/\/127\.0\.0\.1:\d+$/).isVisible()).toBe(true);
    expect(await page.getByText('free port chosen when it starts').count()).toBe(0);
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(await claimValue(page, 'Claims', 'UserID').textContent()).toBe('7493990753256900486');
    expect(await claimValue(page, 'Claims', 'ShopIDs').textContent()).toBe('[7494001122334455667,7494001122334455781]');
    expect(await claimValue(page, 'JWT header', 'alg').textContent()).toBe('"HS512"');
    expect(await page.getByText('Signature not verified: the offline sandbox signs with a key of its own.').isVisible()).toBe(true);

    if (process.env.UPDATE_SCREENSHOT === '1') {
      await mkdir(path.dirname(SCREENSHOT), { recursive: true });
      await page.mouse.move(0, 0);
      // A desktop width where the claims sit beside the token, as most people will see it.
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.screenshot({ path: SCREENSHOT });
      await page.setViewportSize({ width: 1200, height: 800 });
    }

    const first = countdownSeconds(await timer(page).textContent());
    expect(first).toBeGreaterThanOrEqual(4 * 60 + 50);
    expect(first).toBeLessThanOrEqual(5 * 60);
    expect(await timer(page).getAttribute('data-state')).toBe('ok');
    await page.waitForTimeout(1_200);
    const second = countdownSeconds(await timer(page).textContent());
    expect(second).toBeLessThan(first);
    expect(second).toBeGreaterThanOrEqual(first - 10);

    await page.getByRole('button', { name: 'Show raw JSON' }).click();
    const payload = (await page.getByLabel('Raw payload JSON').textContent()) ?? '';
    expect(payload).toContain('"UserID": 7493990753256900486');
    expect(payload).toContain('7494001122334455667');
  });

  it('Ctrl+Enter fetches a new token', async () => {
    const { page } = app;
    await getTokenShown(page);
    const before = await shownRequestId(page);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => shownRequestId(page), UI_WAIT).not.toBe(before);
    expect(await tokenBox(page).textContent()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('copies the token, its JSON, a curl command with the access token masked, and the token by shortcut', async () => {
    const { page } = app;
    const token = await getTokenShown(page);

    await page.getByRole('button', { name: 'Copy token' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), UI_WAIT).toBe('Copied');
    expect(await page.getByText('Copied', { exact: true }).isVisible()).toBe(true);
    expect(await readClipboard(page)).toBe(token);

    await page.getByRole('button', { name: 'Copy as JSON' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), UI_WAIT).toBe('Copied as JSON');
    const json: unknown = JSON.parse(await readClipboard(page));
    expect(json).toEqual({ token, expire_at: expect.any(Number) });

    await page.getByRole('button', { name: 'Copy as curl' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), UI_WAIT).toBe('Copied as curl');
    const curl = await readClipboard(page);
    expect(curl).toMatch(/^curl .*'http:\/\/127\.0\.0\.1:\d+\/authorization\/202401\/widget_token\?[^']*app_key=6sandbox0demo[^']*'/);
    expect(curl).toContain('x-tts-access-token: ****');
    expect(curl).not.toContain(SANDBOX_ACCESS_TOKEN);
    expect(curl).not.toContain(SANDBOX_APP_SECRET);

    await page.keyboard.press('Control+Shift+C');
    await expect.poll(() => page.getByRole('status').textContent(), UI_WAIT).toBe('Copied');
    expect(await readClipboard(page)).toBe(token);
  });
});
