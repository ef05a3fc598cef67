/**
 * "Copy fresh token" (tray, global shortcut): the profile's current token while it has a
 * minute or more left, else a new one. A token pasted into a widget must outlive the
 * paste and the page load; a minute is that margin, and reusing a good token spares a call.
 */
import type { TokenResult } from '../../../preload/contract';
import type { CallSource } from '../call-history';
import { systemClock, type Clock } from '../clock';
import { sameName } from '../profile';
import type { TokenService } from '../token-service';

export const FRESH_MIN_MS = 60_000;

export interface FreshToken {
  readonly result: TokenResult;
  /** Milliseconds left on the local clock when it was handed out. */
  readonly msLeft: number;
  readonly reused: boolean;
}

/** Time left on the local clock: the expiry is on the server's, which may be skewed. */
export function msLeft(result: TokenResult, nowMs: number): number | null {
  return result.effectiveExpiryMs === null ? null : result.effectiveExpiryMs - result.clockSkewMs - nowMs;
}

export class FreshTokens {
  private readonly latest = new Map<string, TokenResult>();

  constructor(
    private readonly tokens: Pick<TokenService, 'getToken'>,
    private readonly activeName: () => Promise<string>,
    private readonly clock: Clock = systemClock,
  ) {}

  /** A token the window (or any caller) just got: the next "fresh" copy may reuse it. */
  remember(result: TokenResult): void {
    for (const name of this.latest.keys()) if (sameName(name, result.profile)) this.latest.delete(name);
    this.latest.set(result.profile, result);
  }

  /** After a profile was saved or removed, its old token no longer speaks for it. */
  forgetAll(): void {
    this.latest.clear();
  }

  /** The last token of the profile this session, if any (the tray's countdown). */
  latestFor(profileName: string): TokenResult | undefined {
    return [...this.latest.values()].find((result) => sameName(result.profile, profileName));
  }

  async get(source: CallSource, profileName?: string): Promise<FreshToken> {
    const name = profileName ?? (await this.activeName());
    const now = this.clock.nowMs();
    const current = this.latestFor(name);
    const left = current === undefined ? null : msLeft(current, now);
    if (current !== undefined && left !== null && left >= FRESH_MIN_MS) return { result: current, msLeft: left, reused: true };
    const { result } = await this.tokens.getToken(name, undefined, { source });
    this.remember(result);
    return { result, msLeft: msLeft(result, this.clock.nowMs()) ?? 0, reused: false };
  }
}
