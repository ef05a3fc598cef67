import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { browserOpener, launcherPage, openInBrowser } from './open-browser';

const ADDRESS = 'http://127.0.0.1:1234/#k=per-run-key_abc';

describe('opening the browser', () => {
  let bin: string;

  beforeAll(async () => {
    bin = await mkdtemp(path.join(tmpdir(), 'open-browser-'));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await rm(bin, { recursive: true, force: true });
  });

  /** An xdg-open that writes down its arguments, one per line. */
  async function recordingOpener(): Promise<string> {
    const record = path.join(bin, 'opened.txt');
    await rm(record, { force: true });
    await writeFile(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\n`);
    await chmod(path.join(bin, 'xdg-open'), 0o755);
    vi.stubEnv('PATH', bin);
    return record;
  }

  it("uses each platform's own opener", () => {
    expect(browserOpener('linux').command).toBe('xdg-open');
    expect(browserOpener('darwin').command).toBe('open');
    expect(browserOpener('win32').command).toBe('cmd');
  });

  it.runIf(process.platform === 'linux')(
    'hands xdg-open a private launcher page, never the address with the key, and deletes it on close',
    async () => {
      const record = await recordingOpener();
      const report = vi.fn();
      const launch = await openInBrowser(ADDRESS, report, 'linux');
      await vi.waitFor(async () => expect(await readFile(record, 'utf8')).not.toBe(''));
      const args = (await readFile(record, 'utf8')).trimEnd().split('\n');

      expect(args).toEqual([launch.launcherPath]);
      expect(args.join(' ')).not.toContain('per-run-key_abc');
      const launcher = launch.launcherPath ?? '';
      expect(await readFile(launcher, 'utf8')).toBe(launcherPage(ADDRESS));
      expect((await stat(launcher)).mode & 0o777).toBe(0o600);
      expect((await stat(path.dirname(launcher))).mode & 0o777).toBe(0o700);
      expect(report).not.toHaveBeenCalled();

      await launch.close();
      await expect(stat(path.dirname(launcher))).rejects.toMatchObject({ code: 'ENOENT' });
    },
  );

  it('the launcher page sends the browser on to the address, keeping itself out of the history', () => {
    const page = launcherPage(ADDRESS);
    expect(page).toContain(`<script>location.replace("${ADDRESS}");</script>`);
    expect(page).toContain(`<a href="${ADDRESS}">`);
    expect(page).toContain('<meta name="referrer" content="no-referrer">');
  });

  it('no address can break out of the launcher’s script or link', () => {
    const page = launcherPage('http://127.0.0.1:1/#k=</script><script>alert(1)</script>"&');
    expect(page.match(/<script>/g)).toHaveLength(1);
    expect(page.match(/<\/script>/g)).toHaveLength(1);
    expect(page).toContain('href="http://127.0.0.1:1/#k=&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;"');
  });

  it.runIf(process.platform === 'linux')('reports one line when no opener is available', async () => {
    vi.stubEnv('PATH', path.join(bin, 'empty'));
    const report = vi.fn();
    const launch = await openInBrowser(ADDRESS, report, 'linux');
    await vi.waitFor(() => expect(report).toHaveBeenCalledTimes(1));
    expect(report).toHaveBeenCalledWith('Could not open a browser (xdg-open failed); open the address above yourself.');
    await launch.close();
  });

  it.runIf(process.platform === 'linux')('reports one line when the opener fails', async () => {
    await writeFile(path.join(bin, 'xdg-open'), '#!/bin/sh\nexit 3\n');
    await chmod(path.join(bin, 'xdg-open'), 0o755);
    vi.stubEnv('PATH', bin);
    const report = vi.fn();
    const launch = await openInBrowser(ADDRESS, report, 'linux');
    await vi.waitFor(() => expect(report).toHaveBeenCalledTimes(1));
    await launch.close();
  });

  it.runIf(process.platform !== 'win32')('reports one line, and opens nothing, when the launcher cannot be written', async () => {
    vi.stubEnv('TMPDIR', path.join(bin, 'no-such-folder'));
    const report = vi.fn();
    try {
      const launch = await openInBrowser(ADDRESS, report, 'linux');
      expect(launch.launcherPath).toBeNull();
      expect(report).toHaveBeenCalledTimes(1);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
