/**
 * Profiles as the shells see them: the non-secret data on disk joined with the secrets in
 * the keychain, plus the built-in `sandbox` profile, which lives in neither. Secrets go in
 * and never come out of here except to the token service.
 */
import { SANDBOX_PROFILE, SANDBOX_SUMMARY, type AuthorizationFacts, type KeychainStatus, type ProfileSummary, type ProfilesState, type RepairProfilesResult, type SecretChange } from '../../preload/contract';
import type { SandboxLauncher } from './core-deps';
import { KeychainUnavailableError, NotFoundError, ValidationError } from './errors';
import type { Profile } from './profile';
import { sameName } from './profile';
import type { ProfileInput, ProfileStore } from './profile-store';
import type { SandboxSession } from './sandbox-session';
import { assertStorableSecret, SECRET_KINDS, SECRET_LABEL, type SecretKind, type SecretStore } from './secret-store';

export interface ProfileSave extends ProfileInput {
  readonly originalName?: string;
  readonly appSecret: SecretChange;
  readonly accessToken: SecretChange;
  /** Absent means keep. */
  readonly refreshToken?: SecretChange;
}

/** The profile a call uses, with its secrets: never leaves the main process. */
export interface ResolvedProfile {
  readonly name: string;
  readonly sandbox: boolean;
  readonly baseUrl: string;
  readonly appKey: string;
  readonly version?: string;
  readonly appSecret: string;
  readonly accessToken: string;
  /** Where token/get and token/refresh go, when the profile sets it. */
  readonly authBaseUrl?: string;
  /** Present once the profile's tokens came from an authorization (or a refresh): it can refresh them. */
  readonly authorization?: AuthorizationFacts;
}

/** The secrets a save writes: each kind with what to do with it. */
function secretChanges(request: ProfileSave): readonly (readonly [SecretKind, SecretChange])[] {
  const byKind: Record<SecretKind, SecretChange> = {
    'app-secret': request.appSecret,
    'access-token': request.accessToken,
    'refresh-token': request.refreshToken ?? { action: 'keep' },
  };
  return SECRET_KINDS.map((kind) => [kind, byKind[kind]] as const);
}

export function isSandboxName(name: string): boolean {
  // The exact name first: normalizing loads Unicode tables that a token call needs for nothing else.
  return name === SANDBOX_PROFILE || sameName(name, SANDBOX_PROFILE);
}

export class ProfileService {
  constructor(
    private readonly store: ProfileStore,
    private readonly secrets: SecretStore,
    /** Where the sandbox runs, for its summary; listing profiles never starts it. */
    private readonly sandbox: Pick<SandboxLauncher, 'runningAt'>,
    /** The built-in profile's authorization and chosen shop in this process, for its summary. */
    private readonly session?: SandboxSession,
  ) {}

  async state(): Promise<ProfilesState> {
    const data = await this.store.read();
    const keychain = await this.keychainStatus();
    const stored = await Promise.all(
      data.profiles.map(async (profile): Promise<ProfileSummary> => ({
        ...summaryOf(profile),
        appSecretSet: keychain.available && (await this.secrets.get(profile.name, 'app-secret')) !== null,
        accessTokenSet: keychain.available && (await this.secrets.get(profile.name, 'access-token')) !== null,
        refreshTokenSet: keychain.available && (await this.secrets.get(profile.name, 'refresh-token')) !== null,
      })),
    );
    const active = data.active !== null && (isSandboxName(data.active) || stored.some((p) => p.name === data.active)) ? data.active : SANDBOX_PROFILE;
    const sandboxAt = this.sandbox.runningAt();
    const sandbox = sandboxSummary(sandboxAt, this.session);
    return { profiles: [sandbox, ...stored], active, keychain };
  }

  /**
   * Moves a damaged profiles file aside (see ProfileStore.quarantineCorrupt) and answers
   * the profiles that are left. The keychain is not touched: the old profiles' secrets
   * stay filed under their names.
   */
  async repair(): Promise<RepairProfilesResult> {
    const movedTo = await this.store.quarantineCorrupt();
    return { movedTo, state: await this.state() };
  }

  /** The active profile: the one last chosen in the app or CLI, else `sandbox`. */
  async activeName(): Promise<string> {
    return (await this.state()).active;
  }

  async select(name: string): Promise<void> {
    if (isSandboxName(name)) {
      await this.store.setActive(SANDBOX_PROFILE);
      return;
    }
    const profile = await this.requireStored(name);
    await this.store.setActive(profile.name);
  }

