/**
 * `npm start`: the desktop app, built first if needed. Where Electron cannot run (no
 * binary and none to download, no display, root on Linux, or it dies at startup), it
 * says so in one sentence and serves the same UI as the browser preview instead, so the
 * one command always shows the working app. Extra arguments go to the preview
 * (`npm start -- --no-open`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const BUILT = ['out/main/index.js', 'out/main/cli.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/preview/bridge.js'];
/** Long enough for Electron to fail on a missing library or display, short enough not to hold back its own errors. */
const STARTUP_WINDOW_MS = 5_000;
/** Fetching the Electron binary (about 100 MB) the first time. */
const DOWNLOAD_TIMEOUT_MS = 300_000;

function ensureBuilt() {
  if (BUILT.every((file) => existsSync(path.join(root, file)))) return;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', '-s', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (build.status !== 0) {
    console.error('The build failed (see above), so there is nothing to start.');
    process.exit(build.status ?? 1);
  }
}

/** The Electron binary the `electron` package points at, if it is on disk. */
function installedElectron() {
  let packageDir;
  try {
    packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : null;
  if (relative === null) return null;
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(packageDir, 'dist');
  const binary = path.join(distDir, relative);
  return existsSync(binary) ? binary : null;
}

/**
 * `require('electron')` downloads the binary when it is missing. It runs in a child, out
 * of sight, so that offline it fails quietly instead of printing a stack trace.
 */
function downloadedElectron() {
  const script = "const p = require('electron'); if (require('fs').existsSync(p)) process.stdout.write(p); else process.exit(1);";
  const result = spawnSync(process.execPath, ['-e', script], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: DOWNLOAD_TIMEOUT_MS,
  });
  return result.status === 0 && result.stdout ? result.stdout : null;
}

/** Why Electron cannot run here, or its binary. */
function electronOrReason() {
  if (process.platform === 'linux') {
    if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { reason: 'there is no display' };
    // Chromium will not start its sandbox as root, and the app never runs without it.
    if (process.getuid?.() === 0) return { reason: "Electron's sandbox does not run as root" };
  }
  const binary = installedElectron() ?? downloadedElectron();
  return binary ? { binary } : { reason: 'its binary is not installed and could not be downloaded' };
}

/** Runs a child in the foreground, passing Ctrl+C and SIGTERM on to it. */
function forwardSignals(child) {
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.once('exit', () => {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
  });
}

/** Resolves with the exit code, or with a reason when Electron failed at startup. */
function runElectron(binary) {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE;
    // `.` runs package.json's "main" (out/main/index.js) with the app's own name and version.
    const child = spawn(binary, ['.'], { cwd: root, env, stdio: ['ignore', 'inherit', 'pipe'] });
    forwardSignals(child);
    // Held back at first: if Electron dies at startup, its complaint is replaced by the fallback.
    let held = [];
    const release = () => {
      for (const chunk of held ?? []) process.stderr.write(chunk);
      held = null;
    };
    child.stderr.on('data', (chunk) => (held ? held.push(chunk) : process.stderr.write(chunk)));
    const timer = setTimeout(release, STARTUP_WINDOW_MS);
    child.once('error', () => {
      clearTimeout(timer);
      resolve({ reason: 'it could not be launched' });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (held && code !== 0 && signal === null) {
        resolve({ reason: `it stopped at startup with exit code ${code}` });
        return;
      }
      release();
      resolve({ code: code ?? 1 });
    });
  });
}

function runPreview() {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'out/main/cli.js'), 'preview', ...process.argv.slice(2)], {
      cwd: root,
      stdio: 'inherit',
    });
    forwardSignals(child);
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

ensureBuilt();
const electron = electronOrReason();
let outcome = electron.binary ? await runElectron(electron.binary) : electron;
if (outcome.reason) {
  // With --no-open nothing is opened: the preview prints its address for the user to open.
  const instead = process.argv.slice(2).includes('--no-open') ? 'serving the browser preview instead (open the address below)' : 'opening the browser preview instead';
  console.error(`The Electron runtime is not available here (${outcome.reason}); ${instead}.`);
  outcome = { code: await runPreview() };
}
process.exitCode = outcome.code;
