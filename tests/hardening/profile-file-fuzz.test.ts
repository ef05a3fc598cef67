/**
 * profiles.json fed hostile content and odd file kinds. In process, fast-check writes
 * generated files (random bytes; a file holding a pasted secret, with a random insertion
 * at a random place; names that fold together; huge sparse files; FIFOs; links
 * to devices, folders, nothing; folders) and reads them with the store: every read
 * answers the profiles or a ProfileDataError, at once, and no message quotes the secret.
 * Then the built CLI (bundled from these sources) runs `profile list`, `get` and
 * `profile set` against a sample of the same kinds: it exits with a documented code
 * (0 for a valid file, else 6) within seconds and never prints the secret.
 *
 * Seeded: set WTD_FUZZ_SEED to replay a failure (fast-check prints the seed).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileDataError } from '../../main/core/errors';
import { PROFILES_FILE_MAX_BYTES, ProfileStore } from '../../main/core/profile-store';
import { buildCli, type BuiltCli } from './support/cli';

const SEED = process.env.WTD_FUZZ_SEED === undefined ? Date.now() % 2 ** 31 : Number(process.env.WTD_FUZZ_SEED);
const IN_PROCESS_RUNS = 1500;
const SPAWNED_RUNS = 24;
const SECRET = 'sk_live_Zq81PfVw3nTxK5mR';

/** Each way to be the profiles file; `valid` says whether a read must succeed (undefined: either). */
type FileCase =
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'mutated'; readonly cut: number; readonly insert: string }
  | { readonly kind: 'folded'; readonly first: string; readonly second: string }
  | { readonly kind: 'huge'; readonly extra: number }
  | { readonly kind: 'fifo' }
  | { readonly kind: 'link'; readonly to: string }
  | { readonly kind: 'folder' };

const ALIKE: readonly (readonly [string, string])[] = [
  ['shopς', 'SHOPΣ'],
  ['ıd', 'ID'],
  ['straße', 'STRASSE'],
  ['\u212Aey', 'key'],
  ['ｓｈｏｐ１', 'Shop1'],
];

/** A file that holds a pasted secret where none belongs (the schema refuses the field), and the cases made from it. */
const WITH_SECRET = `${JSON.stringify(
  { version: 1, active: 'shop', profiles: [{ name: 'shop', baseUrl: 'https://open-api.tiktokglobalshop.com', appKey: 'key1', appSecret: SECRET }], settings: { autoRefresh: false } },
  null,
  2,
)}\n`;

const fileCase: fc.Arbitrary<FileCase> = fc.oneof(
  fc.record({ kind: fc.constant('bytes' as const), bytes: fc.uint8Array({ maxLength: 2048 }) }),
  fc.record({
    kind: fc.constant('mutated' as const),
    cut: fc.nat({ max: WITH_SECRET.length }),
    insert: fc.oneof(fc.constantFrom('', '"', '}', ',', '\u0007', '\\', "'", '\uFEFF', '\n', 'x'), fc.string({ maxLength: 8 })),
  }),
  fc.record({ kind: fc.constant('folded' as const), first: fc.constantFrom(...ALIKE.map(([a]) => a)), second: fc.constantFrom(...ALIKE.map(([, b]) => b)) }),
  fc.record({ kind: fc.constant('huge' as const), extra: fc.integer({ min: 1, max: 64 * 1024 * 1024 }) }),
  fc.constant({ kind: 'fifo' as const }),
  fc.record({ kind: fc.constant('link' as const), to: fc.constantFrom('/dev/zero', '/dev/urandom', '/dev/null', '/', '/nonexistent-wtd-target') }),
  fc.constant({ kind: 'folder' as const }),
);

const mkfifo = (file: string) => new Promise<void>((resolve, reject) => execFile('mkfifo', [file], (error) => (error ? reject(error) : resolve())));

