/**
 * The non-secret profile data: one JSON file, profiles.json, in the data folder shared by
 * the desktop app and the CLI. Every change is a read-modify-write under a lock file, so
 * two processes saving at once both keep their change, and every write is atomic, so a
 * crash never leaves half a file. A file that does not pass the schema is reported and
 * kept byte for byte; nothing is written over it until the user fixes or moves it.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AUTH_REGIONS, SANDBOX_PROFILE, type AuthorizationFacts, type Settings } from '../../preload/contract';
import { writeFileAtomic } from './atomic-write';
import { dataDir } from './data-dir';
import { AppError, errorCode, NotFoundError, ProfileDataError, ValidationError } from './errors';
import { LockTimeoutError, withFileLock, type FileLockOptions } from './file-lock';
import { sameName, validateProfile, type Profile, type ProfileInput } from './profile';

export const PROFILES_FILE = 'profiles.json';
export const PROFILES_FILE_VERSION = 1;
export const DEFAULT_SETTINGS: Settings = { autoRefresh: false };

export interface ProfilesData {
  /** The profile last chosen in the app or CLI: a stored profile, `sandbox`, or none. */
  readonly active: string | null;
  readonly profiles: readonly Profile[];
  readonly settings: Settings;
}

export type { ProfileInput } from './profile';

/** profiles.json exists but is not valid: the app's button and `widget-token profile repair` run quarantineCorrupt(). */
export class CorruptProfilesError extends ProfileDataError {
  constructor(
    readonly filePath: string,
    readonly problem: string,
  ) {
    super(
      `The profiles file ${filePath} is damaged.`,
      `${problem}. The file is kept as it is, and no profile is saved over it.`,
      `Fix the file in a text editor, or move it aside to start with no profiles: run \`widget-token profile repair\`, or press "Move damaged file aside" in the app; either renames it to ${path.basename(filePath)}.corrupt-<time>. Secrets in the keychain are not affected.`,
    );
  }
}

const settingsSchema = z.strictObject({ autoRefresh: z.boolean() });

// Strict objects: an unknown key (an "appSecret" pasted in by hand, say) makes the file
// invalid instead of being carried along or silently dropped.
const unixSeconds = z.number().int().nonnegative().max(1e11);
const authorizationSchema = z.strictObject({
  accessTokenExpiresAt: unixSeconds,
  refreshTokenExpiresAt: unixSeconds,
  sellerName: z.string().max(1024),
  sellerBaseRegion: z.string().max(64),
  openId: z.string().max(1024),
  userType: z.number().int().optional(),
  grantedScopes: z.array(z.string().max(256)).max(512),
  obtainedAt: unixSeconds,
});
const profileSchema = z
  .strictObject({
    name: z.string(),
    baseUrl: z.string(),
    appKey: z.string(),
    version: z.string().optional(),
    serviceId: z.string().optional(),
    authRegion: z.enum(AUTH_REGIONS).optional(),
    authBaseUrl: z.string().optional(),
    shopId: z.string().optional(),
    shopRegion: z.string().optional(),
    authorization: authorizationSchema.optional(),
    authState: z.string().regex(/^[A-Za-z0-9_-]{8,128}$/).optional(),
  })
  .superRefine((profile, ctx) => {
    try {
      validateProfile(profile);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message.replace(/\.$/, '') });
    }
  });

const fileSchema = z
  .strictObject({
    version: z.literal(PROFILES_FILE_VERSION),
    active: z.string().nullable().default(null),
    profiles: z.array(profileSchema).default([]),
    settings: settingsSchema.default(DEFAULT_SETTINGS),
  })
  .superRefine((file, ctx) => {
    file.profiles.forEach((profile, index) => {
      const first = file.profiles.findIndex((other) => sameName(other.name, profile.name));
      if (first !== index) {
        ctx.addIssue({ code: 'custom', path: ['profiles', index, 'name'], message: `"${profile.name}" is a second profile with the name of profiles[${first}]` });
      }
    });
  });

const EMPTY: ProfilesData = { active: null, profiles: [], settings: DEFAULT_SETTINGS };

export interface ProfileStoreOptions {
  /** Defaults to dataDir(): WIDGET_TOKEN_HOME, else the app's userData folder. */
  readonly dir?: string;
  readonly lock?: FileLockOptions;
}

export class ProfileStore {
  readonly dir: string;
  readonly filePath: string;
  private readonly lockPath: string;
  private readonly lockOptions: FileLockOptions;

  constructor(options: ProfileStoreOptions = {}) {
    this.dir = options.dir ?? dataDir();
    this.filePath = path.join(this.dir, PROFILES_FILE);
    this.lockPath = `${this.filePath}.lock`;
    this.lockOptions = options.lock ?? {};
  }