  /**
   * Saves a profile and its secrets and makes it the active one. Secrets are written
   * first: if the keychain is unavailable nothing changes on disk, and the form keeps
   * what the user typed.
   */
  async save(request: ProfileSave): Promise<Profile> {
    if (isSandboxName(request.originalName ?? '')) {
      throw new ValidationError(
        'The built-in sandbox profile cannot be changed.',
        'It always talks to the offline sandbox with its public demo credentials.',
        'Create a new profile for your own app instead.',
      );
    }
    const changes = secretChanges(request);
    // Checked before the profile is written: a secret the keychain would refuse must not leave a profile without it.
    for (const [kind, change] of changes) if (change.action === 'replace') assertStorableSecret(kind, change.value);
    const previous = request.originalName === undefined ? null : await this.requireStored(request.originalName);
    const touchesKeychain = previous !== null || changes.some(([, change]) => change.action !== 'keep');
    if (touchesKeychain) await this.secrets.check();

    const existingTarget = await this.store.get(request.name);
    if (existingTarget !== null && (previous === null || !sameName(existingTarget.name, previous.name))) {
      throw new ValidationError(
        `A profile named "${existingTarget.name}" already exists.`,
        'Profile names are unique (ignoring case), so each one maps to its own keychain entries.',
        'Choose another name, or edit the existing profile.',
      );
    }

    const saved = await this.store.upsert(request, previous?.name);
    const renamedFrom = previous !== null && previous.name !== saved.name ? previous.name : null;
    // Kept secrets are read before anything is deleted: on Windows a rename that only
    // changes case names the same credential, so "write new, delete old" would lose it.
    const finalValues = new Map<SecretKind, string | null>();
    for (const [kind, change] of changes) {
      if (change.action === 'replace') finalValues.set(kind, change.value);
      else if (change.action === 'clear') finalValues.set(kind, null);
      else if (renamedFrom !== null) finalValues.set(kind, await this.secrets.get(renamedFrom, kind));
    }
    if (renamedFrom !== null) {
      for (const kind of SECRET_KINDS) await this.secrets.delete(renamedFrom, kind);
    }
    for (const [kind, secret] of finalValues) {
      if (secret === null) await this.secrets.delete(saved.name, kind);
      else await this.secrets.set(saved.name, kind, secret);
    }
    await this.store.setActive(saved.name);
    return saved;
  }

  /** Removes the keychain entries first, so a failing keychain leaves the profile whole. */
  async remove(name: string): Promise<void> {
    if (isSandboxName(name)) {
      throw new ValidationError('The built-in sandbox profile cannot be removed.', 'It is part of the app and stores nothing.', 'Pick another profile to remove.');
    }
    const profile = await this.requireStored(name);
    for (const kind of SECRET_KINDS) await this.secrets.delete(profile.name, kind);
    await this.store.remove(profile.name);
    const active = await this.store.getActive();
    if (active !== null && sameName(active, profile.name)) await this.store.setActive(SANDBOX_PROFILE);
  }

  /** A stored profile with its secrets, for a call. */
  async resolveStored(name: string): Promise<ResolvedProfile> {
    const profile = await this.requireStored(name);
    const [appSecret, accessToken] = await Promise.all([
      this.requireSecret(profile.name, 'app-secret'),
      this.requireSecret(profile.name, 'access-token').catch((error: unknown) => {
        throw profile.serviceId !== undefined && error instanceof ValidationError ? notYetAuthorized(profile.name) : error;
      }),
    ]);
    return {
      name: profile.name,
      sandbox: false,
      baseUrl: profile.baseUrl,
      appKey: profile.appKey,
      ...(profile.version === undefined ? {} : { version: profile.version }),
      appSecret,
      accessToken,
      ...(profile.authBaseUrl === undefined ? {} : { authBaseUrl: profile.authBaseUrl }),
      ...(profile.authorization === undefined ? {} : { authorization: profile.authorization }),
    };
  }

  /** A stored profile's data (never its secrets); NotFoundError when there is none. */
  async stored(name: string): Promise<Profile> {
    return this.requireStored(name);
  }

  /** The app secret, for the authorization calls; a clear error when it is not stored. */
  async appSecret(name: string): Promise<string> {
    return this.requireSecret((await this.requireStored(name)).name, 'app-secret');
  }

  /** The stored refresh token, or null when the profile has none. */
  async refreshToken(name: string): Promise<string | null> {
    const value = await this.secrets.get((await this.requireStored(name)).name, 'refresh-token');
    return value === null || value === '' ? null : value;
  }

