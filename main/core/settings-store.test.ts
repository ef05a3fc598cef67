import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../common/default-settings';
import { ProfileDataError, ValidationError } from './errors';
import { ProfileStore } from './profile-store';
import { CorruptSettingsError, SettingsStore } from './settings-store';

let home: string;
let store: SettingsStore;

beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'wtd-settings-'));
  const profiles = new ProfileStore({ dir: home });
  store = new SettingsStore({ dir: home, legacy: () => profiles.getSettings() });
});

afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

const settingsFile = () => path.join(home, 'settings.json');

describe('settings.json', () => {
  it('starts from the defaults and creates nothing by reading', async () => {
    expect(await store.read()).toEqual({ autoRefresh: false, clipboardClearSeconds: 90, globalShortcut: 'CommandOrControl+Alt+Shift+T', presentationMode: false, keepInTray: false });
    expect(await fs.readdir(home)).toEqual([]);
  });

  it('keeps what it is not given, and survives a new store on the same folder', async () => {
    await store.save({ presentationMode: true });
    const saved = await store.save({ globalShortcut: null, clipboardClearSeconds: 0 });
    expect(saved).toEqual({ ...DEFAULT_SETTINGS, presentationMode: true, globalShortcut: null, clipboardClearSeconds: 0 });
    expect(await new SettingsStore({ dir: home }).read()).toEqual(saved);
    const json: unknown = JSON.parse(await fs.readFile(settingsFile(), 'utf8'));
    expect(json).toEqual({ version: 1, ...saved });
    if (process.platform !== 'win32') expect((await fs.stat(settingsFile())).mode & 0o777).toBe(0o600);
  });

  it('takes autoRefresh from an older profiles.json while settings.json is absent, then keeps its own', async () => {
    await fs.writeFile(path.join(home, 'profiles.json'), JSON.stringify({ version: 1, active: null, profiles: [], settings: { autoRefresh: true } }));
    expect((await store.read()).autoRefresh).toBe(true);
    await store.save({ keepInTray: true });
    expect(await store.read()).toEqual({ ...DEFAULT_SETTINGS, autoRefresh: true, keepInTray: true });
    // profiles.json is not rewritten: its old key stays valid there.
    expect(JSON.parse(await fs.readFile(path.join(home, 'profiles.json'), 'utf8')).settings).toEqual({ autoRefresh: true });
  });

  it('uses the defaults when the old profiles.json is damaged', async () => {
    await fs.writeFile(path.join(home, 'profiles.json'), '{ nope');
    expect(await store.read()).toEqual(DEFAULT_SETTINGS);
  });

  it('refuses invalid values with the field named, and writes nothing', async () => {
    for (const change of [{ clipboardClearSeconds: -1 }, { clipboardClearSeconds: 1.5 }, { globalShortcut: 'T' }, { globalShortcut: 'Ctrl+Alt+Banana' }, { token: 'x' }]) {
      const error = await store.save(change as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
    }
    const error = (await store.save({ globalShortcut: 'T' }).catch((e: unknown) => e)) as ValidationError;
    expect(error.explanation).toMatch(/^globalShortcut: A global shortcut needs at least one modifier/);
    await expect(fs.access(settingsFile())).rejects.toThrow();
  });

  it('tells the shell about each save', async () => {
    const seen: boolean[] = [];
    const stop = store.onSaved((settings) => seen.push(settings.presentationMode));
    await store.save({ presentationMode: true });
    stop();
    await store.save({ presentationMode: false });
    expect(seen).toEqual([true]);
  });
});

describe('a damaged settings.json', () => {
  it('is reported by position, never quoting its content, and kept byte for byte', async () => {
    const text = '{\n  "version": 1,\n  "autoRefresh": tru-secret-looking-text\n}\n';
    await fs.writeFile(settingsFile(), text);
    const error = (await store.read().catch((e: unknown) => e)) as CorruptSettingsError;
    expect(error).toBeInstanceOf(CorruptSettingsError);
    expect(error).toBeInstanceOf(ProfileDataError);
    expect(error.explanation).toMatch(/line 3, column \d+/);
    expect(`${error.message} ${error.explanation} ${error.resolution}`).not.toContain('secret-looking');
    await expect(store.save({ keepInTray: true })).rejects.toBeInstanceOf(CorruptSettingsError);
    expect(await fs.readFile(settingsFile(), 'utf8')).toBe(text);
  });

  it('says a key does not belong without naming it or its value (a token pasted in by hand may be either)', async () => {
    await fs.writeFile(settingsFile(), JSON.stringify({ version: 1, 'pasted-token-key': 'abc' }));
    const error = (await store.read().catch((e: unknown) => e)) as CorruptSettingsError;
    expect(error.explanation).toContain('a field the format does not have');
    expect(error.explanation).not.toContain('pasted-token-key');
    expect(error.explanation).not.toContain('abc');
  });

  it('is not read when it is a folder or far too big', async () => {
    await fs.mkdir(settingsFile());
    await expect(store.read()).rejects.toMatchObject({ explanation: expect.stringMatching(/^It is not a regular file/) });
    await fs.rmdir(settingsFile());
    await fs.writeFile(settingsFile(), ' '.repeat(100 * 1024));
    await expect(store.read()).rejects.toBeInstanceOf(CorruptSettingsError);
  });

  it('fills missing fields with the defaults (a file from an older version)', async () => {
    await fs.writeFile(settingsFile(), '{"version":1,"presentationMode":true}');
    expect(await store.read()).toEqual({ ...DEFAULT_SETTINGS, presentationMode: true });
  });
});
