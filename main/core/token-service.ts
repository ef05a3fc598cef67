/**
 * Profile -> secrets -> signed call -> parsed token, decoded claims and the expiry to
 * count down to. The one path every shell uses to get a token. Keeping the access token
 * alive is the refresh coordinator's job: the service asks it to run the call.
 */
import { decodeJwt } from '../../common/jwt';
import type { JsonNode } from '../../common/json-node';
import type { JwtDecodeResult } from '../../common/jwt-types';
import type { TokenResult } from '../../preload/contract';
import { callCode, type CallHistory, type CallSource } from './call-history';
import { systemClock, type Clock } from './clock';
import type { SandboxLauncher } from './core-deps';
import { ApiError, NetworkError } from './errors';
import type { ProfileService, ResolvedProfile } from './profile-service';
import type { RefreshCoordinator } from './refresh-coordinator';
import { resolveProfile } from './resolve-profile';
import { SandboxSession } from './sandbox-session';
import { secretMasker, type SecretMasker } from './secret-mask';
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
  /** Every call, its outcome and duration, for the History panel (never the token). */
  readonly history?: CallHistory;
}

/**
 * The answer was masked as it was read (envelope.ts), but a secret inside the token's
 * claims is base64url there, out of the masker's sight, and every shell decodes the token
 * it shows (the window, on its own side of the bridge). A widget token never carries the
 * profile's secrets: one that does is refused whole rather than handed on.
 */
function refuseSecretInClaims(decoded: JwtDecodeResult, secrets: readonly string[]): void {
  if (!decoded.ok) return;
  if (!holdsSecret([decoded.header, decoded.payload], secretMasker(secrets))) return;
  throw new NetworkError(
    'The token the server sent carries a secret of this profile in its claims, so it is not shown.',
    'A widget token never holds the app secret or the access token: the server, or something in between, copied one into it.',
    'Check that the base URL points at the TikTok Shop Open API, or at a proxy that forwards its answers unchanged.',
  );
}

/**
 * Whether any name, string or number text anywhere in the decoded header or claims would be
 * masked: everything a shell shows of them. A list, not recursion: a token may nest deeply.
 */
function holdsSecret(roots: readonly JsonNode[], mask: SecretMasker): boolean {
  const shows = (text: string) => mask(text) !== text;
  const pending = [...roots];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (node.type === 'string' ? shows(node.value) : node.type === 'number' ? shows(node.text) : false) return true;
    if (node.type === 'array') for (const item of node.items) pending.push(item);
    else if (node.type === 'object') {
      for (const [name, value] of node.entries) {
        if (shows(name)) return true;
        pending.push(value);
      }
    }
  }
  return false;
}

export interface GetTokenOptions {
  /** false: no refresh before the call nor after a 105002 (`get --no-refresh`). */
  readonly refresh?: boolean;
  /** Where the call came from, for the History panel; `window` unless said. */
  readonly source?: CallSource;
}

export class TokenService {
  private readonly session: SandboxSession;

  constructor(private readonly options: TokenServiceOptions) {
    this.session = options.session ?? new SandboxSession();
  }

  /** Fetches a token for `profileName`, or for the active profile when it is absent. */
  async getToken(profileName?: string, timeoutMs = this.options.timeoutMs, getOptions: GetTokenOptions = {}): Promise<TokenOutcome> {
    const name = profileName ?? (await this.options.profiles.activeName());
    const { clock, request, refresher, history } = this.options;
    // One function, no wrapper: this path is measured against a raw GET (npm run bench).
    const startedMs = history === undefined ? 0 : (clock ?? systemClock).nowMs();
    const source = getOptions.source ?? 'window';
    let used: ResolvedProfile | null = null;
    const call = (current: ResolvedProfile) => {
      used = current;
      return fetchWidgetToken(
        { baseUrl: current.baseUrl, appKey: current.appKey, appSecret: current.appSecret, accessToken: current.accessToken, version: current.version, timeoutMs },
        { clock, request },
      );
    };
    let profile: ResolvedProfile;
    let refreshed: boolean;
    let response: Awaited<ReturnType<typeof call>>;
    try {
      profile = await resolveProfile(name, { profiles: this.options.profiles, sandbox: this.options.sandbox, session: this.session });
      // The common case (no authorization to keep alive, or one far from its end) costs one check, no extra await.
      const refreshing = refresher !== undefined && getOptions.refresh !== false ? refresher : undefined;
      const ready = refreshing?.needsRefresh(profile) ? await refreshing.refreshBeforeCall(profile) : profile;
      refreshed = ready !== profile;
      try {
        response = await call(ready);
      } catch (error) {
        if (refreshing === undefined) throw error;
        response = await refreshing.retryAfterExpired(ready, error, call);
        refreshed = true;
      }
    } catch (error) {
      const requestId = error instanceof ApiError ? error.requestId : null;
      history?.add({ atMs: startedMs, profile: name, code: callCode(error), requestId, expiresAtMs: null, durationMs: (clock ?? systemClock).nowMs() - startedMs, source });
      throw error;
    }
    const decoded = decodeJwt(response.token);
    const sent = used ?? profile;
    refuseSecretInClaims(decoded, [sent.appSecret, sent.accessToken]);
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
      appKey: profile.appKey,
    };
    history?.add({ atMs: startedMs, profile: result.profile, code: '0', requestId: result.requestId, expiresAtMs: result.effectiveExpiryMs, durationMs: (clock ?? systemClock).nowMs() - startedMs, source });
    return { result, decoded, refreshed };
  }
}
