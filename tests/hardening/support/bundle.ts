/**
 * A TypeScript entry of the test's own, bundled from these sources into a temp folder so a
 * child process can run it (Node cannot load TypeScript); keytar stays external and
 * resolves through a link to the checkout's node_modules, as in the shipped CLI.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface BundledScript {
  readonly path: string;
  /** Removes the build folder. */
  remove(): Promise<void>;
}

export async function bundleScript(entry: string): Promise<BundledScript> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wtd-script-build-'));
  await build({
    configFile: false,
    logLevel: 'silent',
    root,
    build: {
      ssr: entry,
      outDir: dir,
      write: true,
      minify: false,
      target: 'node20',
      rolldownOptions: { external: ['keytar'], output: { format: 'es', entryFileNames: 'script.mjs' } },
    },
    ssr: { noExternal: true, external: ['keytar'] },
  });
  await fs.symlink(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return { path: path.join(dir, 'script.mjs'), remove: () => fs.rm(dir, { recursive: true, force: true }) };
}
