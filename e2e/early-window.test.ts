/**
 * The window before the app's JavaScript has run: index.html carries its first screen
 * (prerendered by the build), so it shows at once; what the user does there is held and
 * carried out once the app is up, exactly once; and React takes the page over without
 * redrawing it or complaining that it does not match.
 */
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PREVIEW_BRIDGE_PATH } from '../preload/contract';
import {
  activeProfile,
  chromiumMissing,
  launchChromium,
  shownRequestId,
  startPreviewChild,
  tokenBox,
  uniqueKeychainService,
  UI_WAIT,
  type PreviewChild,
} from './support/e2e';

/** The app's own module script (not the preview's bridge.js). */
const APP_SCRIPT = /\/assets\/[^/]+\.js$/;

interface HeldPage {
  readonly page: Page;
  /** Lets the app's script load: until then only the prerendered page and its inline script run. */
  release(): void;
  /** The bridge methods the page called, in order. */
  readonly calls: string[];
  /** Console errors and warnings, and uncaught page errors. */
  readonly complaints: string[];
}

describe.skipIf(chromiumMissing('early window'))('the window before the app has loaded', { timeout: 40_000 }, () => {
  let browser: Browser;
  let preview: PreviewChild;
  const opened: Page[] = [];

  beforeAll(async () => {
    [browser, preview] = await Promise.all([launchChromium(), startPreviewChild({ keychainService: uniqueKeychainService('early-window') })]);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), preview?.stop()]);
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((page) => page.context().close()));
  });

  /** Opens the preview with the app's script held back until release(). */
  async function openHeld(): Promise<HeldPage> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    const page = await context.newPage();
    opened.push(page);
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(APP_SCRIPT, async (route: Route) => {
      await released;
      await route.continue();
    });
    const calls: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith(`${PREVIEW_BRIDGE_PATH}/`)) calls.push(pathname.slice(PREVIEW_BRIDGE_PATH.length + 1));
    });
    const complaints: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') complaints.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => complaints.push(`pageerror: ${error.message}`));
    // Not 'domcontentloaded': that waits for the app's (held) module script to run.
    await page.goto(preview.url, { waitUntil: 'commit' });
    await page.getByRole('button', { name: 'Get token' }).waitFor({ state: 'visible', timeout: UI_WAIT.timeout });
    return { page, release, calls, complaints };
  }

  it('shows the window, with Get token ready to press, before the app has loaded', async () => {
    const { page, release, calls } = await openHeld();
    const getToken = page.getByRole('button', { name: 'Get token' });
    expect(await getToken.isVisible()).toBe(true);
    expect(await getToken.isEnabled()).toBe(true);
    expect(await getToken.getAttribute('aria-disabled')).toBe('false');
    expect(await page.getByRole('button', { name: 'New profile' }).isVisible()).toBe(true);
    expect(await activeProfile(page).isDisabled()).toBe(true);
    expect(await page.getByText('No token yet').isVisible()).toBe(true);
    expect(calls).toEqual([]);
    release();
    await expect.poll(() => activeProfile(page).inputValue(), UI_WAIT).toBe('sandbox');
  });

  it('a click on Get token before the app has loaded fetches one token once the app is up', async () => {
    const { page, release, calls } = await openHeld();
    await page.getByRole('button', { name: 'Get token' }).click();
    await page.waitForTimeout(300);
    expect(calls).toEqual([]);
    expect(await shownRequestId(page)).toBeNull();
    release();
    await expect.poll(() => shownRequestId(page), UI_WAIT).not.toBeNull();
    expect(await tokenBox(page).textContent()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    await page.waitForTimeout(300);
    expect(calls.filter((method) => method === 'getToken')).toHaveLength(1);
  });

  it('Ctrl+Enter before the app has loaded fetches a token too, and clicks keep their order', async () => {
    const { page, release, calls } = await openHeld();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+Enter');
    await page.getByRole('button', { name: 'New profile' }).click();
    release();
    await expect.poll(() => shownRequestId(page), UI_WAIT).not.toBeNull();
    expect(await page.getByRole('form', { name: 'Profile' }).isVisible()).toBe(true);
    await page.waitForTimeout(300);
    expect(calls.filter((method) => method === 'getToken')).toHaveLength(1);
  });

  it('the app takes the prerendered window over without a mismatch, an error or a warning', async () => {
    const { page, release, complaints } = await openHeld();
    const prerendered = await page.getByRole('button', { name: 'Get token' }).elementHandle();
    release();
    await expect.poll(() => activeProfile(page).inputValue(), UI_WAIT).toBe('sandbox');
    // The same element, taken over: React did not throw the markup away and draw anew.
    expect(await prerendered?.evaluate((element) => element.isConnected)).toBe(true);
    expect(complaints).toEqual([]);
  });
});
