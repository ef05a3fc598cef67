/**
 * `npm run package:check`: the packaging proof where installers cannot be built (no
 * Electron download). It builds, packs the app with electron-builder (`--linux dir`)
 * against a stand-in Electron distribution (a file that carries only the fuse sentinel,
 * so electron-builder's fuse step has something to flip), then opens the packed app.asar
 * and checks what would ship:
 *   - every module the main process, the preload and the CLI load at run time is inside it,
 *     following their imports and requires (and those of the packages they reach), and
 *     every native addon among them is unpacked beside it (it must be a real file);
 *   - no devDependency ships;
 *   - the renderer's files are the built ones, byte for byte (out/renderer);
 *   - the fuses were flipped as electron-builder.yml says.
 * It prints the sizes and what ships without being loaded (keytar's install-time helpers).
 * Exit 0 when every check passes, 1 otherwise. Work files go to .tmp/package-check/.
 */
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import asar from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = path.join(root, '.tmp', 'package-check');
const electronDist = path.join(work, 'electron-dist');
const output = path.join(work, 'dist');
const appDir = path.join(output, 'linux-unpacked');
const archive = path.join(appDir, 'resources', 'app.asar');
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** The entry points: the Electron shell, the CLI, the preload. */
const ENTRIES = ['out/main/index.js', 'out/main/cli.js', 'out/preload/index.cjs'];
/** Provided by Electron itself at run time. */
const RUNTIME_PROVIDED = new Set(['electron']);
const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

const failures = [];
const fail = (message) => failures.push(message);
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function step(text) {
  console.log(`package:check: ${text}`);
}

/** A file that electron-builder takes for the Electron binary: the fuse wire (sentinel, version 1, 8 fuses) and nothing else. */
function writeStandInElectron() {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(electronDist, { recursive: true });
  const fuseCount = Object.keys(FuseV1Options).filter((key) => Number.isNaN(Number(key))).length;
  const wire = Buffer.concat([
    Buffer.from('#!/bin/sh\necho "stand-in Electron for npm run package:check: it cannot run the app" >&2\nexit 1\n'),
    Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX', 'ascii'),
    Buffer.from([1, fuseCount]),
    Buffer.from('1'.repeat(fuseCount), 'ascii'),
    Buffer.from('\n'),
  ]);
  writeFileSync(path.join(electronDist, 'electron'), wire, { mode: 0o755 });
}

function pack() {
  const bin = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-builder.cmd' : 'electron-builder');
  execFileSync(bin, ['--linux', 'dir', `--config.electronDist=${electronDist}`, '--config.npmRebuild=false', `--config.directories.output=${output}`], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ELECTRON_BUILDER_OFFLINE: '1' },
  });
}

// --- the archive as a file system -------------------------------------------------------

/** Every path in app.asar, without the leading slash; read once the app is packed. */
let listed = new Set();

