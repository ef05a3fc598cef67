/**
 * Names that look alike are one name: on Windows, Credential Manager folds case with
 * upper-case rules, so two profiles whose names fold together would share keychain
 * entries there. Every comparison (lookups, duplicates, the reserved name, the active
 * profile) goes through nameKey().
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from './errors';
import { createMemorySecretStore } from './memory-secret-store';
import { nameKey, validateProfileName } from './profile';
import { ProfileService } from './profile-service';
import { CorruptProfilesError, ProfileStore } from './profile-store';

const BASE = { baseUrl: 'https://open-api.tiktokglobalshop.com', appKey: 'key1' };

/** Pairs a user reads as one name, and which Windows (or NFKC) treats as one. */
const ALIKE: readonly (readonly [string, string])[] = [
  ['shopς', 'SHOPΣ'],
  ['shopσ', 'shopς'],
  ['ıd eu', 'ID EU'],
  ['id eu', 'Id eu'],
  ['straße', 'STRASSE'],
  ['\u212Aey shop', 'key shop'],
  ['ｓｈｏｐ１', 'shop1'],
];

let home: string;
let store: ProfileStore;

beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'wtd-names-'));
  store = new ProfileStore({ dir: home });
});

afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

describe('nameKey', () => {
  it.each(ALIKE)('makes "%s" and "%s" one name', (a, b) => {
    expect(nameKey(a)).toBe(nameKey(b));
  });

  it('keeps names that differ apart', () => {
    expect(nameKey('shop eu')).not.toBe(nameKey('shop us'));
    expect(nameKey('shop')).not.toBe(nameKey('shop eu'));
  });

  it('is stable: a key is its own key', () => {
    for (const [a] of ALIKE) expect(nameKey(nameKey(a))).toBe(nameKey(a));
  });
});

describe('the reserved name', () => {
  it.each(['ｓａｎｄｂｏｘ', 'SANDBOX', 'ＳＡＮＤＢＯＸ'])('is refused as "%s"', (name) => {
    expect(() => validateProfileName(name)).toThrow(ValidationError);
    expect(() => validateProfileName(name)).toThrow('is reserved');
  });

  it('is the active profile whichever way it is written', async () => {
    expect(await store.setActive('ｓａｎｄｂｏｘ')).toBe('sandbox');
    expect(await store.getActive()).toBe('sandbox');
  });
});

describe('the profile store', () => {
  it.each(ALIKE)('saving "%s" then "%s" updates one profile under its first spelling', async (first, second) => {
    await store.upsert({ ...BASE, name: first });
    const updated = await store.upsert({ ...BASE, name: second, appKey: 'key2' });
    expect(updated.name).toBe(first.normalize('NFC'));
    expect(await store.list()).toEqual([{ ...BASE, name: first.normalize('NFC'), appKey: 'key2' }]);
    expect((await store.get(second))?.name).toBe(first.normalize('NFC'));
  });

  it.each(ALIKE)('refuses to rename another profile to "%s" while "%s" exists', async (taken, alike) => {
    await store.upsert({ ...BASE, name: taken });
    await store.upsert({ ...BASE, name: 'other' });
    await expect(store.upsert({ ...BASE, name: alike }, 'other')).rejects.toThrow('already exists');
  });

  it('follows a renamed active profile and forgets a removed one, by its folded name', async () => {
    await store.upsert({ ...BASE, name: 'straße' });
    await store.setActive('STRASSE');
    expect(await store.getActive()).toBe('straße');
    await store.remove('STRASSE');
    expect(await store.getActive()).toBeNull();
  });

  it('answers the active profile written in another form (a hand-edited file) by its stored name', async () => {
    const file = { version: 1, active: 'STRASSE', profiles: [{ ...BASE, name: 'straße' }] };
    await fs.writeFile(path.join(home, 'profiles.json'), JSON.stringify(file));
    const state = await new ProfileService(store, createMemorySecretStore(), { runningAt: () => null }).state();
    expect(state.active).toBe('straße');
    await fs.writeFile(path.join(home, 'profiles.json'), JSON.stringify({ ...file, active: 'ｓａｎｄｂｏｘ' }));
    expect((await new ProfileService(store, createMemorySecretStore(), { runningAt: () => null }).state()).active).toBe('sandbox');
  });

  it('reports a file that holds two names that fold together as damaged', async () => {
    const file = {
      version: 1,
      active: null,
      profiles: [
        { ...BASE, name: 'ıd eu' },
        { ...BASE, name: 'ID EU' },
      ],
    };
    await fs.writeFile(path.join(home, 'profiles.json'), JSON.stringify(file));
    const error = await store.read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptProfilesError);
    expect((error as CorruptProfilesError).explanation).toContain('profiles[1].name');
  });
});
