import type { TokenResult } from '../../preload/contract';

/** Below this the countdown turns to its warning colour. */
export const WARNING_MS = 60_000;

/** Auto-refresh fetches the next token this long before the current one expires. */
export const AUTO_REFRESH_LEAD_MS = 15_000;

export type CountdownState = 'ok' | 'warning' | 'expired';

/**
 * The expiry on this machine's clock. The server's expiry is on the server's clock;
 * clockSkewMs is server minus local, so a fast or slow local clock still counts down right.
 */
export function localExpiryMs(token: Pick<TokenResult, 'effectiveExpiryMs' | 'clockSkewMs'>): number | null {
  return token.effectiveExpiryMs === null ? null : token.effectiveExpiryMs - token.clockSkewMs;
}

/** Whole seconds left, rounded up: a countdown shows 0:01 during its last second and 0:00 only when expired. */
export function secondsLeft(targetMs: number, nowMs: number): number {
  return Math.ceil((targetMs - nowMs) / 1000);
}

/** Milliseconds until `secondsLeft` next changes, so a ticking display wakes exactly once per second. */
export function msUntilNextSecond(targetMs: number, nowMs: number): number {
  const left = targetMs - nowMs;
  return left - (Math.ceil(left / 1000) - 1) * 1000;
}

export function countdownState(msLeft: number): CountdownState {
  if (msLeft <= 0) return 'expired';
  return msLeft < WARNING_MS ? 'warning' : 'ok';
}

/**
 * When auto-refresh should fetch the next token, in ms from now; null when it should not.
 * A token that arrived already inside the lead window (a lifetime under 15 s, a wild clock)
 * is not refreshed automatically: refreshing it would fetch again and again.
 */
export function autoRefreshDelayMs(
  token: Pick<TokenResult, 'effectiveExpiryMs' | 'clockSkewMs' | 'receivedAtMs'>,
  nowMs: number,
): number | null {
  const expiry = localExpiryMs(token);
  if (expiry === null) return null;
  const fireAt = expiry - AUTO_REFRESH_LEAD_MS;
  if (fireAt <= token.receivedAtMs) return null;
  return Math.max(0, fireAt - nowMs);
}

/** The seconds between expire_at and the JWT exp, for the disagreement note. */
export function disagreementSeconds(disagreement: { readonly expireAt: number; readonly jwtExp: number }): number {
  return Math.abs(disagreement.expireAt - disagreement.jwtExp);
}
