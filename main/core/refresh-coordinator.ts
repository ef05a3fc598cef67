/**
 * Keeps a profile's access token alive. Before a call whose access token expires within
 * 10 minutes, and once after a 105002 answer, it refreshes the token and the call is made
 * (again) with the new one. The server rotates the refresh token, so a second refresh with
 * the old one fails: one refresh at a time per profile, across the app and every CLI
 * process, under a lock file in the data folder. Whoever gets the lock first reads the
 * stored tokens again (another process may have refreshed meanwhile: then it does not),
 * and stores the new pair before anything uses it.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SANDBOX_PROFILE } from '../../preload/contract';
import { DEFAULT_AUTH_BASE_URL, refreshTokens, type TokenGrant } from './auth-client';
import { systemClock, type Clock } from './clock';
import { ApiError, AppError, KeychainUnavailableError, ProfileDataError, ValidationError } from './errors';
import { LockTimeoutError, withFileLock } from './file-lock';
import type { ResolvedProfile } from './profile-service';
import { nameKey } from './profile';
import { resolveProfile, type ResolverDeps } from './resolve-profile';
import type { RequestFn } from './widget-token-client';

/** Refresh when the access token has less than this left. */
export const REFRESH_MARGIN_SECONDS = 10 * 60;
/** A refresh holds the lock for one HTTP exchange (15 s by default) and a few keychain writes. */
const LOCK_STALE_MS = 60_000;
const LOCK_TIMEOUT_MS = 75_000;

export interface RefreshCoordinatorOptions extends ResolverDeps {
  /** The data folder, where the lock files go. */
  readonly lockDir: string;
  readonly clock?: Clock;
  readonly timeoutMs?: number;
  readonly request?: RequestFn;
}

/** The new tokens could not be kept after the server rotated them: say so plainly, keep the kind (exit code). */
function storeFailed(error: unknown): AppError {
  const message = 'The access token was refreshed, but the new tokens could not be stored.';
  const explanation = `${error instanceof AppError ? `${error.message} ${error.explanation}` : 'Saving them failed unexpectedly.'} The server has already replaced the refresh token, so the one stored before may no longer work.`;
  const resolution = `Fix the cause above, then try again; if the refresh is refused, the seller may need to authorize the app again (Authorize shop, or \`widget-token auth url\`).${error instanceof AppError ? ` ${error.resolution}` : ''}`;
  return error instanceof KeychainUnavailableError ? new KeychainUnavailableError(message, explanation, resolution) : new ProfileDataError(message, explanation, resolution);
}

function noRefreshToken(name: string): ValidationError {
  return new ValidationError(
    `Profile "${name}" has no refresh token.`,
    'Its access token was entered by hand, or it was never authorized through Widget Token Desk, so there is nothing to refresh it with.',
    'Authorize the shop (Authorize shop, or `widget-token auth url` then `widget-token auth code`), or store a new access token in the profile.',
  );
}

export class RefreshCoordinator {
  /** In-process queue per profile: the app's own calls wait for each other before they touch the lock file. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly options: RefreshCoordinatorOptions) {}

  /** True when the profile's tokens came from an authorization and the access token is near its end. */
  needsRefresh(profile: Pick<ResolvedProfile, 'authorization'>): boolean {
    const expiresAt = profile.authorization?.accessTokenExpiresAt;
    if (expiresAt === undefined) return false;
    const nowSeconds = Math.floor((this.options.clock ?? systemClock).nowMs() / 1000);
    return expiresAt - nowSeconds < REFRESH_MARGIN_SECONDS;
  }

  /**
   * Runs `call` with a fresh access token: refreshed first when it is near its end, and
   * once more after a 105002 answer, then the call is retried once.
   */
  async withFreshToken<T>(profile: ResolvedProfile, call: (profile: ResolvedProfile) => Promise<T>): Promise<T> {
    const ready = this.needsRefresh(profile) ? await this.refreshBeforeCall(profile) : profile;
    try {
      return await call(ready);
    } catch (error) {
      return this.retryAfterExpired(ready, error, call);
    }
  }

  /** The profile with a refreshed access token, unless another process refreshed it meanwhile. */
  refreshBeforeCall(profile: ResolvedProfile): Promise<ResolvedProfile> {
    // Another process may have refreshed while this one waited for the lock: its fresh token is used as it is,
    // even when the server's access tokens live less than the margin.
    return this.refreshIf(profile.name, (current) => current.accessToken === profile.accessToken && this.needsRefresh(current));
  }

