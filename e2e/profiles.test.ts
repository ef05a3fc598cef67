/**
 * A profile's whole life through the form, against a contract-following server on this
 * machine: create, use, see its secrets only as "stored in keychain", rename, replace a
 * secret with a wrong one, clear one, remove it; and a rejected save that keeps the form.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../main/sandbox/demo-credentials';
import { startSandbox, type RunningSandbox } from '../main/sandbox/sandbox-server';
import { clearKeychainService, keychainEntries } from '../tests/support/built-cli';
import {
  activeProfile,
  appAlert,
  chromiumMissing,
  claimValue,
  createProfile,
  fillProfileForm,
  getTokenRefused,
  getTokenShown,
  launchChromium,
  openApp,
  profileForm,
  profileFormValues,
  saveProfileForm,
  startPreviewChild,
  uniqueKeychainService,
  UI_WAIT,
  type OpenedApp,
  type PreviewChild,
} from './support/e2e';

const WRONG_APP_SECRET = 'e2e-wrong-app-secret-0123456789abcdef0123';

async function profileNames(page: Page): Promise<string[]> {
  return activeProfile(page).locator('option').allTextContents();
}

/** Whether a value shows anywhere: in the page's markup or in any field's current value. */
async function pageHolds(page: Page, value: string): Promise<boolean> {
  const inMarkup = (await page.content()).includes(value);
  const values = await Promise.all((await page.locator('input').all()).map((field) => field.inputValue()));
  return inMarkup || values.some((text) => text.includes(value));
}


describe.skipIf(chromiumMissing('profiles'))('profiles through the form', { timeout: 40_000 }, () => {
  let browser: Browser;
  let preview: PreviewChild;
  let server: RunningSandbox;
  let app: OpenedApp;

  beforeAll(async () => {
    [browser, preview, server] = await Promise.all([
      launchChromium(),
      startPreviewChild({ keychainService: uniqueKeychainService('profiles') }),
      startSandbox(),
    ]);
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

  it('creates, uses, renames, breaks and removes a profile', { timeout: 60_000 }, async () => {
    const { page } = app;
    await createProfile(page, { name: 'my-shop', baseUrl: server.baseUrl, ...SANDBOX_CREDENTIALS });
    expect(await profileNames(page)).toEqual(['sandbox', 'my-shop']);
    await getTokenShown(page);
    expect(await page.getByText(/^from my-shop/).isVisible()).toBe(true);
    expect(await claimValue(page, 'Claims', 'UserID').textContent()).toBe('7493990753256900486');

    // Secrets are write-only: the form says they are stored and offers Replace / Clear.
    await page.getByRole('button', { name: 'Edit profile' }).click();
    const form = profileForm(page);
    for (const secret of ['App secret', 'Access token']) {
      const field = form.getByRole('group', { name: secret });
      expect(await field.getByText('stored in keychain').isVisible()).toBe(true);
      expect(await field.getByRole('button', { name: `Replace ${secret.toLowerCase()}` }).isVisible()).toBe(true);
      expect(await field.getByRole('button', { name: `Clear ${secret.toLowerCase()}` }).isVisible()).toBe(true);
    }
    expect(await pageHolds(page, SANDBOX_CREDENTIALS.appSecret)).toBe(false);
    expect(await pageHolds(page, SANDBOX_CREDENTIALS.accessToken)).toBe(false);

    await fillProfileForm(page, { name: 'my-shop-renamed' });
    await saveProfileForm(page);
    await expect.poll(() => activeProfile(page).inputValue(), UI_WAIT).toBe('my-shop-renamed');
    expect(await profileNames(page)).toEqual(['sandbox', 'my-shop-renamed']);
    await getTokenShown(page);
    expect(await page.getByText(/^from my-shop-renamed/).isVisible()).toBe(true);

    // A wrong app secret: the server's refusal, explained, with its request_id.
    await page.getByRole('button', { name: 'Edit profile' }).click();
    await form.getByRole('button', { name: 'Replace app secret' }).click();
    await fillProfileForm(page, { appSecret: WRONG_APP_SECRET });
    await saveProfileForm(page);
    const signAlert = await getTokenRefused(page, /106001/);
    expect(signAlert).toMatch(/the api refused the call/i);
    expect(signAlert).toMatch(/Invalid sign/);
    expect(signAlert).toMatch(/Explanation\s+The signature \(sign\) did not match what the offline sandbox computed/);
    expect(signAlert).toMatch(/Resolution\s+Re-enter the app secret: the offline sandbox accepts only its public demo app secret/);
    expect(signAlert).toMatch(/request_id\s+\d{14}[0-9A-F]{20}\b/);
    expect(signAlert).not.toContain(WRONG_APP_SECRET);

    // No access token: the alert names the missing secret.
    await page.getByRole('button', { name: 'Edit profile' }).click();
    await form.getByRole('button', { name: 'Clear access token' }).click();
    expect(await form.getByText('will be cleared when you save').isVisible()).toBe(true);
    await saveProfileForm(page);
    expect(await page.getByText('not set', { exact: true }).isVisible()).toBe(true);
    const missingAlert = await getTokenRefused(page, /no access token/);
    expect(missingAlert).toContain('Profile "my-shop-renamed" has no access token stored.');

    await page.getByRole('button', { name: 'Remove profile' }).click();
    await page.getByRole('group', { name: 'Confirm removal' }).getByRole('button', { name: 'Yes, remove' }).click();
    await expect.poll(() => profileNames(page), UI_WAIT).toEqual(['sandbox']);
    expect(await activeProfile(page).inputValue()).toBe('sandbox');
    expect((await keychainEntries(preview.keychainService)).map((entry) => entry.account)).toEqual([]);
  });

  it('marks a rejected base URL in the form, sends nothing, and keeps what was typed', async () => {
    const { page } = app;
    const typed = { name: 'plain-http', baseUrl: 'http://example.com', appKey: 'e2eappkey', appSecret: 'e2e-typed-secret', accessToken: 'e2e-typed-token' };
    await page.getByRole('button', { name: 'New profile' }).click();
    await fillProfileForm(page, typed);
    await profileForm(page).getByRole('button', { name: 'Save' }).click();
    const baseUrl = profileForm(page).getByLabel('Base URL', { exact: true });
    await expect.poll(() => baseUrl.getAttribute('aria-invalid'), UI_WAIT).toBe('true');
    const messageId = (await baseUrl.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${messageId}"]`).textContent()).toMatch(/plain http is accepted only on this machine/);

    expect(await profileFormValues(page)).toEqual(typed);
    expect(await appAlert(page).count()).toBe(0);
    expect(await profileNames(page)).not.toContain(typed.name);
  });
});
