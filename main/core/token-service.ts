/**
 * Profile -> secrets -> signed call -> parsed token, decoded claims and the expiry to
 * count down to. The one path every shell uses to get a token. Keeping the access token
 * alive is the refresh coordinator's job: the service asks it to run the call.
 */
import { decodeJwt } from '../../common/jwt';
import type { JwtDecodeResult } from '../../common/jwt-types';
import type { TokenResult } from '../../preload/contract';
import type { Clock } from './clock';
import type { SandboxLauncher } from './core-deps';
import type { ProfileService, ResolvedProfile } from './profile-service';
import type { RefreshCoordinator } from './refresh-coordinator';
import { resolveProfile } from './resolve-profile';
import { SandboxSession } from './sandbox-session';
import { fetchWidgetToken, type RequestFn } from './widget-token-client';

export interface TokenOutcome {
  readonly result: TokenResult;
  readonly decoded: JwtDecodeResult;
  /** The call went with a renewed access token (near its end, or after a 105002). */
  readonly refreshed: boolean;
}

export interface TokenServiceOptions {
  readonly profiles: ProfileService;
  readonly sandbox: SandboxLauncher;
  /** The built-in profile's authorization in this process (none: it uses the demo access token). */
  readonly session?: SandboxSession;
  /** Refreshes access tokens that are near their end or answered 105002; without it, none is refreshed. */
  readonly refresher?: RefreshCoordinator;
  readonly clock?: Clock;
  readonly timeoutMs?: number;
  /** Sends the HTTP request instead of node:http(s) (tests). */
  readonly request?: RequestFn;
}

export interface GetTokenOptions {
  /** false: no refresh before the call nor after a 105002 (`get --no-refresh`). */
  readonly refresh?: boolean;
}

export class TokenService {
  private readonly session: SandboxSession;

  constructor(private readonly options: TokenServiceOptions) {
    this.session = options.session ?? new SandboxSession();
  }

  /** Fetches a token for `profileName`, or for the active profile when it is absent. */
  async getToken(profileName?: string, timeoutMs = this.options.timeoutMs, getOptions: GetTokenOptions = {}): Promise<TokenOutcome> {
    const name = profileName ?? (await this.options.profiles.activeName());
    const profile = await resolveProfile(name, { profiles: this.options.profiles, sandbox: this.options.sandbox, session: this.session });
    const { clock, request, refresher } = this.options;
    const call = (current: ResolvedProfile) =>
      fetchWidgetToken(
        { baseUrl: current.baseUrl, appKey: current.appKey, appSecret: current.appSecret, accessToken: current.accessToken, version: current.version, timeoutMs },
        { clock, request },
      );
    // The common case (no authorization to keep alive, or one far from its end) costs one check, no extra await.
    const refreshing = refresher !== undefined && getOptions.refresh !== false ? refresher : undefined;
    const ready = refreshing?.needsRefresh(profile) ? await refreshing.refreshBeforeCall(profile) : profile;
    let refreshed = ready !== profile;
    let response: Awaited<ReturnType<typeof call>>;
    try {
      response = await call(ready);
    } catch (error) {
      if (refreshing === undefined) throw error;
      response = await refreshing.retryAfterExpired(ready, error, call);
      refreshed = true;
    }
    const decoded = decodeJwt(response.token);
    const jwtExp = decoded.ok ? (decoded.exp ?? null) : null;
    const { expireAt } = response;
    const effectiveExpiry = expireAt === null ? jwtExp : jwtExp === null ? expireAt : Math.min(expireAt, jwtExp);
    const result: TokenResult = {
      profile: profile.name,
      sandbox: profile.sandbox,
      baseUrl: profile.baseUrl,
      token: response.token,
      expireAt: response.expireAt,
      jwtExp,
      effectiveExpiryMs: effectiveExpiry === null ? null : effectiveExpiry * 1000,
      expiryDisagreement:
        response.expireAt !== null && jwtExp !== null && response.expireAt !== jwtExp ? { expireAt: response.expireAt, jwtExp } : null,
      requestId: response.requestId,
      clockSkewMs: response.clockSkewMs,
      clockSkewWarning: response.clockSkewWarning,
      receivedAtMs: response.receivedAtMs,
      curl: response.curl,
      stringToSign: response.stringToSign,
    };
    return { result, decoded, refreshed };
  }
}