  /** After `call` failed with `error`: a 105002 refreshes (once) and retries; anything else is thrown again. */
  async retryAfterExpired<T>(used: ResolvedProfile, error: unknown, call: (profile: ResolvedProfile) => Promise<T>): Promise<T> {
    if (!(error instanceof ApiError) || error.code !== '105002') throw error;
    // Nothing to refresh with: the server's own answer says it best.
    if (!(await this.canRefresh(used))) throw error;
    const failedToken = used.accessToken;
    const renewed = await this.refreshIf(used.name, (current) => current.accessToken === failedToken);
    return call(renewed);
  }

  /** Refreshes now, whatever the expiry says. */
  async refreshNow(name: string): Promise<ResolvedProfile> {
    return this.refreshIf(name, () => true);
  }

  private async canRefresh(profile: ResolvedProfile): Promise<boolean> {
    if (profile.sandbox) return profile.authorization !== undefined;
    return (await this.options.profiles.refreshToken(profile.name)) !== null;
  }

  /** Under the lock: reads the profile again and refreshes only if `stillNeeded` says so. */
  private async refreshIf(name: string, stillNeeded: (current: ResolvedProfile) => boolean): Promise<ResolvedProfile> {
    const first = await resolveProfile(name, this.options);
    return this.serialized(first.name, async () => {
      const current = await resolveProfile(first.name, this.options);
      if (!stillNeeded(current)) return current;
      return current.sandbox ? this.refreshSandbox(current) : this.refreshStored(current);
    });
  }

  private async refreshStored(current: ResolvedProfile): Promise<ResolvedProfile> {
    const refreshToken = await this.options.profiles.refreshToken(current.name);
    if (refreshToken === null) throw noRefreshToken(current.name);
    const grant = await this.call(current, refreshToken);
    try {
      await this.options.profiles.storeAuthorization(current.name, grant);
    } catch (error) {
      throw storeFailed(error);
    }
    return { ...current, accessToken: grant.accessToken, authorization: grant.authorization };
  }

  private async refreshSandbox(current: ResolvedProfile): Promise<ResolvedProfile> {
    const held = this.options.session.grantFor(current.baseUrl);
    if (held === null) throw noRefreshToken(SANDBOX_PROFILE);
    const grant = await this.call(current, held.refreshToken);
    this.options.session.store(current.baseUrl, grant);
    return { ...current, accessToken: grant.accessToken, authorization: grant.authorization };
  }

  private call(profile: ResolvedProfile, refreshToken: string): Promise<TokenGrant> {
    const { clock, request, timeoutMs } = this.options;
    return refreshTokens(
      { authBaseUrl: profile.authBaseUrl ?? DEFAULT_AUTH_BASE_URL, appKey: profile.appKey, appSecret: profile.appSecret, refreshToken, ...(timeoutMs === undefined ? {} : { timeoutMs }) },
      { ...(clock === undefined ? {} : { clock }), ...(request === undefined ? {} : { request }) },
    );
  }

  /** One at a time per profile: in this process by a queue, across processes by the lock file. */
  private async serialized<T>(name: string, task: () => Promise<T>): Promise<T> {
    const key = nameKey(name);
    const previous = this.queues.get(key) ?? Promise.resolve();
    const run = previous.then(
      () => this.crossProcess(key, name, task),
      () => this.crossProcess(key, name, task),
    );
    this.queues.set(key, run);
    try {
      return await run;
    } finally {
      if (this.queues.get(key) === run) this.queues.delete(key);
    }
  }

  private async crossProcess<T>(key: string, name: string, task: () => Promise<T>): Promise<T> {
    // The built-in profile's tokens live in this process only.
    if (name === SANDBOX_PROFILE) return task();
    const lockPath = path.join(this.options.lockDir, `refresh-${createHash('sha256').update(key).digest('hex').slice(0, 24)}.lock`);
    try {
      await fs.mkdir(this.options.lockDir, { recursive: true });
      return await withFileLock(lockPath, task, { staleMs: LOCK_STALE_MS, timeoutMs: LOCK_TIMEOUT_MS });
    } catch (error) {
      if (!(error instanceof LockTimeoutError)) throw error;
      throw new ProfileDataError(
        `Another Widget Token Desk process has been refreshing profile "${name}" for too long.`,
        `The lock file ${lockPath} stayed in place longer than a refresh takes. Nothing was changed.`,
        `Try again. If no other Widget Token Desk window or widget-token command is running, delete ${lockPath}.`,
      );
    }
  }
}
