/**
 * Profiles as the shells see them: the non-secret data on disk joined with the secrets in
 * the keychain, plus the built-in `sandbox` profile, which lives in neither. Secrets go in
 * and never come out of here except to the token service.
 */
import {
  SANDBOX_PROFILE,
  SANDBOX_SUMMARY,
  type AuthorizationFacts,
  type KeychainStatus,
  type ProfileSummary,
  type ProfilesState,
  type RepairProfilesResult,
  type SecretChange,
} from '../../preload/contract';
import type { SandboxLauncher } from './core-deps';
import { KeychainUnavailableError, NotFoundError, ValidationError } from './errors';
import { sameName, validateProfile, validateShopChoice, type Profile } from './profile';
import { withProfile, type ProfileInput, type ProfilesData, type ProfileStore } from './profile-store';
import { commit, readSecret, recover, type ChangePlan, type SecretPlan } from './profile-transaction';
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

/** What the seller-authorization flow obtained: a token pair and its facts (never a token on disk). */
export interface AuthorizationGrant {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly authorization: AuthorizationFacts;
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
    const keychain = await this.keychainStatus();
    const { data, stored } = await this.consistently(async (data) => ({
      data,
      stored: await Promise.all(
        data.profiles.map(async (profile): Promise<ProfileSummary> => {
          const set = keychain.available ? await this.secretsSet(data, profile.name) : { 'app-secret': false, 'access-token': false, 'refresh-token': false };
          return { ...summaryOf(profile), appSecretSet: set['app-secret'], accessTokenSet: set['access-token'], refreshTokenSet: set['refresh-token'] };
        }),
      ),
    }));
    const chosen = data.active === null ? null : isSandboxName(data.active) ? SANDBOX_PROFILE : (findProfile(data, data.active)?.name ?? null);
    const active = chosen ?? SANDBOX_PROFILE;
    const sandboxAt = this.sandbox.runningAt();
    const sandbox = sandboxSummary(sandboxAt, this.session);
    return { profiles: [sandbox, ...stored], active, keychain };
  }

  /** Which secrets a stored profile has (never their values), or null when there is no such profile. */
  async secretStatus(name: string): Promise<Readonly<Record<SecretKind, boolean>> | null> {
    return this.consistently(async (data) => {
      const profile = findProfile(data, name);
      return profile === null ? null : this.secretsSet(data, profile.name);
    });
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

  /** Also finishes (or undoes) a save that a crash interrupted, as every locked operation here does. */
  async select(name: string): Promise<void> {
    await this.transact(async (data) => {
      const active = isSandboxName(name) ? SANDBOX_PROFILE : requireProfile(data, name).name;
      return { data: { ...data, active }, secrets: null, result: undefined };
    });
  }

  /**
   * Saves a profile and its secrets and makes it the active one, all or nothing (see
   * profile-transaction.ts). Without `originalName` it creates a profile, and refuses a
   * name that is taken: a form that says "New profile" must not overwrite one.
   */
  async save(request: ProfileSave): Promise<Profile> {
    return (await this.write(request, false)).profile;
  }

  /**
   * `profile set`: updates the profile of that name, or creates it. Decided under the
   * lock, so that processes creating one new name at once all succeed, one after another.
   */
  async createOrUpdate(request: Omit<ProfileSave, 'originalName'>): Promise<{ readonly profile: Profile; readonly created: boolean }> {
    return this.write(request, true);
  }

  /**
   * Stores what the seller-authorization flow obtained, all or nothing: the new access
   * and refresh tokens and the authorization facts (the pending link's state is spent).
   */
  async storeAuthorization(name: string, grant: AuthorizationGrant): Promise<Profile> {
    assertStorableSecret('access-token', grant.accessToken);
    assertStorableSecret('refresh-token', grant.refreshToken);
    if (isSandboxName(name)) {
      throw new ValidationError('The built-in sandbox profile cannot be changed.', 'It always talks to the offline sandbox with its public demo credentials.', 'Create a profile for your own app and authorize that one.');
    }
    await this.secrets.check();
    return this.transact(async (data): Promise<ChangePlan<Profile>> => {
      const profile = requireProfile(data, name);
      const authorized: Profile & { authState?: string } = { ...profile, authorization: grant.authorization };
      delete authorized.authState;
      return {
        data: { ...data, profiles: data.profiles.map((p) => (p === profile ? authorized : p)) },
        secrets: {
          name: profile.name,
          set: new Map([
            ['access-token', grant.accessToken],
            ['refresh-token', grant.refreshToken],
          ]),
          clear: [],
        },
        result: authorized,
      };
    });
  }

  private async write(request: ProfileSave, createOrUpdate: boolean): Promise<{ profile: Profile; created: boolean }> {
    if (isSandboxName(request.originalName ?? '')) {
      throw new ValidationError(
        'The built-in sandbox profile cannot be changed.',
        'It always talks to the offline sandbox with its public demo credentials.',
        'Create a new profile for your own app instead.',
      );
    }
    const profile = validateProfile(request);
    const changes = secretChanges(request);
    // Checked before anything is written: a secret the keychain would refuse must not leave a profile without it.
    for (const [kind, change] of changes) if (change.action === 'replace') assertStorableSecret(kind, change.value);
    // Every save touches the keychain (a new profile clears what an old one left under its name): fail early, in words.
    await this.secrets.check();
    return this.transact(async (data) => {
      const previous = request.originalName !== undefined ? requireProfile(data, request.originalName) : findProfile(data, profile.name);
      if (previous !== null && request.originalName === undefined && !createOrUpdate) {
        throw new ValidationError(
          `A profile named "${previous.name}" already exists.`,
          'Profile names are unique (compared as they read: ignoring case and the form of the characters), so each one maps to its own keychain entries.',
          'Choose another name, or edit the existing profile.',
        );
      }
      const { data: next, result: saved } = withProfile(data, profile, request.originalName === undefined ? undefined : previous?.name);
      const renamedFrom = previous !== null && previous.name !== saved.name ? previous.name : undefined;
      const set = new Map<SecretKind, string>();
      const clear: SecretKind[] = [];
      for (const [kind, change] of changes) {
        if (change.action === 'replace') set.set(kind, change.value);
        // A new profile starts with the secrets given with it and no others: entries an
        // earlier profile of this name left in the keychain (its file lost or repaired) go.
        else if (change.action === 'clear' || previous === null) clear.push(kind);
        else if (renamedFrom !== undefined) {
          const kept = await readSecret(data, this.secrets, renamedFrom, kind);
          if (kept === null) clear.push(kind);
          else set.set(kind, kept);
        }
      }
      const secrets: SecretPlan | null =
        set.size === 0 && clear.length === 0 && renamedFrom === undefined ? null : { name: saved.name, ...(renamedFrom === undefined ? {} : { previousName: renamedFrom }), set, clear };
      return { data: { ...next, active: saved.name }, secrets, result: { profile: saved, created: previous === null } };
    });
  }

  /** Removes the profile and its keychain entries together. */
  async remove(name: string): Promise<void> {
    if (isSandboxName(name)) {
      throw new ValidationError('The built-in sandbox profile cannot be removed.', 'It is part of the app and stores nothing.', 'Pick another profile to remove.');
    }
    await this.secrets.check();
    await this.transact(async (data) => {
      const profile = requireProfile(data, name);
      const active = data.active !== null && sameName(data.active, profile.name) ? SANDBOX_PROFILE : data.active;
      return {
        data: { ...data, active, profiles: data.profiles.filter((p) => p !== profile) },
        secrets: { name: profile.name, set: new Map(), clear: SECRET_KINDS },
        result: undefined,
      };
    });
  }

  /** A stored profile with its secrets, for a call: data and secrets of one and the same save. */
  async resolveStored(name: string): Promise<ResolvedProfile> {
    const { profile, appSecret, accessToken } = await this.consistently(async (data) => {
      const found = requireProfile(data, name);
      const [app, access] = await Promise.all([readSecret(data, this.secrets, found.name, 'app-secret'), readSecret(data, this.secrets, found.name, 'access-token')]);
      return { profile: found, appSecret: app, accessToken: access };
    });
    // A profile set up for the authorization flow has no access token until its shop is authorized: say that.
    const missingAccessToken = accessToken === null || accessToken === '';
    if (missingAccessToken && profile.serviceId !== undefined && appSecret !== null && appSecret !== '') {
      await this.secrets.check();
      throw notYetAuthorized(profile.name);
    }
    return {
      name: profile.name,
      sandbox: false,
      baseUrl: profile.baseUrl,
      appKey: profile.appKey,
      ...(profile.version === undefined ? {} : { version: profile.version }),
      appSecret: await this.requireSecret(profile.name, 'app-secret', appSecret),
      accessToken: await this.requireSecret(profile.name, 'access-token', accessToken),
      ...(profile.authBaseUrl === undefined ? {} : { authBaseUrl: profile.authBaseUrl }),
      ...(profile.authorization === undefined ? {} : { authorization: profile.authorization }),
    };
  }

  /** A stored profile's data (never its secrets); NotFoundError when there is none. */
  async stored(name: string): Promise<Profile> {
    return requireProfile(await this.store.read(), name);
  }

  /** The app secret, for the authorization calls; a clear error when it is not stored. */
  async appSecret(name: string): Promise<string> {
    const { profile, value } = await this.readStoredSecret(name, 'app-secret');
    return this.requireSecret(profile.name, 'app-secret', value);
  }

  /** The stored refresh token, or null when the profile has none. */
  async refreshToken(name: string): Promise<string | null> {
    const { value } = await this.readStoredSecret(name, 'refresh-token');
    return value === null || value === '' ? null : value;
  }

  /** Whether the profile has an access token stored (a profile waiting for its first authorization has none). */
  async hasAccessToken(name: string): Promise<boolean> {
    const { value } = await this.readStoredSecret(name, 'access-token');
    return value !== null && value !== '';
  }

  /** Remembers the state of the profile's newest authorization link (null forgets it). */
  async setAuthState(name: string, state: string | null): Promise<Profile> {
    return this.patch(name, (profile) => {
      const next: Profile & { authState?: string } = { ...profile };
      if (state === null) delete next.authState;
      else next.authState = state;
      return next;
    });
  }

  /** Stores the chosen shop on the profile, checked like a typed field (digits only, a short region code). */
  async chooseShop(name: string, shopId: string, shopRegion: string): Promise<Profile> {
    const chosen = validateShopChoice(shopId, shopRegion);
    return this.patch(name, (profile) => {
      const next: Profile & { shopId?: string; shopRegion?: string } = { ...profile };
      delete next.shopId;
      delete next.shopRegion;
      return { ...next, ...chosen };
    });
  }

  /** A change of one profile's plain data, under the lock like every other. */
  private async patch(name: string, change: (profile: Profile) => Profile): Promise<Profile> {
    return this.transact(async (data) => {
      const profile = requireProfile(data, name);
      const changed = change(profile);
      return { data: { ...data, profiles: data.profiles.map((p) => (p === profile ? changed : p)) }, secrets: null, result: changed };
    });
  }

  private async readStoredSecret(name: string, kind: SecretKind): Promise<{ profile: Profile; value: string | null }> {
    return this.consistently(async (data) => {
      const profile = requireProfile(data, name);
      return { profile, value: await readSecret(data, this.secrets, profile.name, kind) };
    });
  }

  private async requireSecret(profile: string, kind: SecretKind, value: string | null): Promise<string> {
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

  private async secretsSet(data: ProfilesData, name: string): Promise<Record<SecretKind, boolean>> {
    const [app, access, refresh] = await Promise.all(SECRET_KINDS.map(async (kind) => (await readSecret(data, this.secrets, name, kind)) !== null));
    return { 'app-secret': app === true, 'access-token': access === true, 'refresh-token': refresh === true };
  }

  /** A change of data and secrets together, under the lock, after finishing any save a crash interrupted. */
  private async transact<T>(plan: (data: ProfilesData) => Promise<ChangePlan<T>>): Promise<T> {
    return this.store.transaction(async (tx) => {
      const current = await recover(tx, this.secrets);
      return commit(tx, this.secrets, current, await plan(current));
    });
  }

  /**
   * Reads without the lock, and checks that no save landed in between (the file's revision
   * is unchanged): otherwise the data could be one save's and a secret another's.
   */
  private async consistently<T>(read: (data: ProfilesData) => Promise<T>): Promise<T> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const data = await this.store.read();
      const result = await read(data);
      if ((await this.store.read()).revision === data.revision) return result;
    }
    // Saves keep landing between the two reads: read under the lock, where none can.
    return this.store.transaction(async (tx) => read(await recover(tx, this.secrets)));
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

function findProfile(data: ProfilesData, name: string): Profile | null {
  return data.profiles.find((profile) => sameName(profile.name, name)) ?? null;
}

function requireProfile(data: ProfilesData, name: string): Profile {
  const profile = findProfile(data, name);
  if (profile === null) {
    throw new NotFoundError(`There is no profile named "${name}".`, 'Profiles are listed in the picker and by `widget-token profile list`.', 'Pick an existing profile or create this one first.');
  }
  return profile;
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
