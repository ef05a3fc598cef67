/**
 * A machine without a reachable keychain (no D-Bus session bus here): the window says so
 * with the remedy, the sandbox still works, and a profile with secrets is refused without
 * losing what was typed and without writing the secrets anywhere.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { allFilesText } from '../tests/support/built-cli';
import {
  activeProfile,
  chromiumMissing,
  getTokenShown,
  launchChromium,
  openApp,
  profileForm,
  profileFormValues,
  refusedNewProfile,
  startPreviewChild,
  uniqueKeychainService,
  type OpenedApp,
  type PreviewChild,
} from './support/e2e';

describe.skipIf(chromiumMissing('keychain unavailable'))('keychain unavailable', { timeout: 40_000 }, () => {
  let browser: Browser;
  let preview: PreviewChild;
  let app: OpenedApp;

  beforeAll(async () => {
    [browser, preview] = await Promise.all([
      launchChromium(),
      startPreviewChild({
        keychainService: uniqueKeychainService('no-keychain'),
        env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent', DISPLAY: undefined, WAYLAND_DISPLAY: undefined },
      }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), preview?.stop()]);
  });

  beforeEach(async () => {
    app = await openApp(browser, preview);
  });

  afterEach(async () => {
    await app?.context.close();
  });

  it('says so in one compact line, with the remedy (for `npm start` too) a click away, and the sandbox still gives a token', async () => {
    const { page } = app;
    const banner = page.getByRole('region', { name: 'Keychain unavailable' });
    await banner.waitFor();
    expect(await banner.innerText()).toMatch(/secrets cannot be stored or read/);
    // Compact: no more than a short strip of the first screen.
    expect((await banner.boundingBox())?.height ?? 0).toBeLessThan(90);
    await banner.getByText('Why, and how to fix it').click();
    const text = await banner.innerText();
    expect(text).toMatch(/D-Bus/);
    expect(text).toMatch(/Remedy:.*dbus-run-session/);
    expect(text).toMatch(/Started with npm start\?/);
    // Commands show as code, not between backticks.
    expect(text).not.toContain('`');
    expect(await banner.locator('code').first().textContent()).toMatch(/^dbus-run-session -- sh -c /);

    expect(await activeProfile(page).inputValue()).toBe('sandbox');
    expect(await getTokenShown(page)).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('can be dismissed, and the New profile form warns before anything is typed', async () => {
    const { page } = app;
    const banner = page.getByRole('region', { name: 'Keychain unavailable' });
    await banner.getByRole('button', { name: 'Dismiss' }).click();
    expect(await banner.count()).toBe(0);
    await page.getByRole('button', { name: 'New profile' }).click();
    const form = profileForm(page);
    const warning = form.getByRole('note');
    expect(await warning.innerText()).toMatch(/The OS keychain is unavailable, so the app secret and access token cannot be stored/);
    await warning.getByText('Why, and how to fix it').click();
    expect(await warning.innerText()).toMatch(/Started with npm start\?/);
  });

  it('refuses a profile with secrets and keeps the form as typed', async () => {
    const { page } = app;
    const typed = { name: 'no-keychain', baseUrl: 'http://127.0.0.1:9', appKey: 'e2eappkey', appSecret: 'e2e-kept-secret-value', accessToken: 'e2e-kept-access-token' };
    const text = await refusedNewProfile(page, typed);
    expect(text).toMatch(/keychain unavailable/i);
    expect(text).toContain('The OS keychain is not available.');
    expect(text).toMatch(/Resolution\s+.*dbus-run-session/);
    expect(text).not.toContain(typed.appSecret);
    expect(text).not.toContain(typed.accessToken);

    expect(await profileFormValues(page)).toEqual(typed);
    expect(await activeProfile(page).locator('option').allTextContents()).toEqual(['sandbox']);

    const written = await allFilesText(preview.home);
    expect(written).not.toContain(typed.appSecret);
    expect(written).not.toContain(typed.accessToken);
  });
});
