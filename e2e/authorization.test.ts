/**
 * The seller authorization in the window, in Chromium through the preview: on a fresh
 * install with the built-in sandbox profile (link, the sandbox's callback page, paste,
 * Connect, expiries, shops, choose, refresh, a token with the new access token), and for
 * a profile of the user's own against the tests' own contract server, where the tokens
 * land in the real keychain and never on the page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startContractServer, type ContractServer } from '../tests/support/auth-contract-server';
import { clearKeychainService, keychainEntries } from '../tests/support/built-cli';
import {
  activeProfile,
  chromiumMissing,
  fillProfileForm,
  getTokenShown,
  launchChromium,
  openApp,
  profileForm,
  saveProfileForm,
  startPreviewChild,
  uniqueKeychainService,
  UI_WAIT,
  type OpenedApp,
  type PreviewChild,
} from './support/e2e';

/** The one browser global read here (the Node tsconfig has no DOM types). */
interface PageWidth {
  readonly document: { readonly documentElement: { readonly scrollWidth: number } };
}

function panel(page: Page) {
  return page.getByRole('region', { name: 'Seller authorization' });
}


describe.skipIf(chromiumMissing('authorization'))('authorizing a shop in the window', { timeout: 60_000 }, () => {
  let browser: Browser;
  let preview: PreviewChild;
  let server: ContractServer;
  let app: OpenedApp;

  beforeAll(async () => {
    [browser, preview, server] = await Promise.all([launchChromium(), startPreviewChild({ keychainService: uniqueKeychainService('authorization') }), startContractServer()]);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), preview?.stop(), server?.close()]);
    if (preview) await clearKeychainService(preview.keychainService);
  });

  beforeEach(async () => {
    app = await openApp(browser, preview);
  });

  afterEach(async () => {
    await app?.context.close();
  });

  it('runs the whole flow with the built-in sandbox profile on a fresh install', async () => {
    const { page } = app;
    expect(await activeProfile(page).inputValue()).toBe('sandbox');
    await panel(page).getByRole('button', { name: 'Authorize shop' }).click();
    const dialog = page.getByRole('dialog', { name: 'Authorize shop' });
    const link = dialog.getByRole('link');
    await link.waitFor(UI_WAIT);
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/open\/authorize\?service_id=\d+&state=[\w-]{20,}$/);
    // The preview shows the link; only the desktop app opens the system browser.
    expect(await dialog.getByRole('button', { name: 'Open in browser' }).count()).toBe(0);

    // The seller's browser: the sandbox approves at once and shows the code on its callback page.
    const seller = await app.context.newPage();
    await seller.goto(href);
    expect(seller.url()).toMatch(/\/sandbox\/callback\?code=SBX_CODE_[\w-]+&state=/);
    expect(await seller.getByText('not valid on TikTok Shop').first().isVisible()).toBe(true);
    const redirect = seller.url();
    const code = new URL(redirect).searchParams.get('code') ?? '';
    await seller.close();

    await dialog.getByLabel('Redirect URL or code').fill(redirect);
    await dialog.getByRole('button', { name: 'Connect' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });

    const access = panel(page).getByLabel('Access token expires');
    await expect.poll(() => access.textContent(), UI_WAIT).toMatch(/^in (7d|6d 23h)/);
    expect(await panel(page).getByLabel('Authorization expires').textContent()).toMatch(/^in (30d|29d 23h)/);
    expect(await panel(page).getByLabel('Seller', { exact: true }).textContent()).toBe('Sandbox Demo Seller (offline sandbox) (GB)');
    expect(await page.content()).not.toContain(code);
    // The sandbox's authorization lasts 30 days: the reminder to authorize again is up at once.
    await expect.poll(() => panel(page).locator('.auth-reminder').textContent(), UI_WAIT).toMatch(/authorization ends in (30d|29d 23h): have them authorize the app again/);

    // The token call now goes with the access token the sandbox issued.
    await getTokenShown(page);

    await panel(page).getByRole('button', { name: 'List shops' }).click();
    const shops = page.getByRole('table', { name: 'Shops' });
    await shops.waitFor(UI_WAIT);
    expect(await shops.getByRole('row').count()).toBe(3);
    expect(await shops.getByRole('cell', { name: '7494001122334455667', exact: true }).isVisible()).toBe(true);
    await shops.getByRole('button', { name: 'Choose shop Sandbox Demo Shop US' }).click();
    await expect.poll(() => shops.getByRole('row', { name: /7494001122334455781/ }).getByText('Chosen').count(), UI_WAIT).toBe(1);

    // Narrow windows: the expiries, seller and shops wrap or scroll inside their card; the page never scrolls sideways.
    await page.setViewportSize({ width: 360, height: 800 });
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as PageWidth).document.documentElement.scrollWidth), UI_WAIT).toBeLessThanOrEqual(360);
    await page.setViewportSize({ width: 1200, height: 800 });

    await panel(page).getByRole('button', { name: 'Refresh access token' }).click();
    await expect.poll(() => panel(page).getByRole('status').filter({ hasText: 'Access token refreshed.' }).count(), UI_WAIT).toBe(1);
    await getTokenShown(page);
  });

  it('authorizes a profile of the user\'s own against a contract server: the tokens go to the keychain, never to the page', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'New profile' }).click();
    await fillProfileForm(page, { name: 'own-shop', baseUrl: server.baseUrl, appKey: server.appKey, appSecret: server.appSecret });
    const form = profileForm(page);
    await form.getByLabel('Service ID').fill('svc-e2e');
    await form.getByLabel('Auth base URL').fill(server.baseUrl);
    await saveProfileForm(page);
    await expect.poll(() => activeProfile(page).inputValue(), UI_WAIT).toBe('own-shop');

    await panel(page).getByRole('button', { name: 'Authorize shop' }).click();
    const dialog = page.getByRole('dialog', { name: 'Authorize shop' });
    await dialog.getByRole('link').waitFor(UI_WAIT);

    // A redirect from another link is refused, with the reason, and the field keeps what was typed.
    await dialog.getByLabel('Redirect URL or code').fill('https://my.app/callback?code=whatever&state=not-this-one');
    await dialog.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent(), UI_WAIT).toMatch(/does not belong to this profile's authorization link/);

    const code = server.issueCode();
    await dialog.getByLabel('Redirect URL or code').fill(code);
    await dialog.getByRole('button', { name: 'Connect' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
    await expect.poll(() => panel(page).getByLabel('Access token expires').textContent(), UI_WAIT).toMatch(/^in (7d|6d 23h)/);
    expect(await panel(page).getByLabel('Seller', { exact: true }).textContent()).toBe('Contract Seller (SG)');
    await getTokenShown(page);

    const stored = (await keychainEntries(preview.keychainService)).map((entry) => entry.password);
    expect(stored.filter((value) => /^c(at|rt)-/.test(value))).toHaveLength(2);
    const html = await page.content();
    for (const secret of [...stored, code]) expect(html).not.toContain(secret);
  });
});
