/**
 * The app's settings: settings.json beside profiles.json, in the same data folder. Written
 * atomically; a file that does not pass the schema is reported (by position, never quoting
 * its content) and kept byte for byte, never saved over, like profiles.json. It never holds
 * a token or a secret: the schema is strict, so a key it does not know makes it invalid.
 *
 * Before settings.json existed, profiles.json carried `settings.autoRefresh`: while
 * settings.json is absent that value is read from there, and the first save moves it here.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { acceleratorProblem } from '../../common/accelerator';
import { DEFAULT_SETTINGS } from '../../common/default-settings';
import type { Settings, SettingsChange } from '../../preload/contract';
import { writeFileAtomic } from './atomic-write';
import { errorCode, ProfileDataError, ValidationError } from './errors';
import { describeJsonBreak } from './json-position';
import { describeIssues, type LegacySettings } from './profile-store';

export const SETTINGS_FILE = 'settings.json';
export const SETTINGS_FILE_VERSION = 1;
/** A day: longer than anyone keeps a five-minute token, short enough to stay a number a timer takes. */
export const MAX_CLIPBOARD_CLEAR_SECONDS = 86_400;
/** Far more than the file ever needs; a bigger file is not ours and is not read into memory. */
const MAX_FILE_BYTES = 64 * 1024;

const shortcut = z
  .string()
  .nullable()
  .superRefine((value, ctx) => {
    const problem = value === null ? null : acceleratorProblem(value);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem.replace(/\.$/, '') });
  });

const fields = {
  autoRefresh: z.boolean(),
  clipboardClearSeconds: z.number().int().min(0).max(MAX_CLIPBOARD_CLEAR_SECONDS),
  globalShortcut: shortcut,
  presentationMode: z.boolean(),
  keepInTray: z.boolean(),
};

/** A change sent over the bridge: any of the fields, nothing else. */
export const settingsChangeSchema: z.ZodType<SettingsChange> = z.strictObject(fields).partial();

// Every field may be missing (a hand-written file with only one line, a file from a version
// with fewer settings): the default stands in for it.
const fileSchema = z.strictObject({
  version: z.literal(SETTINGS_FILE_VERSION),
  autoRefresh: fields.autoRefresh.default(DEFAULT_SETTINGS.autoRefresh),
  clipboardClearSeconds: fields.clipboardClearSeconds.default(DEFAULT_SETTINGS.clipboardClearSeconds),
  globalShortcut: fields.globalShortcut.default(DEFAULT_SETTINGS.globalShortcut),
  presentationMode: fields.presentationMode.default(DEFAULT_SETTINGS.presentationMode),
  keepInTray: fields.keepInTray.default(DEFAULT_SETTINGS.keepInTray),
});

/** settings.json exists but is not valid. */
export class CorruptSettingsError extends ProfileDataError {
  constructor(
    readonly filePath: string,
    readonly problem: string,
  ) {
    super(
      `The settings file ${filePath} is damaged.`,
      `${problem}. The file is kept as it is, and no setting is saved over it; the defaults apply meanwhile.`,
      `Fix the file in a text editor, or delete it to go back to the default settings. Profiles and secrets are not affected.`,
    );
  }
}

export interface SettingsStoreOptions {
  readonly dir: string;
  /** The old place of autoRefresh (profiles.json), read while settings.json is absent. */
  readonly legacy?: () => Promise<LegacySettings>;
}

export class SettingsStore {
  readonly filePath: string;
  private readonly listeners = new Set<(settings: Settings) => void>();

  constructor(private readonly options: SettingsStoreOptions) {
    this.filePath = path.join(options.dir, SETTINGS_FILE);
  }

  async read(): Promise<Settings> {
    const text = await this.readText();
    if (text === null) return this.migrated();
    return this.parse(text);
  }

