import { defineConfig } from 'electron-vite';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { prerenderWindow } from './scripts/vite/prerender-window';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // zod is bundled, tree-shaken to what the schemas use: loaded from node_modules it is
      // some 100 ES modules (every locale included), a third of a `widget-token get`.
      externalizeDeps: { exclude: ['zod'] },
      rollupOptions: {
        // Two entry points share one core: the Electron shell and the CLI.
        input: {
          index: 'main/electron/index.ts',
          cli: 'main/cli/index.ts',
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload must be one CommonJS file with nothing left external.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: 'preload/index.ts' },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    // index.html leaves the build with the first screen in it (see the plugin).
    plugins: [react(), prerenderWindow({ rendererRoot: fileURLToPath(new URL('./renderer', import.meta.url)) })],
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves the renderer unminified; the page's budget is 100 KB of gzipped JS.
      minify: true,
      cssMinify: true,
      rollupOptions: {
        input: {
          index: 'renderer/index.html',
        },
      },
    },
  },
});
