/**
 * A damaged profiles.json, as a user meets it in the browser preview: the alert says what
 * is wrong and how to repair it, the sandbox still gives tokens, and "Move damaged file
 * aside" renames the file (kept byte for byte) so that profiles can be created again.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../main/sandbox/demo-credentials';
import { startSandbox, type RunningSandbox } from '../main/sandbox/sandbox-server';
import { clearKeychainService } from '../tests/support/built-cli';
import {
  activeProfile,
  appAlert,
  chromiumMissing,
  createProfile,
  getTokenShown,
  launchChromium,
  openApp,
  startPreviewChild,
  uniqueKeychainService,
  UI_WAIT,
  type OpenedApp,
  type PreviewChild,
} from './support/e2e';

const DAMAGED = '{"version": 1, "profiles": [ {"name": "half-writ';

describe.skipIf(chromiumMissing('damaged profiles'))('a damaged profiles file', { timeout: 60_000 }, () => {
  let browser: Browser;
  let preview: PreviewChild;
  let server: RunningSandbox;
  let app: OpenedApp | undefined;

  beforeAll(async () => {
    [browser, preview, server] = await Promise.all([
      launchChromium(),
      startPreviewChild({ keychainService: uniqueKeychainService('damaged-profiles') }),
      startSandbox(),
    ]);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), preview?.stop(), server?.close()]);
    if (preview) await clearKeychainService(preview.keychainService);
  });

  afterEach(async () => {
    await app?.context.close();
  });

  it('still gives sandbox tokens, and the button moves the file aside so profiles can be created again', async () => {
    const file = path.join(preview.home, 'profiles.json');
    await writeFile(file, DAMAGED);
    app = await openApp(browser, preview);
    const { page } = app;

    // The alert's title is upper case by CSS, which innerText applies.
    await expect.poll(() => appAlert(page).innerText(), UI_WAIT).toMatch(/Profile data unreadable/i);
    expect(await appAlert(page).innerText()).toContain('widget-token profile repair');
    expect(await activeProfile(page).locator('option').allTextContents()).toEqual(['sandbox']);
    expect((await getTokenShown(page)).split('.')).toHaveLength(3);
    expect(await readFile(file, 'utf8')).toBe(DAMAGED);

    await page.getByRole('button', { name: 'Move damaged file aside' }).click();
    const status = page.getByRole('status').filter({ hasText: 'was moved to' });
    await expect.poll(() => status.count(), UI_WAIT).toBe(1);
    const moved = (await readdir(preview.home)).filter((name) => name.startsWith('profiles.json.corrupt-'));
    expect(moved).toHaveLength(1);
    expect(await status.innerText()).toContain(path.join(preview.home, moved[0] ?? ''));
    expect(await readFile(path.join(preview.home, moved[0] ?? ''), 'utf8')).toBe(DAMAGED);
    expect(await page.getByRole('button', { name: 'Move damaged file aside' }).count()).toBe(0);
    expect(await appAlert(page).count()).toBe(0);
    expect(await activeProfile(page).evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);

    await createProfile(page, { name: 'after-repair', baseUrl: server.baseUrl, ...SANDBOX_CREDENTIALS });
    expect(await status.count()).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ profiles: [{ name: 'after-repair' }] });
  });
});
