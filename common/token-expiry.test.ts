import { describe, expect, it } from 'vitest';
import { expiredOnArrival } from './token-expiry';

describe('expiredOnArrival', () => {
  const receivedAtMs = 1_700_000_000_000;

  it('is false for a token with time left on the server clock', () => {
    expect(expiredOnArrival({ effectiveExpiryMs: receivedAtMs + 300_000, receivedAtMs, clockSkewMs: 0 })).toBe(false);
  });

  it('is true for a token whose expiry had passed when it arrived', () => {
    expect(expiredOnArrival({ effectiveExpiryMs: receivedAtMs - 1_000, receivedAtMs, clockSkewMs: 0 })).toBe(true);
  });

  it('judges by the server clock, not a local clock that runs behind', () => {
    // Local clock 10 min slow: the server already stands past the expiry.
    expect(expiredOnArrival({ effectiveExpiryMs: receivedAtMs + 300_000, receivedAtMs, clockSkewMs: 600_000 })).toBe(true);
  });

  it('is false when the expiry is unknown', () => {
    expect(expiredOnArrival({ effectiveExpiryMs: null, receivedAtMs, clockSkewMs: 0 })).toBe(false);
  });
});
