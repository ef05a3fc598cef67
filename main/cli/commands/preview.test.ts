/**
 * `widget-token preview` through the built CLI: one line with the real port and the
 * run's key, a page that answers there, and a clean exit 0 on SIGTERM.
 */
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { requireBuiltCli, spawnCli } from '../../../tests/support/built-cli';

let home: string;

beforeAll(async () => {
  requireBuiltCli();
  home = await mkdtemp(path.join(tmpdir(), 'wtd-cli-preview-'));
});

afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

it('preview --no-open --port 0 prints its URL with the real port, serves the UI, and exits 0 on SIGTERM', async () => {
  const child = spawnCli(['preview', '--no-open', '--port', '0'], { env: { WIDGET_TOKEN_HOME: home } });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'close') as Promise<[number | null]>;
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const found = /(http:\/\/127\.0\.0\.1:\d+\/#k=[\w-]+)\n/.exec(stdout)?.[1];
      if (found !== undefined) resolve(found);
    });
    void exited.then(() => reject(new Error(`preview exited early: ${stderr}`)));
  });
  expect(url).not.toMatch(/:0\//);
  const page = await fetch(url.replace(/#.*$/, ''));
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<html');

  child.kill('SIGTERM');
  const [code] = await exited;
  expect(code).toBe(0);
  expect(stdout.trimEnd().split('\n')).toHaveLength(1);
});
