/**
 * Issue 13 in the window, through the preview in Chromium: the History panel, the Settings
 * view persisted across a restart of the preview, presentation mode's masking, and the
 * clipboard cleared after the delay only while it still holds the token.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appAlert,
  chromiumMissing,
  claimValue,
  getTokenShown,
  launchChromium,
  openApp,
  startPreviewChild,
  tokenBox,
  uniqueKeychainService,
  UI_WAIT,
  type PageGlobals,
} from './support/e2e';

function inPage<T>(page: Page, body: (g: PageGlobals & { navigator: { clipboard: { writeText(text: string): Promise<void> } } }) => T): Promise<Awaited<T>> {
  return page.evaluate(`(${body.toString()})(globalThis)`);
}

async function openPanel(page: Page, name: 'History' | 'Settings'): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click();
  await page.getByRole('region', { name }).waitFor({ timeout: 10_000 });
}

async function saveSettings(page: Page, fill: (form: ReturnType<Page['getByRole']>) => Promise<void>): Promise<void> {
  const form = page.getByRole('form', { name: 'Settings' });
  await fill(form);
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect.poll(() => form.getByRole('status').textContent(), UI_WAIT).toBe('Settings saved');
}

describe.skipIf(chromiumMissing('desktop panels'))('history, settings and presentation mode', { timeout: 60_000 }, () => {
  let browser: Browser;
  let home: string;
  const keychainService = uniqueKeychainService('desktop-panels');

  beforeAll(async () => {
    browser = await launchChromium();
    home = await mkdtemp(path.join(tmpdir(), 'wtd-e2e-panels-'));
  });

  afterAll(async () => {
    await browser?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('lists each call in History, copyable as text, never the token', async () => {
    const preview = await startPreviewChild({ keychainService });
    try {
      const { page, context } = await openApp(browser, preview, { clipboard: true });
      const first = await getTokenShown(page);
      const second = await getTokenShown(page);
      await openPanel(page, 'History');
      const region = page.getByRole('region', { name: 'History' });
      await expect.poll(() => region.getByRole('listitem').count(), UI_WAIT).toBe(2);
      const text = (await region.textContent()) ?? '';
      expect(text).toMatch(/sandbox via window/);
      expect(text).toMatch(/code ok/);
      expect(text).not.toContain(first);
      expect(text).not.toContain(second);

      await region.getByRole('button', { name: 'Copy as text' }).click();
      await expect.poll(() => region.getByRole('status').textContent(), UI_WAIT).toBe('History copied as text');
      const copied = await inPage(page, (g) => g.navigator.clipboard.readText());
      expect(copied.split('\n')).toHaveLength(3);
      expect(copied).toMatch(/^Widget Token Desk: 2 token calls in this session/);
      expect(copied).toMatch(/profile=sandbox code=0 request_id=\S+ expires=\S+Z duration=\d+ms via=window/);
      expect(copied).not.toContain(first.slice(0, 40));
      await context.close();
    } finally {
      await preview.stop();
    }
  });

  it('fits a 360 px wide window with both panels open and presentation mode on', async () => {
    const preview = await startPreviewChild({ keychainService });
    try {
      const { page, context } = await openApp(browser, preview);
      await page.setViewportSize({ width: 360, height: 740 });
      await openPanel(page, 'Settings');
      await saveSettings(page, (form) => form.getByLabel('Presentation mode').check());
      await getTokenShown(page);
      await openPanel(page, 'History');
      await expect.poll(() => page.getByRole('region', { name: 'History' }).getByRole('listitem').count(), UI_WAIT).toBe(1);
      const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow).toBeLessThanOrEqual(0);
      await context.close();
    } finally {
      await preview.stop();
    }
  });

  it('keeps the settings across a restart of the preview, with no token in settings.json', async () => {
    let preview = await startPreviewChild({ keychainService, home });
    try {
      const opened = await openApp(browser, preview);
      const token = await getTokenShown(opened.page);
      await openPanel(opened.page, 'Settings');
      await expect.poll(() => opened.page.getByRole('region', { name: 'Settings' }).textContent(), UI_WAIT).toMatch(/cannot mark them concealed/);
      await saveSettings(opened.page, async (form) => {
        await form.getByLabel('Clear copied token after (seconds)').fill('45');
        await form.getByLabel('Global shortcut copies a fresh token').uncheck();
      });
      const file = await readFile(path.join(home, 'settings.json'), 'utf8');
      expect(JSON.parse(file)).toMatchObject({ clipboardClearSeconds: 45, globalShortcut: null });
      expect(file).not.toContain(token.slice(0, 20));
      await opened.context.close();
      await preview.stop();

      preview = await startPreviewChild({ keychainService, home });
      const again = await openApp(browser, preview);
      await openPanel(again.page, 'Settings');
      const form = again.page.getByRole('form', { name: 'Settings' });
      await expect.poll(() => form.getByLabel('Clear copied token after (seconds)').inputValue(), UI_WAIT).toBe('45');
      expect(await form.getByLabel('Global shortcut copies a fresh token').isChecked()).toBe(false);
      await again.context.close();
    } finally {
      await preview.stop();
    }
  });

  it('reports a damaged settings.json by position, keeps it, and still gives tokens', async () => {
    const damagedHome = await mkdtemp(path.join(tmpdir(), 'wtd-e2e-damaged-settings-'));
    const damaged = '{\n  "version": 1,\n  "presentationMode": yes-please\n}\n';
    await writeFile(path.join(damagedHome, 'settings.json'), damaged);
    const preview = await startPreviewChild({ keychainService, home: damagedHome });
    try {
      const { page, context } = await openApp(browser, preview);
      await expect.poll(() => appAlert(page).innerText(), UI_WAIT).toMatch(/settings file .*settings\.json is damaged/);
      const alert = await appAlert(page).innerText();
      expect(alert).toMatch(/line 3, column \d+/);
      expect(alert).not.toContain('yes-please');
      expect(await getTokenShown(page)).toMatch(/^eyJ/);
      expect(await readFile(path.join(damagedHome, 'settings.json'), 'utf8')).toBe(damaged);
      await context.close();
    } finally {
      await preview.stop();
      await rm(damagedHome, { recursive: true, force: true });
    }
  });

  it('marks a bad shortcut invalid, with its message tied to the field', async () => {
    const preview = await startPreviewChild({ keychainService });
    try {
      const { page, context } = await openApp(browser, preview);
      await openPanel(page, 'Settings');
      const form = page.getByRole('form', { name: 'Settings' });
      const field = form.getByLabel('Shortcut', { exact: true });
      await field.fill('T');
      await form.getByRole('button', { name: 'Save settings' }).click();
      await expect.poll(() => field.getAttribute('aria-invalid'), UI_WAIT).toBe('true');
      const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
      expect(await page.locator(`[id="${describedBy}"]`).textContent()).toMatch(/needs at least one modifier/);
      await context.close();
    } finally {
      await preview.stop();
    }
  });

  it('masks token and claim values in presentation mode until revealed, and masks them again by itself', async () => {
    const preview = await startPreviewChild({ keychainService });
    try {
      const { page, context } = await openApp(browser, preview, { clipboard: true });
      await openPanel(page, 'Settings');
      await saveSettings(page, (form) => form.getByLabel('Presentation mode').check());
      await page.getByRole('button', { name: 'Get token' }).click();
      await expect.poll(() => tokenBox(page).getAttribute('data-masked'), UI_WAIT).toBe('true');
      const shown = (await tokenBox(page).textContent()) ?? '';
      expect(shown).not.toMatch(/eyJ/);
      expect(await claimValue(page, 'Claims', 'UserID').textContent()).toBe('••••••••');

      // Copy still copies the real token.
      await page.getByRole('button', { name: 'Copy token' }).click();
      await expect.poll(() => inPage(page, (g) => g.navigator.clipboard.readText()), UI_WAIT).toMatch(/^eyJ/);

      await page.getByRole('button', { name: 'Reveal for 10 s' }).click();
      await expect.poll(() => tokenBox(page).textContent(), UI_WAIT).toMatch(/^eyJ/);
      expect(await claimValue(page, 'Claims', 'UserID').textContent()).toMatch(/^\d{19}$/);
      await expect.poll(() => tokenBox(page).getAttribute('data-masked'), { timeout: 15_000, interval: 250 }).toBe('true');
      await context.close();
    } finally {
      await preview.stop();
    }
  });

  it('clears the copied token after the delay, but not text the user copied since', async () => {
    const preview = await startPreviewChild({ keychainService });
    try {
      const { page, context } = await openApp(browser, preview, { clipboard: true });
      await openPanel(page, 'Settings');
      await saveSettings(page, (form) => form.getByLabel('Clear copied token after (seconds)').fill('1'));
      const token = await getTokenShown(page);
      await page.getByRole('button', { name: 'Copy token' }).click();
      await expect.poll(() => inPage(page, (g) => g.navigator.clipboard.readText()), UI_WAIT).toBe(token);
      await expect.poll(() => inPage(page, (g) => g.navigator.clipboard.readText()), UI_WAIT).toBe('');

      await page.getByRole('button', { name: 'Copy token' }).click();
      await expect.poll(() => inPage(page, (g) => g.navigator.clipboard.readText()), UI_WAIT).toBe(token);
      await inPage(page, (g) => g.navigator.clipboard.writeText('my own notes'));
      await new Promise((resolve) => setTimeout(resolve, 1_800));
      expect(await inPage(page, (g) => g.navigator.clipboard.readText())).toBe('my own notes');
      await context.close();
    } finally {
      await preview.stop();
    }
  });
});
