import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { browserOpener, openInBrowser } from './open-browser';

describe('opening the browser', () => {
  let bin: string;

  beforeAll(async () => {
    bin = await mkdtemp(path.join(tmpdir(), 'open-browser-'));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await rm(bin, { recursive: true, force: true });
  });

  it("uses each platform's own opener", () => {
    expect(browserOpener('linux').command).toBe('xdg-open');
    expect(browserOpener('darwin').command).toBe('open');
    expect(browserOpener('win32').command).toBe('cmd');
  });

  it.runIf(process.platform === 'linux')('hands the address to xdg-open', async () => {
    const record = path.join(bin, 'opened.txt');
    await writeFile(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${record}'\n`);
    await chmod(path.join(bin, 'xdg-open'), 0o755);
    vi.stubEnv('PATH', bin);
    const report = vi.fn();
    openInBrowser('http://127.0.0.1:1234/#k=abc', report, 'linux');
    await vi.waitFor(async () => expect(await readFile(record, 'utf8')).toBe('http://127.0.0.1:1234/#k=abc'));
    expect(report).not.toHaveBeenCalled();
  });

  it.runIf(process.platform === 'linux')('reports one line when no opener is available', async () => {
    vi.stubEnv('PATH', path.join(bin, 'empty'));
    const report = vi.fn();
    openInBrowser('http://127.0.0.1:1234/#k=abc', report, 'linux');
    await vi.waitFor(() => expect(report).toHaveBeenCalledTimes(1));
    expect(report).toHaveBeenCalledWith('Could not open a browser (xdg-open failed); open the address above yourself.');
  });

  it.runIf(process.platform === 'linux')('reports one line when the opener fails', async () => {
    await writeFile(path.join(bin, 'xdg-open'), '#!/bin/sh\nexit 3\n');
    await chmod(path.join(bin, 'xdg-open'), 0o755);
    vi.stubEnv('PATH', bin);
    const report = vi.fn();
    openInBrowser('http://127.0.0.1:1234/#k=abc', report, 'linux');
    await vi.waitFor(() => expect(report).toHaveBeenCalledTimes(1));
  });
});
