/**
 * The sandbox's memory of seller authorizations: the codes its authorize page hands out,
 * and the access and refresh tokens it issued for them. Plain logic on an injected clock,
 * so every expiry can be tried without waiting; the HTTP side is sandbox-server.ts.
 * Nothing here outlives the sandbox process: a restarted sandbox knows no token.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock';
import { SANDBOX_SELLER } from './demo-credentials';

/** A code is good for 30 minutes, once, as on TikTok Shop. */
export const CODE_TTL_SECONDS = 30 * 60;
export const DEFAULT_ACCESS_TTL_SECONDS = 7 * 24 * 3600;
export const DEFAULT_REFRESH_TTL_SECONDS = 30 * 24 * 3600;

export interface AuthorityOptions {
  readonly clock: Clock;
  readonly accessTtlSeconds: number;
  readonly refreshTtlSeconds: number;
}

/** The answer's `data` of token/get and token/refresh, as the API documents it. */
export interface IssuedGrant {
  readonly access_token: string;
  readonly access_token_expire_in: number;
  readonly refresh_token: string;
  readonly refresh_token_expire_in: number;
  readonly open_id: string;
  readonly seller_name: string;
  readonly seller_base_region: string;
  readonly user_type: number;
  readonly granted_scopes: readonly string[];
}

/** What the sandbox refuses, with the code TikTok Shop answers it with. */
export interface AuthRefusal {
  readonly code: number;
  readonly message: string;
}

export type AccessCheck = 'valid' | 'expired' | 'unknown';

/** How often each exchange succeeded: tests count refreshes across processes with it. */
export interface AuthorityStats {
  readonly codeExchanges: number;
  readonly refreshes: number;
}

function mint(prefix: string): string {
  return `${prefix}${randomBytes(18).toString('base64url')}`;
}

export class SandboxAuthority {
  private readonly codes = new Map<string, { issuedAt: number; used: boolean }>();
  private readonly accessTokens = new Map<string, number>();
  /** Live refresh tokens and the end of the authorization they belong to. */
  private readonly refreshTokens = new Map<string, number>();
  private exchanges = 0;
  private refreshCount = 0;

  constructor(private readonly options: AuthorityOptions) {}

  private now(): number {
    return Math.floor(this.options.clock.nowMs() / 1000);
  }

  /** The seller approved at once: a fresh single-use code. */
  issueCode(): string {
    const code = mint('SBX_CODE_');
    this.codes.set(code, { issuedAt: this.now(), used: false });
    return code;
  }

  exchangeCode(code: string): IssuedGrant | AuthRefusal {
    const known = this.codes.get(code);
    if (known === undefined) return { code: 36004004, message: 'invalid auth code: the sandbox never issued this code.' };
    if (known.used) return { code: 36004004, message: 'invalid auth code: it has already been used (a code is good for one exchange).' };
    if (this.now() > known.issuedAt + CODE_TTL_SECONDS) return { code: 36004004, message: 'invalid auth code: it has expired (a code is good for 30 minutes).' };
    known.used = true;
    this.exchanges += 1;
    return this.grant(this.now() + this.options.refreshTtlSeconds);
  }

  refresh(refreshToken: string): IssuedGrant | AuthRefusal {
    const authorizationEnds = this.refreshTokens.get(refreshToken);
    if (authorizationEnds === undefined) {
      return { code: 36004005, message: 'can not find related auth record: this refresh token is unknown, or was already replaced by a refresh.' };
    }
    if (this.now() >= authorizationEnds) return { code: 36004001, message: 'rt has expired: the seller must authorize the app again.' };
    // Rotation: the old refresh token dies with this answer.
    this.refreshTokens.delete(refreshToken);
    this.refreshCount += 1;
    return this.grant(authorizationEnds);
  }

  checkAccessToken(token: string): AccessCheck {
    const expiresAt = this.accessTokens.get(token);
    if (expiresAt === undefined) return 'unknown';
    return this.now() >= expiresAt ? 'expired' : 'valid';
  }

  stats(): AuthorityStats {
    return { codeExchanges: this.exchanges, refreshes: this.refreshCount };
  }

  /** The refresh token lives as long as the authorization; the access token its own TTL, never past that. */
  private grant(authorizationEnds: number): IssuedGrant {
    const accessToken = mint('SBX_AT_');
    const refreshToken = mint('SBX_RT_');
    const accessExpiresAt = Math.min(this.now() + this.options.accessTtlSeconds, authorizationEnds);
    this.accessTokens.set(accessToken, accessExpiresAt);
    this.refreshTokens.set(refreshToken, authorizationEnds);
    return {
      access_token: accessToken,
      access_token_expire_in: accessExpiresAt,
      refresh_token: refreshToken,
      refresh_token_expire_in: authorizationEnds,
      open_id: SANDBOX_SELLER.openId,
      seller_name: SANDBOX_SELLER.name,
      seller_base_region: SANDBOX_SELLER.baseRegion,
      user_type: SANDBOX_SELLER.userType,
      granted_scopes: [...SANDBOX_SELLER.grantedScopes],
    };
  }
}

export function isRefusal(outcome: IssuedGrant | AuthRefusal): outcome is AuthRefusal {
  return 'code' in outcome;
}
