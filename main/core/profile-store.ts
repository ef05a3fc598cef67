/**
 * The non-secret profile data: one JSON file, profiles.json, in the data folder shared by
 * the desktop app and the CLI. Every change is a read-modify-write under a lock file, so
 * two processes saving at once both keep their change, and every write is atomic, so a
 * crash never leaves half a file. A file that does not pass the schema is reported and
 * kept byte for byte; nothing is written over it until the user fixes or moves it.
 */
import { constants as fsConstants, type Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AUTH_REGIONS, SANDBOX_PROFILE, type AuthorizationFacts } from '../../preload/contract';
import { writeFileAtomic } from './atomic-write';
import { dataDir } from './data-dir';
import { AppError, errorCode, NotFoundError, ProfileDataError, ValidationError } from './errors';
import { LockTimeoutError, withFileLock, type FileLockOptions } from './file-lock';
import type { SecretKind } from './secret-store';
import { describeJsonBreak } from './json-position';
import { nameKey, sameName, validateProfile, type Profile, type ProfileInput } from './profile';

export const PROFILES_FILE = 'profiles.json';
export const PROFILES_FILE_VERSION = 1;
/** Far more than any real profiles file (16,000 profiles take about 2.5 MB); a bigger one is not read. */
export const PROFILES_FILE_MAX_BYTES = 4 * 1024 * 1024;
/** What profiles.json held before settings.json; settings-store.ts reads it once to migrate. */
export interface LegacySettings {
  readonly autoRefresh: boolean;
}
export const DEFAULT_SETTINGS: LegacySettings = { autoRefresh: false };

export interface ProfilesData {
  /** The profile last chosen in the app or CLI: a stored profile, `sandbox`, or none. */
  readonly active: string | null;
  readonly profiles: readonly Profile[];
  readonly settings: LegacySettings;
  /** Counts the writes of the file: a reader that sees it unchanged saw no save in between. */
  readonly revision: number;
  /** A save of a profile's secrets in progress (see profile-transaction.ts); absent when none. */
  readonly pending?: PendingSecrets;
}

/**
 * The record that makes a profile's data and secrets change together. `staging`: the new
 * secrets are being written to staging accounts and the file still holds the old data;
 * a crash here rolls back. `committed`: the file holds the new data and the staged
 * accounts are the truth for `name`; a crash here rolls forward.
 */
export interface PendingSecrets {
  readonly phase: 'staging' | 'committed';
  readonly name: string;
  /** The profile's name before a rename: its entries are removed. */
  readonly previousName?: string;
  /** Kinds whose new value is in the staging account. */
  readonly set: readonly SecretKind[];
  /** Kinds removed. */
  readonly clear: readonly SecretKind[];
}

/** The file, read and written under the profiles lock. */
export interface ProfilesTransaction {
  read(): Promise<ProfilesData>;
  /** Replaces the file atomically; the revision is counted here. */
  write(data: ProfilesData): Promise<void>;
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
      // The field, never its value: the report must not quote the file (see describeJsonBreak).
      const field = PROFILE_FIELDS.find(([key]) => rejects({ ...VALID_PROFILE, [key]: profile[key] }));
      ctx.addIssue({ code: 'custom', path: field === undefined ? [] : [field[0]], message: `${field?.[1] ?? 'the profile'} is not valid` });
    }
  });

/** The fields validateProfile checks, with their names in words, and a profile that passes. */
const PROFILE_FIELDS = [
  ['name', 'the profile name'],
  ['baseUrl', 'the base URL'],
  ['appKey', 'the app key'],
  ['version', 'the API version'],
  ['serviceId', 'the service ID'],
  ['authRegion', 'the authorization region'],
  ['authBaseUrl', 'the auth base URL'],
  ['shopId', 'the shop ID'],
  ['shopRegion', 'the shop region'],
] as const;
const VALID_PROFILE = { name: 'a', baseUrl: 'https://open-api.tiktokglobalshop.com', appKey: 'k' };

function rejects(input: Parameters<typeof validateProfile>[0]): boolean {
  try {
    validateProfile(input);
    return false;
  } catch {
    return true;
  }
}

const secretKindSchema = z.enum(['app-secret', 'access-token', 'refresh-token']);
const pendingSchema = z.strictObject({
  phase: z.enum(['staging', 'committed']),
  name: z.string(),
  previousName: z.string().optional(),
  set: z.array(secretKindSchema).max(3),
  clear: z.array(secretKindSchema).max(3),
});

