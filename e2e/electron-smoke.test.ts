/**
 * The real desktop app, where an Electron binary exists: it starts, gets a sandbox token,
 * copies it through the concealed clipboard path, and logs no console error. Machines that
 * cannot download Electron (these, offline) skip it and say why: the Electron shell is
 * then covered against the electron mock only (tests/main/).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltCli } from '../tests/support/built-cli';
import { UI_WAIT, uniqueKeychainService } from './support/e2e';

const ROOT = path.resolve(import.meta.dirname, '..');

/** The binary the `electron` package points at, without `require('electron')`, which would try to download it. */
function electronBinary(): string | null {
  let packageDir: string;
  try {
    packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(packageDir, 'dist'), readFileSync(pathFile, 'utf8'));
  return existsSync(binary) ? binary : null;
}

function whySkipped(): string | null {
  if (electronBinary() === null) return 'no Electron binary here (node_modules/electron has no downloaded dist/; set ELECTRON_OVERRIDE_DIST_PATH to one)';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'no display (DISPLAY or WAYLAND_DISPLAY); run it under xvfb-run';
  return null;
}

const skipped = whySkipped();
if (skipped !== null) console.log(`Skipping the Electron smoke test: ${skipped}.`);

describe.skipIf(skipped !== null)('the desktop app in Electron', { timeout: 60_000 }, () => {
  let app: ElectronApplication;
  let home: string;
  const errors: string[] = [];

  beforeAll(async () => {
    requireBuiltCli();
    home = await mkdtemp(path.join(tmpdir(), 'wtd-electron-smoke-'));
    app = await _electron.launch({
      executablePath: electronBinary() ?? '',
      args: [ROOT],
      env: { ...process.env, WIDGET_TOKEN_HOME: home, WIDGET_TOKEN_KEYCHAIN_SERVICE: uniqueKeychainService('electron-smoke') } as Record<string, string>,
    });
  });

  afterAll(async () => {
    await app?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('gets a sandbox token, copies it, and logs no console error', async () => {
    const page = await app.firstWindow();
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.getByRole('button', { name: 'Get token' }).click();
    const box = page.getByRole('textbox', { name: 'Widget token' });
    await expect.poll(async () => (await box.count()) === 1 && ((await box.textContent()) ?? '').startsWith('eyJ'), UI_WAIT).toBe(true);
    const token = (await box.textContent()) ?? '';
    await page.getByRole('button', { name: 'Copy token' }).click();
    await expect.poll(() => app.evaluate(({ clipboard }) => clipboard.readText()), UI_WAIT).toBe(token);
    expect(errors).toEqual([]);
  });
});
