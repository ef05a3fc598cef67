/**
 * The widget integration in the window, as a user meets it in the browser preview: the
 * Widget checks beside a sandbox token and beside a token issued to another app key (a
 * contract server of the test's own), the widget-kit copy, and the Decode view with the
 * API doc's sample token pasted as the doc wraps it, a correct and a wrong HS256 key.
 * With UPDATE_SCREENSHOT=1 it also refreshes the README's picture of the Decode view.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_APP_KEY, SANDBOX_CREDENTIALS, SANDBOX_SHOP_ID } from '../main/sandbox/demo-credentials';
import { startSandbox } from '../main/sandbox/sandbox-server';
import { clearKeychainService, REPO_ROOT, runCli } from '../tests/support/built-cli';
import {
  activeProfile,
  chromiumMissing,
  createProfile,
  getTokenShown,
  launchChromium,
  openApp,
  startLoopbackServer,
  startPreviewChild,
  uniqueKeychainService,
  UI_WAIT,
  type OpenedApp,
  type PageGlobals,
  type PreviewChild,
} from './support/e2e';

interface DecodeTokens {
  readonly sampleTokenLines: readonly string[];
  readonly sampleUserId: string;
  readonly hs256: { readonly token: string; readonly key: string; readonly wrongKey: string };
}

/** The app key of the profile that meets a token issued to another app. */
const PROFILE_APP_KEY = '6mismatch0key';
const OTHER_APP_KEY = '6amm4vuh5fo1g';

function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function checksList(page: Page): Locator {
  return page.getByRole('list', { name: 'Widget checks' });
}

/** The item of one check, found by its title. */
function checkItem(page: Page, title: string): Locator {
  return checksList(page).getByRole('listitem').filter({ hasText: title });
}

async function checkState(page: Page, title: string): Promise<string> {
  return ((await checkItem(page, title).locator('.widget-check-state').textContent()) ?? '').replace(/^\W+/, '').trim();
}

interface PageDocument {
  readonly document: { readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number } };
}

function overflowsHorizontally(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const root = (globalThis as unknown as PageDocument).document.documentElement;
    return root.scrollWidth > root.clientWidth;
  });
}

