/**
 * Builds the preview's bridge script (preload/browser-bridge.ts) into one classic
 * script, out/preview/bridge.js, which the preview server serves at /bridge.js.
 * electron-vite builds only main, preload and renderer, so this small extra step runs
 * after it (`npm run build`). `--out-dir DIR` builds elsewhere (the tests use it).
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const flag = process.argv.indexOf('--out-dir');
const outDir = flag >= 0 && process.argv[flag + 1] ? path.resolve(process.argv[flag + 1]) : path.join(root, 'out', 'preview');

await build({
  root,
  configFile: false,
  logLevel: 'warn',
  publicDir: false,
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    // A classic script (not a module), so it runs before the UI's deferred module script.
    lib: {
      entry: path.join(root, 'preload', 'browser-bridge.ts'),
      formats: ['iife'],
      name: 'widgetTokenPreviewBridge',
      fileName: () => 'bridge.js',
    },
  },
});
