import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors';
import { locateBuiltApp } from './built-app';

describe('locating the built app', () => {
  let base: string;
  let out: string;

  beforeAll(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'built-app-'));
    out = path.join(base, 'out');
    await mkdir(path.join(out, 'renderer'), { recursive: true });
    await mkdir(path.join(out, 'preload'), { recursive: true });
    await mkdir(path.join(out, 'main', 'chunks'), { recursive: true });
    await mkdir(path.join(base, 'main', 'preview'), { recursive: true });
    await writeFile(path.join(out, 'renderer', 'index.html'), '<!doctype html>');
    await writeFile(path.join(out, 'preload', 'index.cjs'), '');
    // A source tree beside it: renderer/index.html but no built preload.
    await mkdir(path.join(base, 'renderer'), { recursive: true });
    await writeFile(path.join(base, 'renderer', 'index.html'), '<!doctype html>');
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  const expected = () => ({
    rendererDir: path.join(out, 'renderer'),
    preloadPath: path.join(out, 'preload', 'index.cjs'),
    bridgeScriptPath: path.join(out, 'preview', 'bridge.js'),
  });

  it('finds out/ from a bundled entry in out/main', () => {
    expect(locateBuiltApp(pathToFileURL(path.join(out, 'main', 'cli.js')).href)).toEqual(expected());
  });

  it('finds out/ from a shared chunk below out/main', () => {
    expect(locateBuiltApp(pathToFileURL(path.join(out, 'main', 'chunks', 'shared.js')).href)).toEqual(expected());
  });

  it('finds the checkout’s out/ from a source module, not the source renderer', () => {
    expect(locateBuiltApp(pathToFileURL(path.join(base, 'main', 'preview', 'run-preview.ts')).href)).toEqual(expected());
  });

  it('says to build first when there is no build', () => {
    expect(() => locateBuiltApp(pathToFileURL(path.join(tmpdir(), 'nowhere', 'x', 'y.js')).href)).toThrow(ValidationError);
  });
});