describe.skipIf(chromiumMissing('widget'))('widget checks and the Decode view in the browser preview', { timeout: 40_000 }, () => {
  let browser: Browser;
  let preview: PreviewChild;
  let contract: Awaited<ReturnType<typeof startLoopbackServer>>;
  let tokens: DecodeTokens;
  let app: OpenedApp;

  beforeAll(async () => {
    tokens = JSON.parse(await readFile(path.join(REPO_ROOT, 'test-data', 'decode-tokens.json'), 'utf8')) as DecodeTokens;
    [browser, preview, contract] = await Promise.all([
      launchChromium(),
      startPreviewChild({ keychainService: uniqueKeychainService('widget') }),
      // Answers the widget-token contract with a token issued to another app key.
      startLoopbackServer((_request, response) => {
        const exp = Math.floor(Date.now() / 1000) + 300;
        const payload = `{"UserID":7493990753256900486,"ClientKey":"${OTHER_APP_KEY}","ShopIDs":[7494001122334455667],"Expire":${exp},"SellerType":2,"exp":${exp}}`;
        const token = `${b64url('{"alg":"HS512","typ":"JWT"}')}.${b64url(payload)}.c2lnbmF0dXJl`;
        response.writeHead(200, { 'content-type': 'application/json', date: new Date().toUTCString() });
        response.end(`{"code":0,"message":"Success","request_id":"req-widget-e2e","data":{"widget_token":{"token":"${token}","expire_at":${exp}}}}`);
      }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), preview?.stop(), contract?.close()]);
    if (preview) await clearKeychainService(preview.keychainService);
  });

  beforeEach(async () => {
    app = await openApp(browser, preview, { clipboard: true });
  });

  afterEach(async () => {
    await app?.context.close();
  });

  /** Another test may have left its own profile active. */
  async function useSandbox(page: Page): Promise<void> {
    await activeProfile(page).selectOption('sandbox');
    await expect.poll(() => activeProfile(page).inputValue(), UI_WAIT).toBe('sandbox');
  }

  it('lists the four checks beside a sandbox token: app key and expiry passed, shop and region not checked', async () => {
    const { page } = app;
    await useSandbox(page);
    await getTokenShown(page);
    await checksList(page).waitFor();
    expect(await checksList(page).getByRole('listitem').count()).toBe(4);
    expect(await checkState(page, "ClientKey claim equals the profile's app key")).toBe('Passed');
    expect(await checkState(page, "The profile's shop is in ShopIDs")).toBe('Not checked');
    expect(await checkState(page, 'At least 60 s left before expiry')).toBe('Passed');
    expect(await checkState(page, "The shop's region is known")).toBe('Not checked');
    expect(await checkItem(page, 'ClientKey claim').innerText()).toContain('Prevents widget error 36017008 app_key mismatch');

    await page.getByRole('button', { name: 'Copy for widget-kit' }).click();
    const copied = await page.evaluate(() => (globalThis as unknown as PageGlobals).navigator.clipboard.readText());
    expect(copied).toMatch(/^\{"token":"[\w-]+\.[\w-]+\.[\w-]+","expire_at":"\d{10}"\}$/);
  });

  it('fails the ClientKey check for a token issued to another app, showing both values and what the error means', async () => {
    const { page } = app;
    await createProfile(page, { name: 'mismatch', baseUrl: contract.origin, appKey: PROFILE_APP_KEY, appSecret: SANDBOX_CREDENTIALS.appSecret, accessToken: SANDBOX_CREDENTIALS.accessToken });
    await getTokenShown(page);
    const item = checkItem(page, "ClientKey claim equals the profile's app key");
    await expect.poll(() => checkState(page, "ClientKey claim equals the profile's app key"), UI_WAIT).toBe('Failed');
    const text = await item.innerText();
    expect(text).toMatch(new RegExp(`ClientKey claim\\s+${OTHER_APP_KEY}`));
    expect(text).toMatch(new RegExp(`profile's app key\\s+${PROFILE_APP_KEY}`));
    await item.getByText('Prevents widget error 36017008').click();
    expect(await item.innerText()).toContain('What to do:');
    expect(await checkState(page, 'At least 60 s left before expiry')).toBe('Passed');

    // A code the widget showed, explained with what this token and profile say about it.
    await page.getByText('The widget shows an error code?').click();
    const code = page.getByLabel('Widget error code', { exact: true });
    await code.selectOption('36017008');
    const explained = page.locator('.widget-explainer-text');
    expect(await explained.innerText()).toContain(`ClientKey claim: ${OTHER_APP_KEY}; profile's app key: ${PROFILE_APP_KEY}`);
    await code.selectOption('36017010');
    expect(await explained.innerText()).toContain(`allowed for app key ${PROFILE_APP_KEY}`);
  });

  it("checks the profile's own shop and region, and fills the widget-kit config with them", async () => {
    const { page } = app;
    const sandbox = await startSandbox();
    try {
      // The shop as `profile set` (or the Shops table) records it, in the preview's own data folder and keychain.
      const set = await runCli(
        ['profile', 'set', 'shop-gb', '--base-url', sandbox.baseUrl, '--app-key', SANDBOX_APP_KEY, '--shop-id', SANDBOX_SHOP_ID.toString(), '--shop-region', 'GB'],
        {
          env: {
            WIDGET_TOKEN_HOME: preview.home,
            WIDGET_TOKEN_KEYCHAIN_SERVICE: preview.keychainService,
            WIDGET_TOKEN_APP_SECRET: SANDBOX_CREDENTIALS.appSecret,
            WIDGET_TOKEN_ACCESS_TOKEN: SANDBOX_CREDENTIALS.accessToken,
          },
        },
      );
      expect(set.code).toBe(0);
      await page.reload();
      await expect.poll(() => activeProfile(page).inputValue(), UI_WAIT).toBe('shop-gb');
      await getTokenShown(page);
      await expect.poll(() => checkState(page, "The profile's shop is in ShopIDs"), UI_WAIT).toBe('Passed');
      expect(await checkState(page, "ClientKey claim equals the profile's app key")).toBe('Passed');
      expect(await checkState(page, "The shop's region is known")).toBe('Passed');
      expect(await checkItem(page, "The profile's shop is in ShopIDs").innerText()).toContain(`Shop ${SANDBOX_SHOP_ID} is in the token's ShopIDs`);

      await page.getByRole('button', { name: 'Copy widget-kit config (JS)' }).click();
      const snippet = await page.evaluate(() => (globalThis as unknown as PageGlobals).navigator.clipboard.readText());
      expect(snippet).toContain(`appKey: "${SANDBOX_APP_KEY}"`);
      expect(snippet).toContain(`shopId: "${SANDBOX_SHOP_ID}"`);
      expect(snippet).toContain('oecRegion: "GB"');
      expect(snippet).toContain("fetch('/api/widget-token'");
      expect(snippet).not.toContain(SANDBOX_CREDENTIALS.appSecret);
    } finally {
      await sandbox.close();
    }
  });

  it('loads the Decode view only when opened, and decodes the API doc sample pasted as the doc wraps it', async () => {
    const { page } = app;
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(request.url());
    });
    await page.waitForTimeout(200);
    expect(scripts.some((url) => url.includes('DecodeView'))).toBe(false);

    await page.getByRole('button', { name: 'Decode' }).click();
    const field = page.getByLabel('JWT to decode', { exact: true });
    await field.waitFor({ timeout: UI_WAIT.timeout });
    expect(scripts.some((url) => url.includes('DecodeView'))).toBe(true);

    await field.fill(`Bearer "${tokens.sampleTokenLines.join('\n        ')}"`);
    const claims = page.getByRole('table', { name: 'Decoded claims', exact: true });
    const userId = claims.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'UserID', exact: true }) }).locator('.mono');
    await expect.poll(() => userId.textContent(), UI_WAIT).toBe(tokens.sampleUserId);
    expect(await claims.innerText()).toContain('2023-11-27 06:20:20 UTC');
    expect(await page.getByRole('table', { name: 'Decoded header', exact: true }).innerText()).toContain('HMAC with SHA-512');

    const parts = page.getByRole('list', { name: 'The three parts' }).getByRole('listitem');
    expect(await parts.allInnerTexts()).toEqual([
      expect.stringMatching(/^Header \(part 1\)\s+eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9$/),
      expect.stringMatching(/^Payload \(claims\) \(part 2\)\s+eyJVc2VySUQ/),
      expect.stringMatching(/^Signature \(part 3\)\s+KS15mwJ8LUC2U6Chfbmwr7PO2mGK_3wLYYaa8TM6DixdKmbG3o4kRSlCfi1a6UotpXxU0CNelLwX1G5H3sY7vw$/),
    ]);
    // Told apart by colour as well as by name.
    const colours = await parts.evaluateAll((items) => items.map((item) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle((item as { querySelector(s: string): unknown }).querySelector('.jwt-part-text')).color));
    expect(new Set(colours).size).toBe(3);

    if (process.env.UPDATE_SCREENSHOT === '1') {
      await page.setViewportSize({ width: 1200, height: 900 });
      await page.mouse.move(0, 0);
      await page.getByRole('region', { name: 'Decode a JWT', exact: true }).screenshot({ path: path.join(REPO_ROOT, 'docs', 'decode.png') });
    }
  });

  it('checks an HS256 signature with the key typed in Signing key, which never leaves the page', async () => {
    const { page } = app;
    const bodies: string[] = [];
    page.on('request', (request) => bodies.push(`${request.url()} ${request.postData() ?? ''}`));
    await page.getByRole('button', { name: 'Decode' }).click();
    await page.getByLabel('JWT to decode', { exact: true }).fill(tokens.hs256.token);
    const key = page.getByLabel('Signing key', { exact: true });
    const verdict = page.getByRole('group', { name: 'Signature check' }).getByRole('status');

    await key.fill(tokens.hs256.wrongKey);
    await expect.poll(() => verdict.textContent(), UI_WAIT).toBe('Signature does not match');
    await key.fill(tokens.hs256.key);
    await expect.poll(() => verdict.textContent(), UI_WAIT).toBe('Signature valid');

    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) expect(body).not.toContain(tokens.hs256.key);
  });

  it("says a sandbox token's signature is valid by itself, and fits a 360 px window", async () => {
    const { page } = app;
    await useSandbox(page);
    const token = await getTokenShown(page);
    await page.getByRole('button', { name: 'Decode' }).click();
    await page.getByLabel('JWT to decode', { exact: true }).fill(token);
    await expect.poll(() => page.getByText('Offline sandbox token (checked automatically): Signature valid').count(), UI_WAIT).toBe(1);

    await page.setViewportSize({ width: 360, height: 800 });
    await expect.poll(() => overflowsHorizontally(page), UI_WAIT).toBe(false);
    // IDs on one line: the UserID cell of the decoded claims is one line high.
    const userId = page.getByRole('table', { name: 'Decoded claims', exact: true }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'UserID', exact: true }) }).locator('.mono');
    const box = await userId.boundingBox();
    const lineHeight = await userId.evaluate((element) => Number.parseFloat((globalThis as unknown as { getComputedStyle(e: unknown): { lineHeight: string } }).getComputedStyle(element).lineHeight));
    expect(box?.height ?? 0).toBeLessThan(lineHeight * 1.5);
  });
});
