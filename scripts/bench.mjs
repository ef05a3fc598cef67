/**
 * `npm run bench`: builds what it measures into a folder of its own under .tmp/ (the app,
 * as `npm run build` does, and the bench's own TypeScript, bundled for Node), then runs
 * the bench (scripts/bench/run.ts). A private build keeps the run apart from anyone
 * rebuilding out/ at the same time.
 *
 *   node scripts/bench.mjs [--smoke] [--out FILE] [--app-dir DIR]
 *
 * --app-dir DIR measures an existing build (`--app-dir out` after `npm run build`) instead.
 * The other options are the bench's own (see scripts/bench/options.ts).
 */
import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as buildElectronApp } from 'electron-vite';
import { build } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const workDir = path.join(root, '.tmp', `bench-${process.pid}`);
const benchDir = path.join(workDir, 'bench');
const reactFloorDir = path.join(workDir, 'react-floor');

function optionValue(name) {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

function run(command, commandArgs) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function buildApp(outDir) {
  await buildElectronApp({ root, logLevel: 'warn', build: { outDir } });
  const bridge = await run(process.execPath, [path.join(root, 'scripts', 'build-bridge.mjs'), '--out-dir', path.join(outDir, 'preview')]);
  if (bridge !== 0) throw new Error('building the preview bridge failed');
}

/** The bench's TypeScript (and the core it imports from source) as plain ESM for Node. */
async function buildBench() {
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    build: {
      ssr: true,
      outDir: benchDir,
      emptyOutDir: true,
      target: 'node20',
      // Functions handed to page.evaluate travel as their source text: keep it readable and helper-free.
      minify: false,
      sourcemap: false,
      rollupOptions: {
        input: {
          run: path.join(root, 'scripts', 'bench', 'run.ts'),
          'core-child': path.join(root, 'scripts', 'bench', 'core-child.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' },
      },
    },
  });
}

/**
 * The least a React page can be: one button, built as the renderer is (minified, the
 * same React). The load figure shows its time as the floor any React window starts from.
 */
async function buildReactFloor() {
  const source = path.join(workDir, 'react-floor-src');
  await mkdir(source, { recursive: true });
  await writeFile(
    path.join(source, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="UTF-8"><title>React floor</title></head><body><div id="root"></div><script type="module" src="./main.js"></script></body></html>',
  );
  await writeFile(
    path.join(source, 'main.js'),
    "import { createElement } from 'react';\nimport { createRoot } from 'react-dom/client';\ncreateRoot(document.getElementById('root')).render(createElement('button', { type: 'button' }, 'Get token'));\n",
  );
  await build({ root: source, configFile: false, logLevel: 'warn', base: './', plugins: [react()], build: { outDir: reactFloorDir, emptyOutDir: true, minify: true } });
}

let code = 1;
try {
  const given = optionValue('--app-dir');
  const appDir = given === undefined ? path.join(workDir, 'app') : path.resolve(root, given);
  const started = Date.now();
  await Promise.all([given === undefined ? buildApp(appDir) : Promise.resolve(), buildBench(), buildReactFloor()]);
  console.error(`bench: built in ${((Date.now() - started) / 1000).toFixed(1)} s${given === undefined ? ` (app in ${path.relative(root, appDir)})` : ''}`);
  const passOn = args.filter((arg, index) => arg !== '--app-dir' && args[index - 1] !== '--app-dir');
  const viaNpm = process.env.npm_lifecycle_event === 'bench';
  process.env.WIDGET_TOKEN_BENCH_COMMAND = `${viaNpm ? 'npm run bench' : 'node scripts/bench.mjs'}${args.length > 0 ? `${viaNpm ? ' --' : ''} ${args.join(' ')}` : ''}`;
  code = await run(process.execPath, [path.join(benchDir, 'run.mjs'), '--app-dir', appDir, '--react-floor', reactFloorDir, ...passOn]);
} catch (error) {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await rm(workDir, { recursive: true, force: true });
}
process.exit(code);
