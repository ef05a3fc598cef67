import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PREVIEW_BRIDGE_PATH, PREVIEW_KEY_HEADER } from '../../preload/contract';
import { NetworkError, ValidationError } from '../core/errors';
import type { BuiltApp } from '../static/built-app';
import { runPreview } from './run-preview';

describe('runPreview', () => {
  let base: string;
  let built: BuiltApp;
  let printed: string[];

  beforeAll(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'run-preview-'));
    built = {
      rendererDir: path.join(base, 'renderer'),
      preloadPath: path.join(base, 'preload', 'index.cjs'),
      bridgeScriptPath: path.join(base, 'preview', 'bridge.js'),
    };
    await mkdir(built.rendererDir, { recursive: true });
    await mkdir(path.dirname(built.bridgeScriptPath), { recursive: true });
    await writeFile(path.join(built.rendererDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
    await writeFile(built.bridgeScriptPath, '');
    vi.stubEnv('WIDGET_TOKEN_HOME', path.join(base, 'home'));
    vi.stubEnv('WIDGET_TOKEN_KEYCHAIN_SERVICE', 'widget-token-desk-test-run-preview');
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await rm(base, { recursive: true, force: true });
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  function captureStdout(): void {
    printed = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      printed.push(String(chunk));
      const callback = rest.find((arg) => typeof arg === 'function') as ((error?: Error) => void) | undefined;
      callback?.();
      return true;
    });
  }

  async function printedUrl(): Promise<URL> {
    await vi.waitFor(() => expect(printed).toHaveLength(1));
    const match = /^Widget Token Desk preview: (\S+)\n$/.exec(printed[0] ?? '');
    if (!match?.[1]) throw new Error(`unexpected output: ${printed.join('')}`);
    return new URL(match[1]);
  }

  it('prints one line with the address, serves the core, and stops when told', async () => {
    captureStdout();
    let stop: () => void = () => undefined;
    const running = runPreview({ builtApp: built, stop: new Promise<void>((resolve) => (stop = resolve)) });
    const url = await printedUrl();
    expect(url.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const key = url.hash.replace(/^#k=/, '');

    const call = (method: string, body: unknown) =>
      fetch(`${url.origin}${PREVIEW_BRIDGE_PATH}/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [PREVIEW_KEY_HEADER]: key },
        body: JSON.stringify(body),
      }).then((response) => response.json());

    expect(await call('appInfo', {})).toMatchObject({ ok: true, value: { shell: 'preview' } });
    // The sandbox profile works with no setup: the launcher starts the offline sandbox.
    const token = await call('getToken', { profile: 'sandbox' });
    expect(token).toMatchObject({ ok: true, value: { profile: 'sandbox', sandbox: true } });

    stop();
    await running;
    await expect(fetch(url.origin)).rejects.toThrow();
    expect(printed).toHaveLength(1);
  });

  it.runIf(process.platform === 'linux')('opens the browser through a private launcher page, gone once the preview stops', async () => {
    const bin = path.join(base, 'bin');
    const record = path.join(bin, 'opened.txt');
    await mkdir(bin, { recursive: true });
    await writeFile(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$*" > '${record}'\n`, { mode: 0o755 });
    const searchPath = process.env.PATH;
    vi.stubEnv('PATH', `${bin}${path.delimiter}${searchPath ?? ''}`);
    captureStdout();
    let stop: () => void = () => undefined;
    try {
      const running = runPreview({ builtApp: built, open: true, stop: new Promise<void>((resolve) => (stop = resolve)) });
      const url = await printedUrl();
      const launcher = await vi.waitFor(async () => {
        const opened = await readFile(record, 'utf8');
        expect(opened).not.toBe('');
        return opened;
      });
      expect(launcher).not.toContain(url.hash.slice(1));
      expect(await readFile(launcher, 'utf8')).toContain(JSON.stringify(url.href));
      stop();
      await running;
      await expect(stat(path.dirname(launcher))).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      vi.stubEnv('PATH', searchPath);
    }
  });

  it('closes cleanly on SIGTERM and SIGINT, and leaves no signal listener behind', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      captureStdout();
      const before = new Set(process.listeners(signal));
      const running = runPreview({ builtApp: built });
      const url = await printedUrl();
      const added = process.listeners(signal).filter((listener) => !before.has(listener));
      expect(added).toHaveLength(1);
      // Calling the listener plays the signal without sending one to the test runner.
      added[0]?.(signal);
      await running;
      await expect(fetch(url.origin)).rejects.toThrow();
      expect(process.listeners('SIGINT').filter((listener) => !before.has(listener))).toEqual([]);
      expect(process.listeners('SIGTERM').filter((listener) => !before.has(listener))).toEqual([]);
    }
  });

  it('says to build first when the bridge script is missing', async () => {
    const incomplete = { ...built, bridgeScriptPath: path.join(base, 'nowhere', 'bridge.js') };
    const attempt = runPreview({ builtApp: incomplete, stop: Promise.resolve() });
    await expect(attempt).rejects.toThrow(ValidationError);
    await expect(attempt).rejects.toMatchObject({ resolution: expect.stringMatching(/npm run build/) });
  });

  it('names a port that is taken, and how to pick another', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const attempt = runPreview({ builtApp: built, port, stop: Promise.resolve() });
      await expect(attempt).rejects.toThrow(NetworkError);
      await expect(attempt).rejects.toThrow(`Port ${port} on 127.0.0.1 is already in use.`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
