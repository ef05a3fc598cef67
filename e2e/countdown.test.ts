/**
 * The countdown's states as a user sees them. The preview's sandbox issues 5-minute tokens,
 * so short-lived ones come from contract-following servers with a shorter lifetime, reached
 * through profiles made in the form like any other.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../main/sandbox/demo-credentials';
import { startSandbox, type RunningSandbox } from '../main/sandbox/sandbox-server';
import { clearKeychainService } from '../tests/support/built-cli';
import {
  chromiumMissing,
  createProfile,
  getTokenShown,
  launchChromium,
  openApp,
  startPreviewChild,
  timer,
  timerReading,
  uniqueKeychainService,
  type OpenedApp,
  type PreviewChild,
} from './support/e2e';

describe.skipIf(chromiumMissing('countdown'))('the countdown', { timeout: 40_000 }, () => {
  let browser: Browser;
  let preview: PreviewChild;
  let oneMinute: RunningSandbox;
  let twoSeconds: RunningSandbox;
  let app: OpenedApp;

  beforeAll(async () => {
    [browser, preview, oneMinute, twoSeconds] = await Promise.all([
      launchChromium(),
      startPreviewChild({ keychainService: uniqueKeychainService('countdown') }),
      startSandbox({ ttlSeconds: 61 }),
      startSandbox({ ttlSeconds: 2 }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), preview?.stop(), oneMinute?.close(), twoSeconds?.close()]);
    if (preview) await clearKeychainService(preview.keychainService);
  });

  beforeEach(async () => {
    app = await openApp(browser, preview);
  });

  afterEach(async () => {
    await app?.context.close();
  });

  it('turns to the warning state under a minute', async () => {
    const { page } = app;
    await createProfile(page, { name: 'one-minute', baseUrl: oneMinute.baseUrl, ...SANDBOX_CREDENTIALS });
    await getTokenShown(page);
    const first = await timerReading(page);
    expect(first.text).toMatch(/^(1:0[01]|0:5\d)$/);
    // A minute or more left is the calm state; under load the first read may come later.
    expect(first.state).toBe(first.text.startsWith('1:') ? 'ok' : 'warning');
    await expect.poll(() => timer(page).getAttribute('data-state'), { timeout: 8_000 }).toBe('warning');
    expect(await timer(page).textContent()).toMatch(/^0:5\d$/);
  });

  it('reads Expired at zero', async () => {
    const { page } = app;
    await createProfile(page, { name: 'two-seconds', baseUrl: twoSeconds.baseUrl, ...SANDBOX_CREDENTIALS });
    await getTokenShown(page);
    expect(await timer(page).getAttribute('data-state')).not.toBe('ok');
    await expect.poll(() => timer(page).textContent(), { timeout: 8_000 }).toBe('Expired');
    expect(await timer(page).getAttribute('data-state')).toBe('expired');
  });
});
