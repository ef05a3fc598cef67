import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRendererFile, safeRelativePath } from './renderer-files';

describe('the renderer files', () => {
  let base: string;
  let root: string;

  beforeAll(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'renderer-files-'));
    root = path.join(base, 'renderer');
    await mkdir(path.join(root, 'assets'), { recursive: true });
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>t</title>');
    await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(path.join(root, 'assets', 'style.css'), 'body{}');
    await writeFile(path.join(root, 'assets', 'font name.woff2'), 'woff');
    await writeFile(path.join(root, '.env'), 'SECRET=1');
    await writeFile(path.join(base, 'outside.txt'), 'outside');
    await symlink(path.join(base, 'outside.txt'), path.join(root, 'assets', 'link.txt'));
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('serves the page at / and files under the folder with their content types', async () => {
    expect((await readRendererFile(root, '/'))?.contentType).toBe('text/html; charset=utf-8');
    const script = await readRendererFile(root, '/assets/app.js');
    expect(script?.body.toString()).toBe('console.log(1)');
    expect(script?.contentType).toBe('text/javascript; charset=utf-8');
    expect((await readRendererFile(root, '/assets/style.css'))?.contentType).toBe('text/css; charset=utf-8');
    expect((await readRendererFile(root, '/assets/font%20name.woff2'))?.contentType).toBe('font/woff2');
  });

  it.each([
    '/../outside.txt',
    '/assets/../../outside.txt',
    '/%2e%2e/outside.txt',
    '/assets%2f..%2f..%2foutside.txt',
    '/assets/..%5c..%5coutside.txt',
    '//etc/passwd',
    '/.env',
    '/assets/link.txt',
    '/assets',
    '/missing.js',
    '/%E0%A4%A',
    '/index.html%00.js',
    'index.html',
  ])('refuses %s', async (urlPath) => {
    expect(await readRendererFile(root, urlPath)).toBeNull();
  });

  it('never yields a path that climbs out', () => {
    expect(safeRelativePath('/a/../b')).toBeNull();
    expect(safeRelativePath('/a/./b')).toBeNull();
    expect(safeRelativePath('/C:%5cWindows')).toBeNull();
    expect(safeRelativePath('/assets/app.js')).toBe('assets/app.js');
  });
});
