/**
 * `npm run audit:electron`: Electronegativity over the code that ships (main/, preload/,
 * renderer/, common/ and package.json, without tests), offline and in a few seconds.
 * Every finding must be fixed or listed in .electronegativity-accepted.json with a
 * one-line reason, as `{ "check", "file", "reason" }` (file relative to the scanned root,
 * or "N/A" for the checks that judge the app as a whole); an accepted entry that no longer
 * matches a finding must go too, so the list never outlives what it excuses. Prints one line:
 * `electronegativity: N findings, M accepted`, then one line per problem, and exits 1 on any.
 *
 * `--input DIR` scans DIR as it is and `--accepted FILE` reads another list (the tests use
 * both on fixtures).
 *
 * Why the tool's runner and not its CLI with `-o out.csv`: the CSV writer starts the header
 * (flag 'w') and the rows (flag 'a') as two un-awaited writes, so the file can come out
 * partial or out of order; the runner returns the same rows (check id, file, line:column,
 * sample) as data. And why `got` is stubbed: the tool fetches translations and the Electron
 * release list on every run, with retries (about 13 s offline). CI must not depend on the
 * network, and the release check adds nothing here: a test asserts the Electron major.
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SHIPPED = ['main', 'preload', 'renderer', 'common', 'package.json'];
const TEST_FILE = /\.test\.tsx?$/;
/** Needs the network (see above); the Electron version is checked by tests/security/electron-checklist.test.ts. */
const SKIPPED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

function option(name) {
  const index = process.argv.indexOf(name);
  return index >= 0 && process.argv[index + 1] ? path.resolve(process.argv[index + 1]) : null;
}

/** Any HTTP request the tool makes fails at once, as it would offline. */
function offlineGot(runnerPath) {
  const requireFromTool = createRequire(runnerPath);
  const gotPath = requireFromTool.resolve('got');
  const refuse = () => Promise.reject(new Error('electronegativity runs offline here'));
  const stub = Object.assign(refuse, { head: refuse, get: refuse, default: refuse });
  requireFromTool.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: stub };
}

async function stageShippedCode() {
  const stage = await mkdtemp(path.join(tmpdir(), 'electronegativity-'));
  for (const entry of SHIPPED) {
    await cp(path.join(root, entry), path.join(stage, entry), {
      recursive: true,
      filter: (source) => !TEST_FILE.test(source) && !source.includes(`${path.sep}node_modules`),
    });
  }
  return stage;
}

/** Runs the tool quietly (it logs its own progress and the failed fetches) and returns its findings. */
async function scan(input) {
  const require = createRequire(import.meta.url);
  const runnerPath = require.resolve('@doyensec/electronegativity');
  offlineGot(runnerPath);
  const run = require(runnerPath);
  const chatter = [];
  const { log, warn } = console;
  console.log = (...args) => chatter.push(args.join(' '));
  console.warn = console.log;
  try {
    return await run({ input, isRelative: true, excludeFromScan: SKIPPED_CHECKS.map((check) => check.toLowerCase()) }, false);
  } catch (error) {
    console.error(chatter.join('\n'));
    throw error;
  } finally {
    console.log = log;
    console.warn = warn;
  }
}

async function readAccepted(file) {
  const entries = JSON.parse(await readFile(file, 'utf8'));
  const problems = [];
  for (const [index, entry] of entries.entries()) {
    const { check, file: where, reason } = entry ?? {};
    if (typeof check !== 'string' || typeof where !== 'string' || typeof reason !== 'string' || !reason.trim() || /\n/.test(reason)) {
      problems.push(`${path.basename(file)} entry ${index} needs "check", "file" and a one-line "reason".`);
    }
  }
  return { entries, problems };
}

const keyOf = (check, file) => `${check} ${file.split(path.sep).join('/')}`;

const scanOnly = option('--input');
const acceptedFile = option('--accepted') ?? path.join(root, '.electronegativity-accepted.json');
const input = scanOnly ?? (await stageShippedCode());
let result;
try {
  result = await scan(input);
} finally {
  if (!scanOnly) await rm(input, { recursive: true, force: true });
}

const { entries, problems } = await readAccepted(acceptedFile);
const acceptedKeys = new Set(entries.map((entry) => keyOf(entry.check, entry.file)));
const foundKeys = new Set();
let accepted = 0;
for (const issue of result.issues) {
  const key = keyOf(issue.id, issue.file);
  foundKeys.add(key);
  if (acceptedKeys.has(key)) accepted += 1;
  else {
    // Global checks judge the app as a whole and name no file.
    const where = issue.file === 'N/A' ? 'the app as a whole' : `${issue.file}:${issue.location.line}:${issue.location.column}`;
    const description = issue.description.replace(/\.+$/, '');
    problems.push(`${issue.id} at ${where} (${issue.severity.name}): ${description}. Fix it, or accept it in ${path.basename(acceptedFile)} with a reason.`);
  }
}
for (const entry of entries) {
  if (!foundKeys.has(keyOf(entry.check, entry.file))) {
    problems.push(`${entry.check} in ${entry.file} is accepted but no longer found: remove it from ${path.basename(acceptedFile)}.`);
  }
}
// A file the tool could not parse was not checked at all.
for (const error of result.errors.filter((error) => !error.tolerable)) {
  problems.push(`could not parse ${path.relative(input, error.file)}: ${error.message}`);
}

console.log(`electronegativity: ${result.issues.length} findings, ${accepted} accepted`);
for (const problem of problems) console.log(`  ${problem}`);
process.exitCode = problems.length > 0 ? 1 : 0;