const fileSchema = z
  .strictObject({
    version: z.literal(PROFILES_FILE_VERSION),
    revision: z.number().int().nonnegative().default(0),
    pending: pendingSchema.optional(),
    active: z.string().nullable().default(null),
    profiles: z.array(profileSchema).default([]),
    settings: settingsSchema.default(DEFAULT_SETTINGS),
  })
  .superRefine((file, ctx) => {
    // One pass with a map of folded names: a quadratic scan took seconds on a big file.
    const firstIndex = new Map<string, number>();
    file.profiles.forEach((profile, index) => {
      const key = nameKey(profile.name);
      const first = firstIndex.get(key);
      if (first === undefined) firstIndex.set(key, index);
      else ctx.addIssue({ code: 'custom', path: ['profiles', index, 'name'], message: `a second profile with the name of profiles[${first}]` });
    });
  });

const EMPTY: ProfilesData = { active: null, profiles: [], settings: DEFAULT_SETTINGS, revision: 0 };

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
    await this.assertPrivateDir();
    const text = await this.readText();
    return text === null ? EMPTY : this.parse(text);
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
    return this.update((data) => withProfile(data, profile, originalName));
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

  /** The settings an older version kept in profiles.json; settings.json holds them now (settings-store.ts). */
  async getSettings(): Promise<LegacySettings> {
    return (await this.read()).settings;
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

  /**
   * Runs `task` holding the profiles lock, for a change that spans more than the file (the
   * keychain): the task reads and writes the file through `tx`, and nobody else can.
   */
  async transaction<T>(task: (tx: ProfilesTransaction) => Promise<T>): Promise<T> {
    return this.locked(async () => {
      let last = await this.read();
      return task({
        read: async () => {
          last = await this.read();
          return last;
        },
        write: async (data) => {
          if (sameContent(data, last)) return;
          last = { ...data, revision: last.revision + 1 };
          await this.write(last);
        },
      });
    });
  }

  private async update<T>(change: (data: ProfilesData) => { data: ProfilesData; result: T }): Promise<T> {
    return this.locked(async () => {
      // Read inside the lock: a change another process saved a moment ago is kept.
      const current = await this.read();
      // A save in progress (its `pending` record) is carried along for the profile service to finish.
      const { data, result } = change(current);
      if (!sameContent(data, current)) await this.write({ ...data, revision: current.revision + 1 });
      return result;
    });
  }

  private async write(data: ProfilesData): Promise<void> {
    try {
      await writeFileAtomic(this.filePath, serialize(data));
    } catch (error) {
      throw this.storageError(error, 'write');
    }
  }

  private async locked<T>(task: () => Promise<T>): Promise<T> {
    try {
      // The mode applies to every folder created on the way; the umask can only take bits away.
      await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
      await this.assertPrivateDir();
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

  /**
   * The file's text, or null when there is none. Only a regular file of sane size is
   * read: a FIFO would hang every command and a link to a device would read without end.
   * The kind is checked before opening (opening some devices has effects) and again on
   * the open file, opened non-blocking so that a FIFO swapped in between cannot hang it.
   */
  private async readText(): Promise<string | null> {
    let info: Stats;
    try {
      info = await fs.stat(this.filePath);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return null;
      throw this.storageError(error, 'read');
    }
    if (info.isDirectory()) throw this.storageError({ code: 'EISDIR' }, 'read');
    this.assertReadable(info);
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(this.filePath, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return null;
      throw this.storageError(error, 'read');
    }
    try {
      // The open file's own size: the path may name a newer file than the one stat saw.
      const opened = await handle.stat();
      this.assertReadable(opened);
      const chunks: Buffer[] = [];
      let length = 0;
      // Read to the end, whatever fstat said (the file may still grow), but never past the limit.
      for (let size = opened.size + 1; ; size = 64 * 1024) {
        const chunk = Buffer.alloc(Math.min(size, PROFILES_FILE_MAX_BYTES + 1 - length));
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
        if (bytesRead === 0) break;
        chunks.push(chunk.subarray(0, bytesRead));
        length += bytesRead;
        if (length > PROFILES_FILE_MAX_BYTES) throw this.tooBig();
      }
      return Buffer.concat(chunks, length).toString('utf8');
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw this.storageError(error, 'read');
    } finally {
      await handle.close();
    }
  }

  private assertReadable(info: Stats): void {
    if (!info.isFile()) throw new CorruptProfilesError(this.filePath, `It is ${fileKind(info)}, not a regular file, so it is not read`);
    if (info.size > PROFILES_FILE_MAX_BYTES) throw this.tooBig();
  }

  private tooBig(): CorruptProfilesError {
    return new CorruptProfilesError(this.filePath, `It is larger than ${PROFILES_FILE_MAX_BYTES / (1024 * 1024)} MiB, far more than any profiles file, so it is not read`);
  }

  /**
   * Refuses a data folder (or profiles file) that other users can write to, or that
   * belongs to another user: they could swap profiles.json and point a profile, and its
   * access token, at their own host.
   * Windows has no such mode bits; its folders are private to the user by default.
   */
  private async assertPrivateDir(): Promise<void> {
    if (process.platform === 'win32') return;
    for (const [target, remedy] of [
      [this.dir, 700],
      [this.filePath, 600],
    ] as const) {
      let info: Stats;
      try {
        info = await fs.stat(target);
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return;
        throw this.storageError(error, 'read');
      }
      // Anything but a regular file (a FIFO, a device) is refused by readText, by its kind.
      if (target === this.filePath && !info.isFile()) return;
      const what = target === this.dir ? 'data folder' : 'profiles file';
      // Its owner can always write to it (or chmod it so): it must be ours, or root's.
      const uid = process.getuid?.();
      if (uid !== undefined && info.uid !== uid && info.uid !== 0) {
        throw new ProfileDataError(
          `The ${what} ${target} belongs to another user (uid ${info.uid}).`,
          'Its owner can change it at any time: they could put their own host in a profile and receive its access token. Widget Token Desk does not use it.',
          `Use a folder of your own (set WIDGET_TOKEN_HOME), or take this one over: sudo chown -R "$USER" "${target}"`,
        );
      }
      const writers = [info.mode & 0o020 ? 'your group' : '', info.mode & 0o002 ? 'every user' : ''].filter(Boolean);
      if (writers.length > 0) {
        throw new ProfileDataError(
          `The ${what} ${target} can be changed by other users.`,
          `Its permissions (${(info.mode & 0o777).toString(8)}) let ${writers.join(' and ')} write to it: another user could put their own host in a profile and receive its access token. Widget Token Desk does not use it as it is.`,
          `Make it private: chmod ${remedy} "${target}"`,
        );
      }
    }
  }

  private parse(text: string): ProfilesData {
    let json: unknown;
    // A byte order mark is what some Windows editors put in front of a hand-edited file.
    const body = text.replace(/^\uFEFF/, '');
    try {
      json = JSON.parse(body);
    } catch {
      throw new CorruptProfilesError(this.filePath, body.trim() === '' ? 'The file is empty' : `It is not valid JSON (${describeJsonBreak(body)})`);
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

/**
 * The data with `profile` saved in it, and the profile as stored. With `originalName` it
 * edits that profile, renaming it when the name changed; without, a profile of the same
 * name is updated and keeps its stored spelling (its keychain entries are filed under it).
 */
export function withProfile(data: ProfilesData, profile: Profile, originalName?: string): { data: ProfilesData; result: Profile } {
  const profiles = [...data.profiles];
  const existing = profiles.findIndex((p) => sameName(p.name, originalName ?? profile.name));
  if (originalName !== undefined && existing === -1) throw notFound(originalName);
  const clash = profiles.findIndex((p, index) => index !== existing && sameName(p.name, profile.name));
  if (clash !== -1) {
    const taken = profiles[clash]?.name ?? profile.name;
    throw new ValidationError(
      `A profile named "${taken}" already exists.`,
      'Profile names are unique (compared as they read: ignoring case and the form of the characters), because the keychain files secrets under the name.',
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
    revision: data.revision,
    active: data.active,
    profiles: data.profiles.map(serializeProfile),
    settings: { autoRefresh: data.settings.autoRefresh },
    ...(data.pending === undefined ? {} : { pending: serializePending(data.pending) }),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Whether writing `data` over `current` would change anything but the revision: such a write is skipped. */
function sameContent(data: ProfilesData, current: ProfilesData): boolean {
  return serialize({ ...data, revision: current.revision }) === serialize(current);
}

function serializePending(pending: PendingSecrets): PendingSecrets {
  const { phase, name, previousName, set, clear } = pending;
  return { phase, name, ...(previousName === undefined ? {} : { previousName }), set: [...set], clear: [...clear] };
}

export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 5).map((issue) => {
    const where = issue.path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
    // zod names unknown keys, and a key can be a pasted secret: only the place is told.
    const message = issue.code === 'unrecognized_keys' ? `${issue.keys.length > 1 ? 'fields' : 'a field'} the format does not have` : issue.message;
    return where ? `${where}: ${message}` : message;
  });
  if (issues.length > shown.length) shown.push(`and ${issues.length - shown.length} more`);
  return shown.join('; ');
}

function fileKind(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'a special file';
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
