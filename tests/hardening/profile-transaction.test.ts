/**
 * A save of a profile's data and secrets is all or nothing across processes, with the
 * real keychain: a process SIGKILLed at each step of a save leaves, for the next process,
 * the old profile with its old secrets or the new one with the new (never a base URL with
 * another save's token), and the next locked operation finishes or undoes what was left;
 * eight `widget-token profile set` processes creating one new name at once all succeed
 * and leave one profile whose secrets come from one and the same process.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SecretChange } from '../../preload/contract';
import { createKeychainStore } from '../../main/core/keychain';
import { ProfileService, type ProfileSave, type ResolvedProfile } from '../../main/core/profile-service';
import { ProfileStore } from '../../main/core/profile-store';
import { bundleScript, type BundledScript } from './support/bundle';
import { buildCli, runCli, type BuiltCli } from './support/cli';

const SERVICE = `widget-token-desk-transaction-${randomUUID()}`;
const keychain = createKeychainStore({ service: SERVICE });
const here = path.dirname(fileURLToPath(import.meta.url));

let worker: BundledScript;
let cli: BuiltCli;
let home: string;

async function keytarApi() {
  const keytar = await import('keytar');
  return 'default' in keytar && keytar.default ? keytar.default : keytar;
}

async function accounts(): Promise<string[]> {
  return (await (await keytarApi()).findCredentials(SERVICE)).map((c) => c.account).sort();
}

async function clearKeychain(): Promise<void> {
  const api = await keytarApi();
  for (const { account } of await api.findCredentials(SERVICE)) await api.deletePassword(SERVICE, account);
}

beforeAll(async () => {
  [worker, cli] = await Promise.all([bundleScript(path.join(here, 'support/save-worker.ts')), buildCli()]);
}, 120_000);

afterAll(async () => {
  await worker?.remove();
  await cli?.remove();
  await clearKeychain();
});

beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'wtd-transaction-'));
  await clearKeychain();
});

afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

const replace = (value: string): SecretChange => ({ action: 'replace', value });

function request(name: string, tag: string, extra: Partial<ProfileSave> = {}): ProfileSave {
  return { name, baseUrl: `https://${tag}.example.com`, appKey: `key-${tag}`, appSecret: replace(`app-${tag}`), accessToken: replace(`access-${tag}`), ...extra };
}

/** "old" or "new" when the data and both secrets are all of one save, else what was mixed. */
function whose(resolved: ResolvedProfile): string {
  const tags = [/^https:\/\/(\w+)\./.exec(resolved.baseUrl)?.[1], resolved.appKey.replace('key-', ''), resolved.appSecret.replace('app-', ''), resolved.accessToken.replace('access-', '')];
  return new Set(tags).size === 1 ? (tags[0] ?? '?') : `mixed: ${tags.join(', ')}`;
}

/** Runs the worker until it pauses at `step` (then SIGKILLs it) or finishes; answers which. */
function saveAndKillAt(step: string, save: ProfileSave): Promise<'killed' | 'saved'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker.path, home, SERVICE, step, JSON.stringify(save)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the save worker neither paused at ${step} nor finished; stderr: ${stderr}`));
    }, 20_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes(`paused at ${step}`) && !killed) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (killed && signal === 'SIGKILL') resolve('killed');
      else if (code === 0 && stdout.includes('saved')) resolve('saved');
      else reject(new Error(`the save worker exited ${code ?? signal}: ${stderr}`));
    });
  });
}

describe('a save killed at each step', () => {
  const scenarios: readonly (readonly [string, ProfileSave, string, readonly string[]])[] = [
    ['an update', { ...request('shop', 'new'), originalName: 'shop' }, 'shop', ['staging', 'committed', 'applying', 'cleaning']],
    ['a rename', { ...request('shop two', 'new'), originalName: 'shop' }, 'shop two', ['staging', 'committed', 'deleting-old', 'applying', 'cleaning']],
  ];

  for (const [what, save, newName, steps] of scenarios) {
    it.each(steps)(`(${what}) at "%s" leaves old with old or new with new, and the next operation tidies up`, async (step) => {
      const store = new ProfileStore({ dir: home });
      const profiles = new ProfileService(store, keychain, { runningAt: () => null });
      await profiles.save(request('shop', 'old'));

      expect(await saveAndKillAt(step, save)).toBe('killed');

      // A fresh process, before anything tidies up: it sees one whole profile.
      const names = (await store.list()).map((p) => p.name);
      expect(names).toHaveLength(1);
      const expected = step === 'staging' ? { name: 'shop', whose: 'old' } : { name: newName, whose: 'new' };
      expect({ name: names[0], whose: whose(await profiles.resolveStored(names[0] ?? '')) }).toEqual(expected);
      const listed = (await profiles.state()).profiles.find((p) => p.name === expected.name);
      expect(listed).toMatchObject({ appSecretSet: true, accessTokenSet: true });

      // The next locked operation (here: choosing the profile) finishes or undoes the save.
      await profiles.select(expected.name);
      expect(JSON.parse(await fs.readFile(path.join(home, 'profiles.json'), 'utf8'))).not.toHaveProperty('pending');
      expect(whose(await profiles.resolveStored(expected.name))).toBe(expected.whose);
      expect(await accounts()).toEqual([`${expected.name}:access-token`, `${expected.name}:app-secret`]);
    }, 30_000);
  }
});

describe('eight `profile set` processes creating one new name at once', () => {
  it('all succeed and leave one profile with the data and secrets of one of them', async () => {
    const env = (i: number) => ({
      HOME: home,
      DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS ?? '',
      WIDGET_TOKEN_HOME: home,
      WIDGET_TOKEN_KEYCHAIN_SERVICE: SERVICE,
      WIDGET_TOKEN_APP_SECRET: `app-w${i}`,
      WIDGET_TOKEN_ACCESS_TOKEN: `access-w${i}`,
    });
    const runs = await Promise.all(
      Array.from({ length: 8 }, (_, i) => runCli(cli, ['profile', 'set', 'same', '--base-url', `https://w${i}.example.com`, '--app-key', `key-w${i}`], env(i))),
    );
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(runs.filter((run) => run.stdout.startsWith('Created profile "same"'))).toHaveLength(1);
    expect(runs.filter((run) => run.stdout.startsWith('Updated profile "same"'))).toHaveLength(7);

    const store = new ProfileStore({ dir: home });
    const profiles = new ProfileService(store, keychain, { runningAt: () => null });
    expect((await store.list()).map((p) => p.name)).toEqual(['same']);
    expect(whose(await profiles.resolveStored('same'))).toMatch(/^w[0-7]$/);
    expect(await accounts()).toEqual(['same:access-token', 'same:app-secret']);
  }, 60_000);
});