function openArchive() {
  listed = new Set(asar.listPackage(archive, { isPack: false }).map((entry) => entry.replace(/\\/g, '/').replace(/^\//, '')));
}

function isFile(file) {
  if (!listed.has(file)) return false;
  const stat = asar.statFile(archive, file, false);
  return !('files' in stat);
}

function isUnpacked(file) {
  return isFile(file) && asar.statFile(archive, file, false).unpacked === true && existsSync(path.join(`${archive}.unpacked`, file));
}

function read(file) {
  return asar.extractFile(archive, file).toString('utf8');
}

// --- what the code loads -------------------------------------------------------------------

const SPECIFIERS = [
  /\bimport\s*(?:[\w*{}\s,$]+\s*from\s*)?["']([^"']+)["']/g,
  /\bexport\s*[\w*{}\s,$]+\s*from\s*["']([^"']+)["']/g,
  /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  /\brequire\(\s*["']([^"']+)["']\s*\)/g,
];

function specifiersOf(source) {
  const found = new Set();
  for (const pattern of SPECIFIERS) for (const match of source.matchAll(pattern)) found.add(match[1]);
  return [...found];
}

function resolveRelative(fromFile, specifier) {
  const base = path.posix.join(path.posix.dirname(fromFile), specifier);
  return ['', '.js', '.cjs', '.mjs', '.json', '.node', '/index.js'].map((ext) => `${base}${ext}`).find(isFile) ?? null;
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** node_modules lookup from a file, nearest folder first, as Node does. */
function resolvePackage(fromFile, specifier) {
  const name = packageName(specifier);
  const sub = specifier.slice(name.length);
  for (let dir = path.posix.dirname(fromFile); ; dir = path.posix.dirname(dir)) {
    const pkgDir = path.posix.join(dir === '.' ? '' : dir, 'node_modules', name);
    if (isFile(`${pkgDir}/package.json`)) {
      if (sub) return resolveRelative(`${pkgDir}/x`, `.${sub}`);
      const manifest = JSON.parse(read(`${pkgDir}/package.json`));
      const exported = typeof manifest.exports === 'string' ? manifest.exports : manifest.exports?.['.']?.require ?? manifest.exports?.['.']?.default;
      return resolveRelative(`${pkgDir}/x`, `./${(exported ?? manifest.main ?? 'index.js').replace(/^\.\//, '')}`);
    }
    if (dir === '.' || dir === '') return null;
  }
}

function packageOf(file) {
  const match = /^(?:.*\/)?node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
  return match ? match[1] : null;
}

function walk() {
  const loaded = new Set();
  const queue = [];
  for (const entry of ENTRIES) {
    if (!isFile(entry)) fail(`${entry} is not in app.asar`);
    else queue.push(entry);
  }
  while (queue.length > 0) {
    const file = queue.shift();
    if (loaded.has(file)) continue;
    loaded.add(file);
    if (file.endsWith('.node')) {
      if (!isUnpacked(file)) fail(`${file} is a native addon inside app.asar: it must be unpacked (asarUnpack) to load`);
      continue;
    }
    if (!/\.(c|m)?js$/.test(file)) continue;
    for (const specifier of specifiersOf(read(file))) {
      if (BUILTINS.has(specifier) || RUNTIME_PROVIDED.has(specifier)) continue;
      const target = specifier.startsWith('.') ? resolveRelative(file, specifier) : resolvePackage(file, specifier);
      if (target === null) fail(`${file} loads "${specifier}", which is not in app.asar`);
      else queue.push(target);
    }
  }
  return loaded;
}

// --- the checks ---------------------------------------------------------------------------

function sha256(buffer) {
  return createHash('sha256').update(buffer).digest('hex');
}

function filesUnder(dir, prefix = '') {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

function checkRenderer() {
  const built = filesUnder(path.join(root, 'out', 'renderer')).sort();
  const packed = [...listed].filter((file) => file.startsWith('out/renderer/') && isFile(file)).map((file) => file.slice('out/renderer/'.length)).sort();
  if (JSON.stringify(built) !== JSON.stringify(packed)) fail(`the packed renderer has other files than out/renderer (built: ${built.length}, packed: ${packed.length})`);
  for (const file of built) {
    if (!packed.includes(file)) continue;
    if (sha256(readFileSync(path.join(root, 'out', 'renderer', file))) !== sha256(asar.extractFile(archive, `out/renderer/${file}`))) fail(`out/renderer/${file} differs from the built one`);
  }
  return built.length;
}

function shippedPackages() {
  const names = new Set();
  for (const file of listed) {
    const name = packageOf(`${file}/`);
    if (name !== null && file.endsWith(`node_modules/${name}`)) names.add(name);
  }
  return names;
}

function packageBytes(name) {
  let total = 0;
  for (const file of listed) if (packageOf(file) === name && isFile(file)) total += asar.statFile(archive, file, false).size ?? 0;
  return total;
}

function checkFuses() {
  const wire = getCurrentFuseWire(path.join(appDir, 'widget-token-desk'));
  return wire.then((fuses) => {
    const expect = {
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      GrantFileProtocolExtraPrivileges: false,
    };
    const states = [];
    for (const [name, on] of Object.entries(expect)) {
      const state = fuses[FuseV1Options[name]];
      // The wire holds the characters '1' (enabled) and '0' (disabled); @electron/fuses gives their codes.
      const actual = state === '1'.charCodeAt(0);
      if (actual !== on) fail(`fuse ${name} is ${actual ? 'on' : 'off'}; electron-builder.yml wants it ${on ? 'on' : 'off'}`);
      states.push(`${name}=${actual ? 'on' : 'off'}`);
    }
    return states.join(' ');
  });
}

// --- run ------------------------------------------------------------------------------------

step('building');
execFileSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
step('packing with electron-builder --linux dir against a stand-in Electron');
writeStandInElectron();
pack();
openArchive();

const loaded = walk();
const rendererFiles = checkRenderer();
const shipped = shippedPackages();
const loadedPackages = new Set([...loaded].map(packageOf).filter((name) => name !== null));
const devDependencies = new Set(Object.keys(packageJson.devDependencies ?? {}));
for (const name of shipped) if (devDependencies.has(name)) fail(`devDependency ${name} ships in app.asar`);
for (const name of loadedPackages) if (!(name in (packageJson.dependencies ?? {})) && !shipped.has(name)) fail(`${name} is loaded but not shipped`);
const fuses = await checkFuses();

const unused = [...shipped].filter((name) => !loadedPackages.has(name)).sort();
const unusedBytes = unused.reduce((sum, name) => sum + packageBytes(name), 0);
const asarBytes = statSync(archive).size;
const unpackedBytes = filesUnder(`${archive}.unpacked`).reduce((sum, file) => sum + statSync(path.join(`${archive}.unpacked`, file)).size, 0);

console.log(`package:check: app.asar ${mb(asarBytes)} (${listed.size} entries), app.asar.unpacked ${kb(unpackedBytes)}: ${filesUnder(`${archive}.unpacked`).join(', ')}`);
console.log(`package:check: loaded at run time: ${loaded.size} files; packages: ${[...loadedPackages].sort().join(', ') || 'none'}`);
console.log(`package:check: renderer: ${rendererFiles} files, identical to out/renderer`);
console.log(`package:check: fuses: ${fuses}`);
console.log(`package:check: ships but never loaded (${unused.length} packages, ${kb(unusedBytes)}): ${unused.join(', ') || 'none'}`);
if (failures.length > 0) {
  for (const failure of failures) console.error(`package:check: FAILED: ${failure}`);
  process.exit(1);
}
console.log('package:check: ok');
