import { describe, expect, it } from 'vitest';
import {
  AUTO_REFRESH_LEAD_MS,
  autoRefreshDelayMs,
  countdownState,
  disagreementSeconds,
  localExpiryMs,
  msUntilNextSecond,
  secondsLeft,
} from './expiry';

const NOW = 1_700_000_000_000;

describe('localExpiryMs', () => {
  it('moves the server expiry onto the local clock', () => {
    // The server runs 90 s ahead: its expiry comes 90 s earlier on this machine's clock.
    expect(localExpiryMs({ effectiveExpiryMs: NOW + 300_000, clockSkewMs: 90_000 })).toBe(NOW + 210_000);
    expect(localExpiryMs({ effectiveExpiryMs: NOW + 300_000, clockSkewMs: -5_000 })).toBe(NOW + 305_000);
  });

  it('has nothing to count down to without an expiry', () => {
    expect(localExpiryMs({ effectiveExpiryMs: null, clockSkewMs: 0 })).toBeNull();
  });
});

describe('the countdown tick', () => {
  it('rounds up, so a valid token never reads zero', () => {
    expect(secondsLeft(NOW + 299_001, NOW)).toBe(300);
    expect(secondsLeft(NOW + 1, NOW)).toBe(1);
    expect(secondsLeft(NOW, NOW)).toBe(0);
    expect(secondsLeft(NOW - 30_000, NOW)).toBe(-30);
  });

  it('wakes exactly when the shown second changes, before and after expiry', () => {
    expect(msUntilNextSecond(NOW + 4_250, NOW)).toBe(250);
    expect(msUntilNextSecond(NOW + 4_000, NOW)).toBe(1_000);
    expect(msUntilNextSecond(NOW - 300, NOW)).toBe(700);
    for (const left of [59_999, 60_000, 1, -1, -999, 12_345]) {
      const wake = msUntilNextSecond(NOW + left, NOW);
      expect(wake).toBeGreaterThan(0);
      expect(wake).toBeLessThanOrEqual(1_000);
      expect(secondsLeft(NOW + left, NOW + wake)).toBe(secondsLeft(NOW + left, NOW) - 1);
      expect(secondsLeft(NOW + left, NOW + wake - 1)).toBe(secondsLeft(NOW + left, NOW));
    }
  });

  it('warns under a minute and says expired at zero', () => {
    expect(countdownState(60_000)).toBe('ok');
    expect(countdownState(59_000)).toBe('warning');
    expect(countdownState(1_000)).toBe('warning');
    expect(countdownState(0)).toBe('expired');
    expect(countdownState(-5_000)).toBe('expired');
  });
});

describe('autoRefreshDelayMs', () => {
  const token = { effectiveExpiryMs: NOW + 300_000, clockSkewMs: 0, receivedAtMs: NOW };

  it('fetches the next token 15 s before this one expires', () => {
    expect(autoRefreshDelayMs(token, NOW)).toBe(300_000 - AUTO_REFRESH_LEAD_MS);
    expect(autoRefreshDelayMs(token, NOW + 100_000)).toBe(200_000 - AUTO_REFRESH_LEAD_MS);
  });

  it('uses the local clock when the server clock is off', () => {
    expect(autoRefreshDelayMs({ ...token, clockSkewMs: 60_000 }, NOW)).toBe(240_000 - AUTO_REFRESH_LEAD_MS);
  });

  it('fetches at once when switched on late, or after a sleep', () => {
    expect(autoRefreshDelayMs(token, NOW + 290_000)).toBe(0);
    expect(autoRefreshDelayMs(token, NOW + 900_000)).toBe(0);
  });

  it('never loops on a token born inside the lead window', () => {
    expect(autoRefreshDelayMs({ ...token, effectiveExpiryMs: NOW + 10_000 }, NOW)).toBeNull();
    expect(autoRefreshDelayMs({ ...token, effectiveExpiryMs: null }, NOW)).toBeNull();
  });
});

describe('disagreementSeconds', () => {
  it('is the gap between expire_at and exp, whichever is earlier', () => {
    // The API document's own sample: expire_at 1701363599, exp 1701066020.
    expect(disagreementSeconds({ expireAt: 1701363599, jwtExp: 1701066020 })).toBe(297579);
    expect(disagreementSeconds({ expireAt: 100, jwtExp: 130 })).toBe(30);
  });
});