/** Makes `file` the case; answers whether a read must succeed (true), fail (false), or may do either (null). */
async function makeFile(file: string, c: FileCase): Promise<boolean | null> {
  switch (c.kind) {
    case 'bytes':
      await fs.writeFile(file, c.bytes);
      return null;
    case 'mutated':
      await fs.writeFile(file, `${WITH_SECRET.slice(0, c.cut)}${c.insert}${WITH_SECRET.slice(c.cut)}`);
      return null;
    case 'folded': {
      const profile = (name: string) => ({ name, baseUrl: 'https://open-api.tiktokglobalshop.com', appKey: 'key1' });
      await fs.writeFile(file, JSON.stringify({ version: 1, profiles: [profile(c.first), profile(c.second)] }));
      // Names from different pairs are different names, and then the file is valid.
      return ALIKE.findIndex(([a]) => a === c.first) !== ALIKE.findIndex(([, b]) => b === c.second);
    }
    case 'huge': {
      // Sparse: the size is what matters, and it costs no disk.
      await fs.writeFile(file, '{"version":1}');
      await fs.truncate(file, PROFILES_FILE_MAX_BYTES + c.extra);
      return false;
    }
    case 'fifo':
      await mkfifo(file);
      return false;
    case 'link':
      await fs.symlink(c.to, file);
      // A dangling link is a missing file: an empty store.
      return c.to === '/nonexistent-wtd-target';
    case 'folder':
      await fs.mkdir(file);
      return false;
  }
}

/** No 8 characters in a row of the secret anywhere in `text`. */
function expectNoSecret(text: string): void {
  for (let i = 0; i + 8 <= SECRET.length; i += 1) expect(text).not.toContain(SECRET.slice(i, i + 8));
}

let root: string;
let cli: BuiltCli;
let inProcessCases = 0;
let spawnedRuns = 0;
const kinds = new Map<string, number>();

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'wtd-file-fuzz-'));
  cli = await buildCli();
}, 60_000);

afterAll(async () => {
  console.log(`profile file fuzz: ${inProcessCases} in-process reads, ${spawnedRuns} spawned runs (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')})`);
  await cli?.remove();
  if (root) await fs.rm(root, { recursive: true, force: true });
});

let counter = 0;
async function freshHome(): Promise<string> {
  counter += 1;
  const home = path.join(root, `home-${counter}`);
  await fs.mkdir(home, { mode: 0o700 });
  return home;
}

describe('profiles.json of any content and kind', () => {
  it('is read at once as profiles or refused as profile data, never quoted', async () => {
    await fc.assert(
      fc.asyncProperty(fileCase, async (c) => {
        const home = await freshHome();
        const mustRead = await makeFile(path.join(home, 'profiles.json'), c);
        inProcessCases += 1;
        kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
        const started = Date.now();
        const outcome = await new ProfileStore({ dir: home }).read().then(
          () => 'read',
          (error: unknown) => {
            expect(error).toBeInstanceOf(ProfileDataError);
            const { message, explanation, resolution } = error as ProfileDataError;
            expectNoSecret(`${message}\n${explanation}\n${resolution}`);
            return 'refused';
          },
        );
        expect(Date.now() - started).toBeLessThan(5_000);
        if (mustRead !== null) expect(outcome).toBe(mustRead ? 'read' : 'refused');
        await fs.rm(home, { recursive: true, force: true });
      }),
      { seed: SEED, numRuns: IN_PROCESS_RUNS },
    );
  }, 120_000);

  it('makes the CLI exit with a documented code within seconds (6 for a refused file), never printing the secret', async () => {
    const commands: readonly (readonly string[])[] = [['profile', 'list', '--json'], ['get'], ['profile', 'set', 'shop', '--base-url', 'https://example.com', '--app-key', 'k']];
    await fc.assert(
      fc.asyncProperty(fileCase, fc.constantFrom(...commands), async (c, args) => {
        const home = await freshHome();
        const mustRead = await makeFile(path.join(home, 'profiles.json'), c);
        spawnedRuns += 1;
        const started = Date.now();
        const run = await new Promise<{ code: number | null; out: string }>((resolve) => {
          execFile(
            process.execPath,
            [cli.path, ...args],
            {
              env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root, WIDGET_TOKEN_HOME: home, WIDGET_TOKEN_KEYCHAIN_SERVICE: 'widget-token-desk-file-fuzz', DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS ?? '' },
              timeout: 10_000,
              killSignal: 'SIGKILL',
            },
            (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, out: `${stdout}${stderr}` }),
          );
        });
        expect(Date.now() - started).toBeLessThan(10_000);
        expectNoSecret(run.out);
        if (mustRead === false) expect(run.code, run.out).toBe(6);
        // A valid file: `profile set` without secrets and no terminal is a usage error (2).
        else expect([0, 2, 4, 5, 6], run.out).toContain(run.code);
        await fs.rm(home, { recursive: true, force: true });
      }),
      { seed: SEED + 1, numRuns: SPAWNED_RUNS },
    );
  }, 300_000);
});
