/**
 * The `widget-token` command for tests that need it in child processes. It is bundled from
 * the sources into a temp folder (as electron-vite bundles out/main/cli.js), so a test
 * never runs a stale build; keytar stays external, as in the shipped CLI, and resolves
 * through a link to the checkout's node_modules.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface BuiltCli {
  readonly path: string;
  /** Removes the build folder. */
  remove(): Promise<void>;
}

export async function buildCli(): Promise<BuiltCli> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wtd-cli-build-'));
  await build({
    configFile: false,
    logLevel: 'silent',
    root,
    build: {
      ssr: path.join(root, 'main/cli/index.ts'),
      outDir: dir,
      write: true,
      minify: false,
      target: 'node20',
      rolldownOptions: { external: ['keytar'], output: { format: 'es', entryFileNames: 'cli.mjs' } },
    },
    ssr: { noExternal: true, external: ['keytar'] },
  });
  await fs.symlink(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return { path: path.join(dir, 'cli.mjs'), remove: () => fs.rm(dir, { recursive: true, force: true }) };
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI with exactly `env` (plus PATH): nothing of the test's own session leaks in. */
export function runCli(cli: BuiltCli, args: readonly string[], env: Readonly<Record<string, string>>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cli.path, ...args], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(error);
        return;
      }
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}

/** Every file under `dir` as text, for checking that no secret was written anywhere. */
export async function filesUnder(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of (await fs.readdir(dir, { recursive: true })).sort()) {
    const full = path.join(dir, name);
    if ((await fs.stat(full)).isFile()) files[name] = await fs.readFile(full, 'latin1');
  }
  return files;
}