  /** Everything in the file, read once; a missing file is an empty store. */
  async read(): Promise<ProfilesData> {
    let text: string;
    try {
      text = await fs.readFile(this.filePath, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return EMPTY;
      throw this.storageError(error, 'read');
    }
    return this.parse(text);
  }

  async list(): Promise<readonly Profile[]> {
    return (await this.read()).profiles;
  }

  /** Names match ignoring case; the result carries the stored spelling. */
  async get(name: string): Promise<Profile | null> {
    return (await this.read()).profiles.find((profile) => sameName(profile.name, name.trim())) ?? null;
  }

  /**
   * Creates or updates a profile and returns it as stored. With `originalName` it edits
   * that profile, renaming it when the name changed; without, a profile of the same name
   * is updated and keeps its stored spelling (its keychain entries are filed under it).
   */
  async upsert(input: ProfileInput, originalName?: string): Promise<Profile> {
    const profile = validateProfile(input);
    return this.update((data) => {
      const profiles = [...data.profiles];
      const existing = profiles.findIndex((p) => sameName(p.name, originalName ?? profile.name));
      if (originalName !== undefined && existing === -1) throw notFound(originalName);
      const clash = profiles.findIndex((p, index) => index !== existing && sameName(p.name, profile.name));
      if (clash !== -1) {
        const taken = profiles[clash]?.name ?? profile.name;
        throw new ValidationError(
          `A profile named "${taken}" already exists.`,
          'Profile names are unique, ignoring case, because the keychain files secrets under the name.',
          'Choose another name, or edit that profile instead.',
        );
      }
      let stored = profile;
      let active = data.active;
      if (existing === -1) {
        profiles.push(stored);
      } else {
        const before = profiles[existing] as Profile;
        // What the user does not type survives an edit: the seller's authorization and a pending link's state.
        stored = { ...profile, ...carriedOver(before) };
        if (originalName === undefined) stored = { ...stored, name: before.name };
        profiles[existing] = stored;
        if (active !== null && sameName(active, before.name)) active = stored.name;
      }
      return { data: { ...data, active, profiles }, result: stored };
    });
  }

  /** Removes the profile and returns it (its stored name is what its keychain entries use). */
  async remove(name: string): Promise<Profile> {
    return this.update((data) => {
      const removed = data.profiles.find((p) => sameName(p.name, name.trim()));
      if (!removed) throw notFound(name);
      const active = data.active !== null && sameName(data.active, removed.name) ? null : data.active;
      return { data: { ...data, active, profiles: data.profiles.filter((p) => p !== removed) }, result: removed };
    });
  }

  /** The last chosen profile if it still exists (or is `sandbox`), else null. */
  async getActive(): Promise<string | null> {
    const data = await this.read();
    return resolveName(data, data.active);
  }

  /** Records the chosen profile (a stored one or `sandbox`); null forgets the choice. */
  async setActive(name: string | null): Promise<string | null> {
    return this.update((data) => {
      const active = name === null ? null : resolveName(data, name);
      if (name !== null && active === null) throw notFound(name);
      return { data: { ...data, active }, result: active };
    });
  }

  /** The facts of a code exchange or refresh; the pending link's state is spent with it. */
  async setAuthorization(name: string, authorization: AuthorizationFacts): Promise<Profile> {
    return this.patch(name, (profile) => ({ ...without(profile, 'authState'), authorization }));
  }

  /** Remembers the `state` of the profile's newest authorization link; null forgets it. */
  async setAuthState(name: string, state: string | null): Promise<Profile> {
    return this.patch(name, (profile) => (state === null ? without(profile, 'authState') : { ...profile, authState: state }));
  }

  /** The shop the widget checks and the widget-kit config use. */
  async chooseShop(name: string, shopId: string, shopRegion: string): Promise<Profile> {
    return this.patch(name, (profile) => {
      const rest = without(profile, 'shopId', 'shopRegion');
      // Checked like a typed field: digits only, a short region code (upper-cased).
      return { ...rest, ...pickShop(validateProfile({ ...rest, shopId, shopRegion })) };
    });
  }

  private async patch(name: string, change: (profile: Profile) => Profile): Promise<Profile> {
    return this.update((data) => {
      const index = data.profiles.findIndex((p) => sameName(p.name, name.trim()));
      const before = data.profiles[index];
      if (before === undefined) throw notFound(name);
      const after = change(before);
      const profiles = data.profiles.map((p, i) => (i === index ? after : p));
      return { data: { ...data, profiles }, result: after };
    });
  }

  async getSettings(): Promise<Settings> {
    return (await this.read()).settings;
  }

  async saveSettings(settings: Settings): Promise<Settings> {
    const parsed = settingsSchema.safeParse(settings);
    if (!parsed.success) {
      throw new ValidationError('The settings are not valid.', describeIssues(parsed.error.issues), 'Send { "autoRefresh": true | false }.');
    }
    return this.update((data) => ({ data: { ...data, settings: parsed.data }, result: parsed.data }));
  }

  /**
   * Moves a damaged profiles.json aside as profiles.json.corrupt-<time> so the store
   * starts empty; returns the new path, or null when the file was missing or valid.
   */
  async quarantineCorrupt(): Promise<string | null> {
    return this.locked(async () => {
      try {
        await this.read();
        return null;
      } catch (error) {
        if (!(error instanceof CorruptProfilesError)) throw error;
      }
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      let target = `${this.filePath}.corrupt-${stamp}`;
      for (let n = 2; await exists(target); n += 1) target = `${this.filePath}.corrupt-${stamp}-${n}`;
      try {
        await fs.rename(this.filePath, target);
      } catch (error) {
        throw this.storageError(error, 'write');
      }
      return target;
    });
  }

  private async update<T>(change: (data: ProfilesData) => { data: ProfilesData; result: T }): Promise<T> {
    return this.locked(async () => {
      // Read inside the lock: a change another process saved a moment ago is kept.
      const { data, result } = change(await this.read());
      try {
        await writeFileAtomic(this.filePath, serialize(data));
      } catch (error) {
        throw this.storageError(error, 'write');
      }
      return result;
    });
  }

  private async locked<T>(task: () => Promise<T>): Promise<T> {
    try {
      await fs.mkdir(this.dir, { recursive: true });
      return await withFileLock(this.lockPath, task, this.lockOptions);
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof LockTimeoutError) {
        throw new ProfileDataError(
          'The profiles are being saved by another Widget Token Desk process.',
          `The lock file ${this.lockPath} stayed in place longer than expected. Nothing was changed.`,
          `Try again. If no other Widget Token Desk window or widget-token command is running, delete ${this.lockPath}.`,
        );
      }
      // Only file system failures are explained here; anything else is a bug to surface as is.
      if (errorCode(error) === undefined) throw error;
      throw this.storageError(error, 'write');
    }
  }

