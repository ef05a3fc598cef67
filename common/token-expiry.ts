/**
 * Whether a token was already past its expiry when it arrived, which the window and the
 * CLI both say in words: such a token looks like any other, and a widget refuses it.
 */
export interface TokenTimes {
  /** The earlier of expire_at and exp, Unix ms on the server's clock; null when unknown. */
  readonly effectiveExpiryMs: number | null;
  /** Local time the answer arrived, Unix ms. */
  readonly receivedAtMs: number;
  /** Server clock minus local clock. */
  readonly clockSkewMs: number;
}

/** True when the server's own clock says the token had expired when its answer arrived. */
export function expiredOnArrival(token: TokenTimes): boolean {
  return token.effectiveExpiryMs !== null && token.effectiveExpiryMs <= token.receivedAtMs + token.clockSkewMs;
}
