import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCountdown, formatDuration, formatLocal, formatRelative, formatUtc } from './time-format';

/** exp of the documented sample token, in ms. */
const SAMPLE_EXP_MS = 1_701_066_020_000;

describe('formatCountdown', () => {
  it.each([
    [252_000, '4:12'],
    [300_000, '5:00'],
    [60_001, '1:01'],
    [60_000, '1:00'],
    [59_999, '1:00'],
    [59_000, '0:59'],
    [1_001, '0:02'],
    [1_000, '0:01'],
    [999, '0:01'],
    [1, '0:01'],
    [0.001, '0:01'],
    [0, '0:00'],
    [-0, '0:00'],
    [-1, '0:00'],
    [-30_000, '0:00'],
    [-Infinity, '0:00'],
    [3_599_000, '59:59'],
    [3_599_001, '1:00:00'],
    [3_600_000, '1:00:00'],
    [3_723_000, '1:02:03'],
    [36_000_000 + 5_000, '10:00:05'],
    [Number.NaN, '--:--'],
    [Infinity, '--:--'],
  ])('%d ms left reads %s', (ms, shown) => {
    expect(formatCountdown(ms)).toBe(shown);
  });

  it('reads 0:00 exactly when the time is up, never before', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), (ms) => {
        expect(formatCountdown(ms) === '0:00').toBe(ms <= 0);
      }),
    );
  });

  it('never counts up as time passes', () => {
    const toSeconds = (text: string): number => text.split(':').reduce((total, part) => total * 60 + Number(part), 0);
    fc.assert(
      fc.property(fc.integer({ min: -10_000, max: 10_000_000 }), fc.integer({ min: 0, max: 5_000 }), (ms, elapsed) => {
        expect(toSeconds(formatCountdown(ms - elapsed))).toBeLessThanOrEqual(toSeconds(formatCountdown(ms)));
      }),
    );
  });
});

describe('formatRelative', () => {
  const now = SAMPLE_EXP_MS - 252_000;
  it.each([
    [252_000, 'in 4m 12s', 'in 4m 12s'],
    [251_001, 'in 4m 12s', 'in 4m 12s'],
    [60_000, 'in 1m', 'in 1m'],
    [59_999, 'in 1m', 'in 1m'],
    [59_000, 'in 59s', 'in 59s'],
    [500, 'in 1s', 'in 1s'],
    [0, 'now', 'expired just now'],
    [-999, 'now', 'expired just now'],
    [-1_000, '1s ago', 'expired 1s ago'],
    [-30_000, '30s ago', 'expired 30s ago'],
    [-30_500, '30s ago', 'expired 30s ago'],
    [-90_000, '1m 30s ago', 'expired 1m 30s ago'],
    [3_600_000, 'in 1h', 'in 1h'],
    [7_380_000, 'in 2h 3m', 'in 2h 3m'],
    [7_439_000, 'in 2h 3m', 'in 2h 3m'],
    [-7_380_000, '2h 3m ago', 'expired 2h 3m ago'],
    [273_600_000, 'in 3d 4h', 'in 3d 4h'],
    [86_400_000, 'in 1d', 'in 1d'],
    [-400 * 86_400_000, '1y 34d ago', 'expired 1y 34d ago'],
  ])('%d ms away reads %s (as an expiry: %s)', (offset, plain, expiry) => {
    expect(formatRelative(now + offset, now)).toBe(plain);
    expect(formatRelative(now + offset, now, 'expiry')).toBe(expiry);
  });

  it('shows the same seconds as the countdown beside it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3_599_000 }), (ms) => {
        const [minutes = '0', seconds = '0'] = formatCountdown(ms).split(':');
        const expected = Number(minutes) === 0 ? `in ${Number(seconds)}s` : Number(seconds) === 0 ? `in ${Number(minutes)}m` : `in ${Number(minutes)}m ${Number(seconds)}s`;
        expect(formatRelative(SAMPLE_EXP_MS + ms, SAMPLE_EXP_MS)).toBe(expected);
      }),
    );
  });

  it('says unknown for a time that is not a number', () => {
    expect(formatRelative(Number.NaN, 0)).toBe('unknown');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [45, '45s'],
    [125, '2m 5s'],
    [-125, '2m 5s'],
    [3_600, '1h'],
    [300.4, '5m'],
    [86_400 * 3 + 3_600 * 4 + 59, '3d 4h'],
    [95_580_863, '3y 10d'],
    [365 * 86_400, '365d'],
    [31_557_600, '1y'],
  ])('%d s reads %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('says unknown for a length that is not a number', () => {
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('unknown');
  });
});

describe('formatUtc', () => {
  it.each([
    [SAMPLE_EXP_MS, '2023-11-27 06:20:20 UTC'],
    [SAMPLE_EXP_MS + 999, '2023-11-27 06:20:20 UTC'],
    [0, '1970-01-01 00:00:00 UTC'],
    [-1_000, '1969-12-31 23:59:59 UTC'],
    [253_402_300_799_000, '9999-12-31 23:59:59 UTC'],
    [Number.NaN, 'invalid time'],
    [8.64e15 + 1, 'invalid time'],
  ])('%d reads %s', (ms, shown) => {
    expect(formatUtc(ms)).toBe(shown);
  });
});

describe('formatLocal', () => {
  it.each([
    ['Asia/Shanghai', '2023-11-27 14:20:20 UTC+8 (Asia/Shanghai)'],
    ['America/New_York', '2023-11-27 01:20:20 UTC-5 (America/New_York)'],
    ['Asia/Kolkata', '2023-11-27 11:50:20 UTC+5:30 (Asia/Kolkata)'],
    ['Europe/London', '2023-11-27 06:20:20 UTC+0 (Europe/London)'],
  ])('shows the sample expiry in %s with its offset', (zone, shown) => {
    expect(formatLocal(SAMPLE_EXP_MS, zone)).toBe(shown);
  });

  it('follows daylight saving time', () => {
    expect(formatLocal(Date.UTC(2024, 6, 1, 12, 0, 0), 'America/New_York')).toBe('2024-07-01 08:00:00 UTC-4 (America/New_York)');
  });

  it('writes midnight as 00, not 24', () => {
    expect(formatLocal(Date.UTC(2024, 0, 1, 16, 0, 5), 'Asia/Shanghai')).toBe('2024-01-02 00:00:05 UTC+8 (Asia/Shanghai)');
  });

  it("uses the system's zone when none is given", () => {
    const systemZone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(formatLocal(SAMPLE_EXP_MS)).toMatch(new RegExp(`^2023-11-2[67] \\d\\d:\\d\\d:20 UTC[+-]\\d+(?::\\d\\d)? \\(${systemZone.replace('+', '\\+')}\\)$`));
  });

  it('refuses an unknown zone instead of showing another one', () => {
    expect(() => formatLocal(SAMPLE_EXP_MS, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });

  it('says invalid time for a time that is not a number', () => {
    expect(formatLocal(Number.NaN, 'UTC')).toBe('invalid time');
  });
});