  private parse(text: string): ProfilesData {
    let json: unknown;
    try {
      // A byte order mark is what some Windows editors put in front of a hand-edited file.
      json = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      throw new CorruptProfilesError(this.filePath, text.trim() === '' ? 'The file is empty' : `It is not valid JSON (${describeJsonError(error, text)})`);
    }
    const version = typeof json === 'object' && json !== null && 'version' in json ? json.version : undefined;
    if (typeof version === 'number' && version > PROFILES_FILE_VERSION) {
      throw new ProfileDataError(
        `The profiles file ${this.filePath} was written by a newer Widget Token Desk.`,
        `It has format version ${version}; this version reads format ${PROFILES_FILE_VERSION} only. The file is kept as it is.`,
        'Update Widget Token Desk (the desktop app and the widget-token command) to the newest version.',
      );
    }
    const result = fileSchema.safeParse(json);
    if (!result.success) throw new CorruptProfilesError(this.filePath, `It does not have the expected content: ${describeIssues(result.error.issues)}`);
    return result.data;
  }

  /** File system failures, in words, with the remedy; the old file is intact in every case. */
  private storageError(error: unknown, action: 'read' | 'write'): ProfileDataError {
    const code = errorCode(error);
    const message = action === 'read' ? `The profiles file ${this.filePath} could not be read.` : `The profiles could not be saved in ${this.dir}.`;
    const unchanged = action === 'write' ? ' Nothing was changed on disk.' : '';
    const elsewhere = 'or set WIDGET_TOKEN_HOME to a folder you can write to.';
    switch (code) {
      case 'ENOSPC':
      case 'EDQUOT':
        return new ProfileDataError(message, `The disk is full (or your disk quota is used up).${unchanged}`, `Free some space on the disk that holds ${this.dir} and try again.`);
      case 'EACCES':
      case 'EPERM':
        return new ProfileDataError(
          message,
          `Your user is not allowed to ${action} there (${code}).${unchanged}`,
          `Give your user access to ${this.dir} (for example \`sudo chown -R "$USER" "${this.dir}"\`), ${elsewhere}`,
        );
      case 'EROFS':
        return new ProfileDataError(message, `${this.dir} is on a read-only file system.${unchanged}`, `Remount the disk read-write, ${elsewhere}`);
      case 'ENOTDIR':
      case 'EEXIST':
        return new ProfileDataError(message, `Part of the path ${this.dir} is a file, not a folder.${unchanged}`, `Move that file out of the way, ${elsewhere}`);
      case 'EISDIR':
        return new ProfileDataError(message, `${this.filePath} is a folder, not a file.${unchanged}`, `Move that folder out of the way, ${elsewhere}`);
      default:
        return new ProfileDataError(
          message,
          `The system reported ${code ?? 'an error'}${error instanceof Error ? `: ${error.message}` : ''}.${unchanged}`,
          `Check that ${this.dir} is a folder on a working disk that you can write to, ${elsewhere}`,
        );
    }
  }
}

