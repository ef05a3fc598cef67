/**
 * Where `npm run build` put the parts the shells serve. Each shell passes its own
 * module's URL: bundled into out/main (or a chunk below it), the build output is one or
 * two folders up; run from the source tree (tests), it is the checkout's out/ folder.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ValidationError } from '../core/errors';

export interface BuiltApp {
  /** out/renderer: the UI. */
  readonly rendererDir: string;
  /** out/preload/index.cjs: the Electron preload. */
  readonly preloadPath: string;
  /** out/preview/bridge.js: the preview's bridge script. */
  readonly bridgeScriptPath: string;
}

function builtAppAt(outDir: string): BuiltApp {
  return {
    rendererDir: path.join(outDir, 'renderer'),
    preloadPath: path.join(outDir, 'preload', 'index.cjs'),
    bridgeScriptPath: path.join(outDir, 'preview', 'bridge.js'),
  };
}

/** The build output next to the given module, or a ValidationError that says to build first. */
export function locateBuiltApp(moduleUrl: string): BuiltApp {
  const here = path.dirname(fileURLToPath(moduleUrl));
  const candidates = [path.resolve(here, '..'), path.resolve(here, '../..'), path.resolve(here, '../../out')];
  // The source tree has renderer/index.html too, so the marker is a file only the build writes.
  const found = candidates.find(
    (outDir) => existsSync(path.join(outDir, 'renderer', 'index.html')) && existsSync(path.join(outDir, 'preload', 'index.cjs')),
  );
  if (found === undefined) {
    throw new ValidationError(
      'The built app is missing.',
      'Widget Token Desk serves its window from the build output (out/), and there is none next to this program.',
      'Run `npm run build` in the checkout, then try again.',
    );
  }
  return builtAppAt(found);
}
