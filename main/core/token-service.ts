/**
 * Profile -> secrets -> signed call -> parsed token, decoded claims and the expiry to
 * count down to. The one path every shell uses to get a token.
 */
import { decodeJwt } from '../../common/jwt';
import type { ClaimRow, JwtDecodeResult } from '../../common/jwt-types';
import { SANDBOX_PROFILE, type TokenResult } from '../../preload/contract';
import { callCode, type CallHistory, type CallSource } from './call-history';
import { systemClock, type Clock } from './clock';
import { ApiError } from './errors';
import type { SandboxLauncher } from './core-deps';
import { NetworkError } from './errors';
import { secretMasker } from './secret-mask';
import { isSandboxName, type ProfileService, type ResolvedProfile } from './profile-service';
import { fetchWidgetToken, type RequestFn } from './widget-token-client';

export interface TokenOutcome {
  readonly result: TokenResult;
  readonly decoded: JwtDecodeResult;
}

export interface TokenServiceOptions {
  readonly profiles: ProfileService;
  readonly sandbox: SandboxLauncher;
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
  const mask = secretMasker(secrets);
  // The rows are what any shell shows of the header and the claims: each name, and each value as exact JSON text.
  const shown = (row: ClaimRow) => mask(row.name) !== row.name || mask(row.valueText) !== row.valueText;
  if (!decoded.headerRows.some(shown) && !decoded.claimRows.some(shown)) return;
  throw new NetworkError(
    'The token the server sent carries a secret of this profile in its claims, so it is not shown.',
    'A widget token never holds the app secret or the access token: the server, or something in between, copied one into it.',
    'Check that the base URL points at the TikTok Shop Open API, or at a proxy that forwards its answers unchanged.',
  );
}

export class TokenService {
  constructor(private readonly options: TokenServiceOptions) {}

  /** Fetches a token for `profileName`, or for the active profile when it is absent. */
  async getToken(profileName?: string, timeoutMs = this.options.timeoutMs, source: CallSource = 'window'): Promise<TokenOutcome> {
    const name = profileName ?? (await this.options.profiles.activeName());
    const { clock, request, history } = this.options;
    // One function, no wrapper: this path is measured against a raw GET (npm run bench).
    const startedMs = history === undefined ? 0 : (clock ?? systemClock).nowMs();
    let response: Awaited<ReturnType<typeof fetchWidgetToken>>;
    let profile: ResolvedProfile;
    try {
      profile = await this.resolve(name);
      response = await fetchWidgetToken(
        { baseUrl: profile.baseUrl, appKey: profile.appKey, appSecret: profile.appSecret, accessToken: profile.accessToken, version: profile.version, timeoutMs },
        { clock, request },
      );
    } catch (error) {
      const requestId = error instanceof ApiError ? error.requestId : null;
      history?.add({ atMs: startedMs, profile: name, code: callCode(error), requestId, expiresAtMs: null, durationMs: (clock ?? systemClock).nowMs() - startedMs, source });
      throw error;
    }
    const decoded = decodeJwt(response.token);
    refuseSecretInClaims(decoded, [profile.appSecret, profile.accessToken]);
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
    return { result, decoded };
  }

  private async resolve(name: string): Promise<ResolvedProfile> {
    if (!isSandboxName(name)) return this.options.profiles.resolveStored(name);
    const endpoint = await this.options.sandbox();
    return {
      name: SANDBOX_PROFILE,
      sandbox: true,
      baseUrl: endpoint.baseUrl,
      appKey: endpoint.appKey,
      appSecret: endpoint.appSecret,
      accessToken: endpoint.accessToken,
    };
  }
}