  /** Whether the profile has an access token stored (a profile waiting for its first authorization has none). */
  async hasAccessToken(name: string): Promise<boolean> {
    const value = await this.secrets.get((await this.requireStored(name)).name, 'access-token');
    return value !== null && value !== '';
  }

  /**
   * Stores the tokens of a code exchange or refresh, then the facts. The refresh token is
   * written first: once the server has rotated it, it is the one value that cannot be
   * obtained again. A failure before the data is written leaves the profile's data as it was.
   */
  async storeAuthorization(name: string, grant: { accessToken: string; refreshToken: string; authorization: AuthorizationFacts }): Promise<Profile> {
    const profile = await this.requireStored(name);
    assertStorableSecret('refresh-token', grant.refreshToken);
    assertStorableSecret('access-token', grant.accessToken);
    await this.secrets.set(profile.name, 'refresh-token', grant.refreshToken);
    await this.secrets.set(profile.name, 'access-token', grant.accessToken);
    return this.store.setAuthorization(profile.name, grant.authorization);
  }

  /** Remembers the state of the profile's newest authorization link (null forgets it). */
  async setAuthState(name: string, state: string | null): Promise<Profile> {
    return this.store.setAuthState((await this.requireStored(name)).name, state);
  }

  /** Stores the chosen shop on the profile. */
  async chooseShop(name: string, shopId: string, shopRegion: string): Promise<Profile> {
    return this.store.chooseShop((await this.requireStored(name)).name, shopId, shopRegion);
  }

  private async requireSecret(profile: string, kind: SecretKind): Promise<string> {
    const value = await this.secrets.get(profile, kind);
    if (value === null || value.length === 0) {
      // A locked Linux keyring answers reads with "not found" instead of an error: only a
      // write tells a locked keyring from a missing secret, and the remedies differ.
      await this.secrets.check();
      throw new ValidationError(
        `Profile "${profile}" has no ${SECRET_LABEL[kind]} stored.`,
        `The widget-token call is signed with the app secret and authorised with the access token; both live in the OS keychain.`,
        `Edit the profile and enter its ${SECRET_LABEL[kind]}, or run: widget-token profile set "${profile}" (it reads the secrets from WIDGET_TOKEN_APP_SECRET / WIDGET_TOKEN_ACCESS_TOKEN or a hidden prompt).`,
      );
    }
    return value;
  }

  private async requireStored(name: string): Promise<Profile> {
    const profile = await this.store.get(name);
    if (profile === null) {
      throw new NotFoundError(`There is no profile named "${name}".`, 'Profiles are listed in the picker and by `widget-token profile list`.', 'Pick an existing profile or create this one first.');
    }
    return profile;
  }

  private async keychainStatus(): Promise<KeychainStatus> {
    try {
      await this.secrets.check();
      return { available: true };
    } catch (error) {
      if (error instanceof KeychainUnavailableError) {
        return { available: false, problem: `${error.message} ${error.explanation}`, remedy: error.resolution };
      }
      throw error;
    }
  }
}

/** A profile set up for the authorization flow has no access token until its shop is authorized. */
function notYetAuthorized(name: string): ValidationError {
  return new ValidationError(
    `Profile "${name}" has no access token yet.`,
    'Its shop has not been authorized: the access token comes from the seller\'s authorization.',
    `Authorize the shop: Authorize shop in the app, or \`widget-token auth url --profile "${name}"\`, then \`widget-token auth code\` with the address the seller's browser lands on.`,
  );
}

function sandboxSummary(runningAt: string | null, session: SandboxSession | undefined): ProfileSummary {
  if (runningAt === null) return SANDBOX_SUMMARY;
  const grant = session?.grantFor(runningAt) ?? null;
  const shop = session?.chosenShop() ?? null;
  return {
    ...SANDBOX_SUMMARY,
    baseUrl: runningAt,
    ...(grant === null ? {} : { authorization: grant.authorization, refreshTokenSet: true }),
    ...(shop === null ? {} : shop),
  };
}

function summaryOf(profile: Profile): Omit<ProfileSummary, 'appSecretSet' | 'accessTokenSet' | 'refreshTokenSet'> {
  // Everything on disk but the pending link's state, which only `auth code` needs.
  const shown: Omit<Profile, 'authState'> & { authState?: string } = { ...profile };
  delete shown.authState;
  return { ...shown, builtIn: false };
}