  /** Changes the given fields, keeps the others; refuses to write over a damaged file. */
  async save(change: SettingsChange): Promise<Settings> {
    const parsed = settingsChangeSchema.safeParse(change);
    if (!parsed.success) {
      throw new ValidationError('The settings are not valid.', describeIssues(parsed.error.issues), 'Correct the marked setting and save again.');
    }
    const settings: Settings = { ...(await this.read()), ...parsed.data };
    try {
      await fs.mkdir(this.options.dir, { recursive: true, mode: 0o700 });
      await writeFileAtomic(this.filePath, serialize(settings));
    } catch (error) {
      throw this.unsaved(error);
    }
    for (const listener of this.listeners) listener(settings);
    return settings;
  }

  /** Called after each save with the settings saved (the desktop shell applies them); returns the unsubscribe. */
  onSaved(listener: (settings: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async migrated(): Promise<Settings> {
    if (this.options.legacy === undefined) return DEFAULT_SETTINGS;
    try {
      const legacy = await this.options.legacy();
      return { ...DEFAULT_SETTINGS, autoRefresh: legacy.autoRefresh };
    } catch {
      // A damaged profiles.json is reported where profiles are shown; the settings need not fail with it.
      return DEFAULT_SETTINGS;
    }
  }

  /** The file's text, or null when there is none; only a regular file of sane size is read. */
  private async readText(): Promise<string | null> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(this.filePath, 'r');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return null;
      throw this.unreadable(error);
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new CorruptSettingsError(this.filePath, 'It is not a regular file');
      if (stat.size > MAX_FILE_BYTES) throw new CorruptSettingsError(this.filePath, `It is ${stat.size} bytes long; a settings file is under ${MAX_FILE_BYTES}`);
      return await handle.readFile('utf8');
    } catch (error) {
      if (error instanceof CorruptSettingsError) throw error;
      throw this.unreadable(error);
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  private parse(text: string): Settings {
    let json: unknown;
    const body = text.replace(/^\uFEFF/, '');
    try {
      json = JSON.parse(body);
    } catch {
      throw new CorruptSettingsError(this.filePath, body.trim() === '' ? 'The file is empty' : `It is not valid JSON (${describeJsonBreak(body)})`);
    }
    const result = fileSchema.safeParse(json);
    if (!result.success) throw new CorruptSettingsError(this.filePath, `It does not have the expected content: ${describeIssues(result.error.issues)}`);
    const { autoRefresh, clipboardClearSeconds, globalShortcut, presentationMode, keepInTray } = result.data;
    return { autoRefresh, clipboardClearSeconds, globalShortcut, presentationMode, keepInTray };
  }

  /** The same words as the profiles' own failures, so a full disk reads the same for both files. */
  private unsaved(error: unknown): ProfileDataError {
    const { dir } = this.options;
    const message = `The settings could not be saved in ${dir}.`;
    const code = errorCode(error);
    switch (code) {
      case 'ENOSPC':
      case 'EDQUOT':
        return new ProfileDataError(message, 'The disk is full (or your disk quota is used up). Nothing was changed on disk.', `Free some space on the disk that holds ${dir} and try again.`);
      case 'EACCES':
      case 'EPERM':
      case 'EROFS':
        return new ProfileDataError(message, `Your user cannot write there (${code}). Nothing was changed on disk.`, `Give your user access to ${dir}, or set WIDGET_TOKEN_HOME to a folder you can write to.`);
      default:
        return new ProfileDataError(
          message,
          `The system reported ${code ?? 'an error'}. Nothing was changed on disk.`,
          `Check that ${dir} is a folder on a working disk that you can write to, or set WIDGET_TOKEN_HOME to one.`,
        );
    }
  }

  private unreadable(error: unknown): ProfileDataError {
    return new ProfileDataError(
      `The settings file ${this.filePath} could not be read.`,
      `The system reported ${errorCode(error) ?? 'an error'}.`,
      `Give your user access to ${this.options.dir}, or set WIDGET_TOKEN_HOME to a folder you can write to.`,
    );
  }
}

function serialize(settings: Settings): string {
  // Field by field: whatever else an object might carry never reaches the disk.
  const file = {
    version: SETTINGS_FILE_VERSION,
    autoRefresh: settings.autoRefresh,
    clipboardClearSeconds: settings.clipboardClearSeconds,
    globalShortcut: settings.globalShortcut,
    presentationMode: settings.presentationMode,
    keepInTray: settings.keepInTray,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}