function resolveName(data: ProfilesData, name: string | null): string | null {
  if (name === null) return null;
  if (sameName(name.trim(), SANDBOX_PROFILE)) return SANDBOX_PROFILE;
  return data.profiles.find((p) => sameName(p.name, name.trim()))?.name ?? null;
}

function notFound(name: string): NotFoundError {
  return new NotFoundError(
    `There is no profile named "${name.trim()}".`,
    'Only saved profiles and the built-in "sandbox" profile can be used.',
    'Check the name against the profile list (`widget-token profile list`), or create the profile first.',
  );
}

type OptionalKey = 'authState' | 'shopId' | 'shopRegion';

/** A copy of the profile without the given optional fields. */
function without(profile: Profile, ...keys: OptionalKey[]): Profile {
  const copy: { -readonly [K in keyof Profile]: Profile[K] } = { ...profile };
  if (keys.includes('authState')) delete copy.authState;
  if (keys.includes('shopId')) delete copy.shopId;
  if (keys.includes('shopRegion')) delete copy.shopRegion;
  return copy;
}

function pickShop(profile: Profile): Pick<Profile, 'shopId' | 'shopRegion'> {
  return {
    ...(profile.shopId === undefined ? {} : { shopId: profile.shopId }),
    ...(profile.shopRegion === undefined ? {} : { shopRegion: profile.shopRegion }),
  };
}

function carriedOver(profile: Profile): Pick<Profile, 'authorization' | 'authState'> {
  return {
    ...(profile.authorization === undefined ? {} : { authorization: profile.authorization }),
    ...(profile.authState === undefined ? {} : { authState: profile.authState }),
  };
}

/** Field by field: whatever else an object might carry (a secret, say) never reaches the disk. */
function serializeProfile(profile: Profile): Profile {
  const { name, baseUrl, appKey, version, serviceId, authRegion, authBaseUrl, shopId, shopRegion, authorization, authState } = profile;
  return {
    name,
    baseUrl,
    appKey,
    ...(version === undefined ? {} : { version }),
    ...(serviceId === undefined ? {} : { serviceId }),
    ...(authRegion === undefined ? {} : { authRegion }),
    ...(authBaseUrl === undefined ? {} : { authBaseUrl }),
    ...(shopId === undefined ? {} : { shopId }),
    ...(shopRegion === undefined ? {} : { shopRegion }),
    ...(authorization === undefined ? {} : { authorization: serializeAuthorization(authorization) }),
    ...(authState === undefined ? {} : { authState }),
  };
}

function serializeAuthorization(facts: AuthorizationFacts): AuthorizationFacts {
  const { accessTokenExpiresAt, refreshTokenExpiresAt, sellerName, sellerBaseRegion, openId, userType, grantedScopes, obtainedAt } = facts;
  return {
    accessTokenExpiresAt,
    refreshTokenExpiresAt,
    sellerName,
    sellerBaseRegion,
    openId,
    ...(userType === undefined ? {} : { userType }),
    grantedScopes: [...grantedScopes],
    obtainedAt,
  };
}

function serialize(data: ProfilesData): string {
  const file = {
    version: PROFILES_FILE_VERSION,
    active: data.active,
    profiles: data.profiles.map(serializeProfile),
    settings: { autoRefresh: data.settings.autoRefresh },
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 5).map((issue) => {
    const where = issue.path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
    return where ? `${where}: ${issue.message}` : issue.message;
  });
  if (issues.length > shown.length) shown.push(`and ${issues.length - shown.length} more`);
  return shown.join('; ');
}

/** Where the JSON breaks, as line and column; V8's own message would quote the file's content. */
function describeJsonError(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : '';
  const position = /position (\d+)/.exec(message)?.[1];
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  const what = message.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '').replace(/ \(line \d+ column \d+\)$/, '');
  if (lineColumn) return `${what} at line ${lineColumn[1]}, column ${lineColumn[2]}`;
  if (position === undefined) return what;
  const before = text.replace(/^\uFEFF/, '').slice(0, Number(position)).split('\n');
  return `${what} at line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
