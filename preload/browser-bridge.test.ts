/**
 * The preview's bridge script as a browser runs it: built by scripts/build-bridge.mjs,
 * served by the real preview server, loaded by Chromium in front of a module script.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPreview, type RunningPreview } from '../main/preview/preview-server';
import { RECORDED_APP_INFO, recordedAnswer, recordingHandlers, type RecordedCall } from '../tests/support/recording-handlers';
import { METHOD_NAMES, type WidgetTokenBridge } from './contract';

const PAGE = `<!doctype html>
<html><head>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; connect-src 'self'">
<title>bridge test</title>
<script type="module" src="./assets/app.js"></script>
</head><body></body></html>`;

/** What the UI's module script would see when it starts. */
const APP_JS = `window.seenByModule = window.widgetToken ? Object.keys(window.widgetToken).sort() : null;`;

/** The page's globals these tests touch (this file is checked without the DOM library). */
interface PageGlobals {
  readonly widgetToken: WidgetTokenBridge;
  readonly seenByModule: string[] | null;
  readonly location: { readonly hash: string };
  readonly navigator: { readonly clipboard: { readText(): Promise<string> } };
}

/** Runs `body` in the page with the page's globalThis. */
function inPage<T>(page: Page, body: (page: PageGlobals) => T): Promise<Awaited<T>> {
  return page.evaluate(`(${body.toString()})(globalThis)`);
}

describe('the preview bridge script in a browser', () => {
  let base: string;
  let rendererDir: string;
  let bridgeScriptPath: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let preview: RunningPreview;
  let calls: RecordedCall[];

  beforeAll(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'browser-bridge-'));
    rendererDir = path.join(base, 'renderer');
    await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
    await writeFile(path.join(rendererDir, 'index.html'), PAGE);
    await writeFile(path.join(rendererDir, 'assets', 'app.js'), APP_JS);
    const bridgeDir = path.join(base, 'preview');
    await promisify(execFile)(process.execPath, ['scripts/build-bridge.mjs', '--out-dir', bridgeDir]);
    bridgeScriptPath = path.join(bridgeDir, 'bridge.js');
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await rm(base, { recursive: true, force: true });
  });

  beforeEach(async (test) => {
    const recording = recordingHandlers();
    calls = recording.calls;
    preview = await startPreview({ handlers: recording.table, rendererDir, bridgeScriptPath });
    context = await browser.newContext();
    page = await context.newPage();
    test.onTestFinished(async () => {
      await context.close();
      await preview.close();
    });
  });

  it('defines window.widgetToken, with exactly the contract methods, before the UI module runs', async () => {
    await page.goto(preview.url);
    const seen = await inPage(page, (g) => g.seenByModule);
    expect(seen).toEqual([...METHOD_NAMES, 'onMenuCommand'].sort());
    const types = await inPage(page, (g) => Object.values(g.widgetToken).map((value) => typeof value));
    expect(new Set(types)).toEqual(new Set(['function']));
  });

  it('takes the key out of the address bar', async () => {
    await page.goto(preview.url);
    expect(page.url()).toBe(`${preview.origin}/`);
    expect(await inPage(page, (g) => g.location.hash)).toBe('');
  });

  it('carries a call to its handler and hands back the answer', async () => {
    await page.goto(preview.url);
    expect(await inPage(page, (g) => g.widgetToken.appInfo())).toEqual({ ok: true, value: RECORDED_APP_INFO });
    expect(await inPage(page, (g) => g.widgetToken.selectProfile({ name: 'staging' }))).toEqual(
      recordedAnswer('selectProfile'),
    );
    expect(calls).toEqual([
      { method: 'appInfo', request: {} },
      { method: 'selectProfile', request: { name: 'staging' } },
    ]);
  });

  it('keeps working after the page is reloaded', async () => {
    await page.goto(preview.url);
    await page.reload();
    expect(await inPage(page, (g) => g.widgetToken.appInfo())).toEqual({ ok: true, value: RECORDED_APP_INFO });
  });

  it('copies in the browser: the text never goes to the server, which is only asked for the clear delay', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: preview.origin });
    await page.goto(preview.url);
    expect(await inPage(page, (g) => g.widgetToken.copyText({ text: 'eyJ.copied.token' }))).toEqual({
      ok: true,
      value: { copied: true },
    });
    expect(await inPage(page, (g) => g.navigator.clipboard.readText())).toBe('eyJ.copied.token');
    await expect.poll(() => calls.map((call) => call.method)).toEqual(['getSettings']);
    expect(JSON.stringify(calls)).not.toContain('copied.token');
  });

  it('reports a refused copy as an error, not a throw', async () => {
    await page.goto(preview.url);
    await inPage(page, (g) => {
      Object.defineProperty(g.navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) } });
    });
    const result = await inPage(page, (g) => g.widgetToken.copyText({ text: 'x' }));
    expect(result).toMatchObject({ ok: false, error: { message: 'The browser did not allow copying to the clipboard.' } });
  });

  it('explains a page opened without the key, and the server never runs the call', async () => {
    await page.goto(`${preview.origin}/`);
    const result = await inPage(page, (g) => g.widgetToken.appInfo());
    expect(result).toMatchObject({ ok: false, error: { message: 'The preview server refused this page.' } });
    expect(calls).toEqual([]);
  });

  it('reports a stopped server as a network error', async () => {
    await page.goto(preview.url);
    await preview.close();
    const result = await inPage(page, (g) => g.widgetToken.listProfiles());
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'network', message: 'The preview server stopped, so this page cannot reach Widget Token Desk.' },
    });
  });

  it('cannot be replaced or altered by page script', async () => {
    await page.goto(preview.url);
    await inPage(page, (g) => {
      const writable = g as unknown as { widgetToken: unknown };
      const methods = g.widgetToken as unknown as Record<string, unknown>;
      // Assignments to read-only properties fail silently or throw; either way nothing changes.
      try {
        writable.widgetToken = {};
      } catch {
        /* read-only */
      }
      try {
        methods.appInfo = () => null;
      } catch {
        /* frozen */
      }
    });
    expect(await inPage(page, (g) => g.widgetToken.appInfo())).toEqual({ ok: true, value: RECORDED_APP_INFO });
  });
});
