import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { readJsonFileUntilStopped, type JsonFileReads } from '../../tests/support/json-file-reader';
import { NotFoundError, ProfileDataError, ValidationError } from './errors';
import { CorruptProfilesError, ProfileStore, type ProfileInput } from './profile-store';

const run = promisify(execFile);
const PROD: ProfileInput = { name: 'shop-eu prod', baseUrl: 'https://open-api.tiktokglobalshop.com/', appKey: '6abc1def2ghi3' };

let home: string;
let store: ProfileStore;

beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'wtd-profiles-'));
  store = new ProfileStore({ dir: home });
});

afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

const fileText = () => fs.readFile(path.join(home, 'profiles.json'), 'utf8');

describe('a fresh data folder', () => {
  it('is an empty store, and reading it creates nothing', async () => {
    expect(await store.list()).toEqual([]);
    expect(await store.getActive()).toBeNull();
    expect(await store.getSettings()).toEqual({ autoRefresh: false });
    expect(await store.get('anything')).toBeNull();
    expect(await fs.readdir(home)).toEqual([]);
  });

  it('is created on the first save, including missing parent folders', async () => {
    const nested = new ProfileStore({ dir: path.join(home, 'a', 'b') });
    await nested.upsert(PROD);
    expect((await nested.list()).map((p) => p.name)).toEqual(['shop-eu prod']);
  });

  it('defaults to WIDGET_TOKEN_HOME', () => {
    vi.stubEnv('WIDGET_TOKEN_HOME', home);
    try {
      expect(new ProfileStore().filePath).toBe(path.join(home, 'profiles.json'));
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('profiles', () => {
  it('round-trip through the documented file format, normalised', async () => {
    const saved = await store.upsert({ name: '  staging  ', baseUrl: 'http://127.0.0.1:8080/proxy/', appKey: ' key1 ', version: '202401' });
    expect(saved).toEqual({ name: 'staging', baseUrl: 'http://127.0.0.1:8080/proxy', appKey: 'key1', version: '202401' });
    await store.upsert(PROD);

    expect(JSON.parse(await fileText())).toEqual({
      version: 1,
      // One count per write: a reader that sees it unchanged saw no save in between.
      revision: 2,
      active: null,
      profiles: [
        { name: 'staging', baseUrl: 'http://127.0.0.1:8080/proxy', appKey: 'key1', version: '202401' },
        { name: 'shop-eu prod', baseUrl: 'https://open-api.tiktokglobalshop.com', appKey: '6abc1def2ghi3' },
      ],
      settings: { autoRefresh: false },
    });
    const again = new ProfileStore({ dir: home });
    expect(await again.list()).toEqual([saved, { ...PROD, baseUrl: 'https://open-api.tiktokglobalshop.com' }]);
    expect(await again.get('STAGING')).toEqual(saved);
  });

  it('updates a profile of the same name in place, keeping its stored spelling', async () => {
    await store.upsert(PROD);
    await store.upsert({ name: 'other', baseUrl: 'https://example.com', appKey: 'k' });
    const updated = await store.upsert({ ...PROD, name: 'SHOP-EU PROD', appKey: 'newkey', version: '202309' });
    expect(updated.name).toBe('shop-eu prod');
    expect((await store.list()).map((p) => [p.name, p.appKey, p.version])).toEqual([
      ['shop-eu prod', 'newkey', '202309'],
      ['other', 'k', undefined],
    ]);
    await store.upsert({ ...PROD, version: '' });
    expect((await store.get('shop-eu prod'))?.version).toBeUndefined();
  });

  it('renames a profile, and the active choice follows it', async () => {
    await store.upsert(PROD);
    await store.upsert({ name: 'other', baseUrl: 'https://example.com', appKey: 'k' });
    await store.setActive('shop-eu prod');

    const renamed = await store.upsert({ ...PROD, name: 'shop-eu live' }, 'shop-eu prod');
    expect(renamed.name).toBe('shop-eu live');
    expect((await store.list()).map((p) => p.name)).toEqual(['shop-eu live', 'other']);
    expect(await store.get('shop-eu prod')).toBeNull();
    expect(await store.getActive()).toBe('shop-eu live');

    // A change of case only is a rename too.
    await store.upsert({ ...PROD, name: 'Shop-EU Live' }, 'shop-eu live');
    expect((await store.list()).map((p) => p.name)).toEqual(['Shop-EU Live', 'other']);
  });

  it('refuses a rename onto another profile, or of a profile that does not exist', async () => {
    await store.upsert(PROD);
    await store.upsert({ name: 'other', baseUrl: 'https://example.com', appKey: 'k' });
    const before = await fileText();

    await expect(store.upsert({ ...PROD, name: 'OTHER' }, 'shop-eu prod')).rejects.toThrow(ValidationError);
    await expect(store.upsert({ ...PROD, name: 'OTHER' }, 'shop-eu prod')).rejects.toThrow('A profile named "other" already exists.');
    await expect(store.upsert(PROD, 'ghost')).rejects.toThrow(NotFoundError);
    expect(await fileText()).toBe(before);
  });

  it('removes a profile and returns it by its stored name; the active choice is forgotten', async () => {
    await store.upsert(PROD);
    await store.setActive('shop-eu prod');
    expect(await store.remove('Shop-EU Prod')).toEqual({ ...PROD, baseUrl: 'https://open-api.tiktokglobalshop.com' });
    expect(await store.list()).toEqual([]);
    expect(await store.getActive()).toBeNull();
    await expect(store.remove('shop-eu prod')).rejects.toThrow(NotFoundError);
  });

  it('never writes a secret, even when the caller hands one along', async () => {
    const withSecrets = { ...PROD, appSecret: 'S3cr3t-app', accessToken: 'TTP_tok3n' };
    await store.upsert(withSecrets);
    const text = await fileText();
    expect(text).not.toContain('S3cr3t-app');
    expect(text).not.toContain('TTP_tok3n');
  });
});

describe('authorization and shop settings', () => {
  const AUTHORIZED = {
    ...PROD,
    serviceId: ' 7312345678901234567 ',
    authRegion: 'us',
    authBaseUrl: 'http://127.0.0.1:9/auth/',
    shopId: '7494035471245432833',
    shopRegion: 'gb',
  } as const;

  it('round-trip normalised, with the shop id kept as all its digits', async () => {
    const saved = await store.upsert(AUTHORIZED);
    expect(saved).toMatchObject({ serviceId: '7312345678901234567', authRegion: 'us', authBaseUrl: 'http://127.0.0.1:9/auth', shopId: '7494035471245432833', shopRegion: 'GB' });
    expect(JSON.parse(await fileText()).profiles[0].shopId).toBe('7494035471245432833');
    expect(await new ProfileStore({ dir: home }).get(PROD.name)).toEqual(saved);
  });

  it('refuse what is not a service id, a region, an https auth URL, a digit-only shop id or a region code', async () => {
    await expect(store.upsert({ ...PROD, serviceId: 'has space' })).rejects.toThrow('The service ID is not valid.');
    await expect(store.upsert({ ...PROD, authRegion: 'eu' as 'us' })).rejects.toThrow('The authorization region is not valid.');
    await expect(store.upsert({ ...PROD, authBaseUrl: 'http://auth.example.com' })).rejects.toThrow(ValidationError);
    await expect(store.upsert({ ...PROD, shopId: '7494035471245432833.0' })).rejects.toThrow('The shop ID is not valid.');
    await expect(store.upsert({ ...PROD, shopRegion: 'G B' })).rejects.toThrow('The shop region is not valid.');
    expect(await store.list()).toEqual([]);
  });

  it('are removed by an edit that leaves them empty', async () => {
    await store.upsert(AUTHORIZED);
    const edited = await store.upsert({ ...PROD, shopId: '', shopRegion: '' }, PROD.name);
    expect(edited).toEqual({ name: 'shop-eu prod', baseUrl: 'https://open-api.tiktokglobalshop.com', appKey: '6abc1def2ghi3' });
  });
});

describe('the active profile', () => {
  it('is a stored profile (by its stored spelling), the built-in sandbox, or none', async () => {
    await store.upsert(PROD);
    expect(await store.setActive('SHOP-EU PROD')).toBe('shop-eu prod');
    expect(await new ProfileStore({ dir: home }).getActive()).toBe('shop-eu prod');
    expect(await store.setActive('sandbox')).toBe('sandbox');
    expect(await store.getActive()).toBe('sandbox');
    expect(await store.setActive(null)).toBeNull();
    expect(await store.getActive()).toBeNull();
  });

  it('refuses an unknown name and keeps the previous choice', async () => {
    await store.upsert(PROD);
    await store.setActive('shop-eu prod');
    await expect(store.setActive('ghost')).rejects.toThrow(NotFoundError);
    expect(await store.getActive()).toBe('shop-eu prod');
  });

  it('reads as none when the file names a profile that is gone', async () => {
    await fs.writeFile(path.join(home, 'profiles.json'), JSON.stringify({ version: 1, active: 'gone', profiles: [], settings: { autoRefresh: false } }));
    expect(await store.getActive()).toBeNull();
  });
});

describe('the settings an older version kept in profiles.json', () => {
  it('are read as written, and kept by later saves', async () => {
    await fs.writeFile(path.join(home, 'profiles.json'), JSON.stringify({ version: 1, active: null, profiles: [], settings: { autoRefresh: true } }));
    await store.upsert(PROD);
    expect(await new ProfileStore({ dir: home }).getSettings()).toEqual({ autoRefresh: true });
  });

  it('make the file damaged when they are not the known shape', async () => {
    await fs.writeFile(path.join(home, 'profiles.json'), JSON.stringify({ version: 1, active: null, profiles: [], settings: { autoRefresh: 'yes' } }));
    await expect(store.getSettings()).rejects.toThrow(CorruptProfilesError);
  });
});

describe('validation', () => {
  it.each([
    ['an empty name', { ...PROD, name: '   ' }, 'The profile name is empty.'],
    ['a name over 64 characters', { ...PROD, name: 'x'.repeat(65) }, 'The profile name is 65 characters long.'],
    ['a colon in the name', { ...PROD, name: 'shop:eu' }, 'contains characters that are not allowed'],
    ['a name starting with a hyphen', { ...PROD, name: '-prod' }, 'contains characters that are not allowed'],
    ['the reserved name', { ...PROD, name: 'Sandbox' }, 'The name "Sandbox" is reserved.'],
    ['a remote plain-http URL', { ...PROD, baseUrl: 'http://api.example.com' }, 'uses plain http on a remote host'],
    ['a URL without scheme', { ...PROD, baseUrl: 'open-api.tiktokglobalshop.com' }, 'The base URL has no scheme.'],
    ['an empty app key', { ...PROD, appKey: ' ' }, 'The app key is empty.'],
    ['whitespace in the app key', { ...PROD, appKey: 'abc def' }, 'The app key contains whitespace.'],
    ['an app key over 128 characters', { ...PROD, appKey: 'k'.repeat(129) }, 'The app key is 129 characters long.'],
    ['a malformed version', { ...PROD, version: '2024 01' }, 'The API version is not valid.'],
  ])('rejects %s and saves nothing', async (_case, input, message) => {
    const error = await store.upsert(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain(message);
    expect((error as ValidationError).resolution).not.toBe('');
    expect(await fs.readdir(home)).toEqual([]);
  });

  it('accepts names with letters of any script, digits, spaces, dots and underscores', async () => {
    const saved = await store.upsert({ ...PROD, name: 'Boutique Émile_2.0 - test' });
    expect(saved.name).toBe('Boutique Émile_2.0 - test');
    expect(await store.upsert({ ...PROD, name: 'x'.repeat(64) })).toMatchObject({ name: 'x'.repeat(64) });
  });
});

describe('a damaged profiles file', () => {
  const file = () => path.join(home, 'profiles.json');

  it('is reported with its path and where the JSON breaks, and kept byte for byte', async () => {
    const damaged = '{\n  "version": 1,\n  "profiles": [\n    { "name": "a", }\n  ]\n}\n';
    await fs.writeFile(file(), damaged);

    const error = await store.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptProfilesError);
    expect(error).toBeInstanceOf(ProfileDataError);
    const { message, explanation, resolution } = error as CorruptProfilesError;
    expect(message).toContain(file());
    expect(explanation).toMatch(/not valid JSON .*line 4, column/);
    expect(resolution).toContain('corrupt');

    for (const write of [() => store.upsert(PROD), () => store.setActive(null), () => store.remove('a')]) {
      await expect(write()).rejects.toThrow(CorruptProfilesError);
    }
    expect(await fs.readFile(file(), 'utf8')).toBe(damaged);
    expect(await fs.readdir(home)).toEqual(['profiles.json']);
  });

  it('never quotes the file around an unquoted word (V8 would: a pasted secret must not reach the message)', async () => {
    await fs.writeFile(file(), '{\n  "version": 1,\n  "profiles": [{ "name": pasted-secret-value }]\n}\n');
    const error = (await store.list().catch((e: unknown) => e)) as CorruptProfilesError;
    expect(error.explanation).toMatch(/^It is not valid JSON \(it breaks at line 3, column \d+\)/);
    expect(`${error.message} ${error.explanation} ${error.resolution}`).not.toContain('pasted');
  });

  it.each([
    ['an empty file', '', 'The file is empty'],
    ['a wrong shape', JSON.stringify({ version: 1, profiles: [{ name: 'a', baseUrl: 'https://x.test' }] }), 'profiles[0].appKey'],
    ['a secret written in by hand', JSON.stringify({ version: 1, profiles: [{ name: 'a', baseUrl: 'https://x.test', appKey: 'k', appSecret: 'hunter2' }] }), 'profiles[0]: a field the format does not have'],
    ['an invalid base URL', JSON.stringify({ version: 1, profiles: [{ name: 'a', baseUrl: 'http://remote.test', appKey: 'k' }] }), 'profiles[0].baseUrl: the base URL is not valid'],
    ['two profiles of one name', JSON.stringify({ version: 1, profiles: [{ name: 'a', baseUrl: 'https://x.test', appKey: 'k' }, { name: 'A', baseUrl: 'https://x.test', appKey: 'k' }] }), 'profiles[1].name'],
    ['no version', JSON.stringify({ profiles: [] }), 'version'],
  ])('names the problem: %s', async (_case, content, problem) => {
    await fs.writeFile(file(), content);
    const error = await store.read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptProfilesError);
    expect((error as CorruptProfilesError).explanation).toContain(problem);
    expect((error as CorruptProfilesError).explanation).not.toContain('hunter2');
    expect(await fs.readFile(file(), 'utf8')).toBe(content);
  });

  it('can be moved aside, after which the store starts empty and saves again', async () => {
    await fs.writeFile(file(), 'not json at all');
    const moved = await store.quarantineCorrupt();
    expect(moved).toMatch(/profiles\.json\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
    expect(path.dirname(moved ?? '')).toBe(home);
    expect(await fs.readFile(moved ?? '', 'utf8')).toBe('not json at all');
    expect(await store.list()).toEqual([]);
    await store.upsert(PROD);
    expect((await store.list()).map((p) => p.name)).toEqual(['shop-eu prod']);
  });

  it('is not what quarantine touches when the file is valid or missing', async () => {
    expect(await store.quarantineCorrupt()).toBeNull();
    await store.upsert(PROD);
    expect(await store.quarantineCorrupt()).toBeNull();
    expect(await store.list()).toHaveLength(1);
  });

  it('from a newer version is reported as such and never moved aside', async () => {
    const newer = JSON.stringify({ version: 2, profiles: [], future: true });
    await fs.writeFile(file(), newer);
    const error = await store.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProfileDataError);
    expect(error).not.toBeInstanceOf(CorruptProfilesError);
    expect((error as ProfileDataError).resolution).toContain('Update Widget Token Desk');
    await expect(store.quarantineCorrupt()).rejects.toThrow(ProfileDataError);
    expect(await fs.readFile(file(), 'utf8')).toBe(newer);
  });

  it('with a byte order mark from a Windows editor still reads', async () => {
    await fs.writeFile(file(), `\uFEFF${JSON.stringify({ version: 1, active: null, profiles: [], settings: { autoRefresh: true } })}`);
    expect(await store.getSettings()).toEqual({ autoRefresh: true });
  });
});

/**
 * Makes `dir` refuse new files. chmod does not stop root (these tests often run as root),
 * the immutable attribute does. The probe write proves the folder really refuses, so the
 * test cannot pass without exercising the failure.
 */
async function makeUnwritable(dir: string): Promise<() => Promise<void>> {
  let undo: () => Promise<void>;
  if (process.getuid?.() === 0) {
    execFileSync('chattr', ['+i', dir]);
    undo = async () => void execFileSync('chattr', ['-i', dir]);
  } else {
    await fs.chmod(dir, 0o500);
    undo = () => fs.chmod(dir, 0o700);
  }
  const probe = await fs.writeFile(path.join(dir, 'probe'), 'x').then(
    () => 'written',
    () => 'refused',
  );
  if (probe !== 'refused') {
    await undo();
    throw new Error(`could not make ${dir} unwritable for this test`);
  }
  return undo;
}

describe('an unwritable data folder', () => {
  it('fails the save with the folder and the remedy, and leaves the old file intact', async () => {
    await store.upsert(PROD);
    const before = await fileText();
    const undo = await makeUnwritable(home);
    try {
      const error = await store.upsert({ ...PROD, name: 'second' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProfileDataError);
      const { message, explanation, resolution } = error as ProfileDataError;
      expect(message).toContain(home);
      expect(explanation).toContain('not allowed to write');
      expect(explanation).toContain('Nothing was changed on disk.');
      expect(resolution).toContain('WIDGET_TOKEN_HOME');
      expect(await store.list()).toHaveLength(1);
    } finally {
      await undo();
    }
    expect(await fileText()).toBe(before);
    expect(await fs.readdir(home)).toEqual(['profiles.json']);
  });

  it('that is really a file is explained as such', async () => {
    const blocker = path.join(home, 'not-a-folder');
    await fs.writeFile(blocker, '');
    const inside = new ProfileStore({ dir: path.join(blocker, 'profiles') });
    expect(await inside.list().catch((e: unknown) => e)).toBeInstanceOf(ProfileDataError);
    const error = await inside.upsert(PROD).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProfileDataError);
    expect((error as ProfileDataError).explanation).toContain('is a file, not a folder');
    expect((error as ProfileDataError).message).toContain(path.join(blocker, 'profiles'));
  });

  it('where profiles.json is a folder is reported, not overwritten', async () => {
    await fs.mkdir(path.join(home, 'profiles.json'));
    const error = await store.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProfileDataError);
    expect((error as ProfileDataError).explanation).toContain('is a folder, not a file');
    await expect(store.upsert(PROD)).rejects.toThrow(ProfileDataError);
    expect((await fs.stat(path.join(home, 'profiles.json'))).isDirectory()).toBe(true);
  });
});

describe('the lock between writers', () => {
  it('is taken over when a crashed process left it behind', async () => {
    const lock = path.join(home, 'profiles.json.lock');
    await fs.writeFile(lock, 'host:4242:dead');
    const past = new Date(Date.now() - 60_000);
    await fs.utimes(lock, past, past);
    await store.upsert(PROD);
    expect(await store.list()).toHaveLength(1);
    expect(await fs.readdir(home)).toEqual(['profiles.json']);
  });

  it('held by a live writer makes a save wait, then give up with the lock file named', async () => {
    await store.upsert(PROD);
    const lock = path.join(home, 'profiles.json.lock');
    await fs.writeFile(lock, 'other-process');
    const impatient = new ProfileStore({ dir: home, lock: { timeoutMs: 300 } });
    const error = await impatient.upsert({ ...PROD, name: 'second' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProfileDataError);
    expect((error as ProfileDataError).resolution).toContain(lock);
    expect(await fs.readFile(lock, 'utf8')).toBe('other-process');
    expect(await store.list()).toHaveLength(1);
  });

  it('loses no change when many store instances save at once', async () => {
    const writers = Array.from({ length: 8 }, (_, w) => ({ w, store: new ProfileStore({ dir: home }) }));
    await Promise.all(
      writers.map(async ({ w, store: own }) => {
        for (let i = 0; i < 10; i += 1) await own.upsert({ name: `w${w}-p${i}`, baseUrl: 'https://example.com', appKey: `k${w}${i}` });
      }),
    );
    const names = (await store.list()).map((p) => p.name);
    expect(names).toHaveLength(80);
    expect(new Set(names).size).toBe(80);
    expect(await fs.readdir(home)).toEqual(['profiles.json']);
  });
});

describe('processes saving at the same moment (the app and the CLI)', () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  let buildDir: string;
  let worker: string;

  beforeAll(async () => {
    // Node cannot load TypeScript: the store is bundled once, as the CLI would be.
    buildDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wtd-store-build-'));
    await build({
      configFile: false,
      logLevel: 'silent',
      root: path.resolve(here, '../..'),
      build: {
        ssr: path.join(here, 'profile-store.ts'),
        outDir: buildDir,
        write: true,
        minify: false,
        target: 'node20',
        rolldownOptions: { output: { format: 'es', entryFileNames: 'profile-store.mjs' } },
      },
      ssr: { noExternal: true },
    });
    worker = path.join(buildDir, 'worker.mjs');
    await fs.writeFile(
      worker,
      [
        "import { ProfileStore } from './profile-store.mjs';",
        'const [dir, id] = process.argv.slice(2);',
        'const store = new ProfileStore({ dir });',
        'for (let i = 0; i < 10; i += 1) {',
        "  await store.upsert({ name: `proc${id}-p${i}`, baseUrl: 'https://example.com', appKey: `k${id}x${i}` });",
        '  if (i % 3 === 0) await store.setActive(`proc${id}-p${i}`);',
        '}',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    if (buildDir) await fs.rm(buildDir, { recursive: true, force: true });
  });

  it('keep every profile, and the file is valid JSON at every instant', async () => {
    const file = path.join(home, 'profiles.json');
    const reader = readJsonFileUntilStopped(file);
    let seen: JsonFileReads;
    try {
      await Promise.all(Array.from({ length: 8 }, (_, id) => run(process.execPath, [worker, home, String(id)], { timeout: 60_000 })));
    } finally {
      seen = await reader.stop();
    }

    const names = (await store.list()).map((p) => p.name).sort();
    const expected = Array.from({ length: 8 }, (_, id) => Array.from({ length: 10 }, (_, i) => `proc${id}-p${i}`)).flat().sort();
    expect(names).toEqual(expected);
    expect(await store.getActive()).toMatch(/^proc\d-p9$/);
    expect(seen.badReads).toEqual([]);
    expect(seen.reads).toBeGreaterThan(0);
    expect(await fs.readdir(home)).toEqual(['profiles.json']);
  }, 60_000);
});
