/**
 * How the app and the CLI write times: the countdown, relative times ("in 4m 12s"),
 * UTC and local time. Pure functions of their inputs, so a test can stand at any instant.
 */

const INVALID = 'invalid time';

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Whole seconds left, rounded up. The countdown then reads 0:01 throughout the last
 * second and 0:00 only once the token has expired, so 0:00 and "Expired" always agree
 * and a still-valid token never shows 0:00. For the same reason 59.999 s reads 1:00.
 */
function secondsLeft(msLeft: number): number {
  const seconds = Math.ceil(msLeft / 1000);
  // A positive time too small for the division (5e-324 / 1000 is 0) still has not run out.
  return msLeft > 0 ? Math.max(seconds, 1) : seconds;
}

/**
 * "m:ss" (4:12), "h:mm:ss" from an hour up, "0:00" at or after expiry. A non-finite
 * input (an unknown expiry) reads "--:--" rather than a time.
 */
export function formatCountdown(msLeft: number): string {
  if (Number.isNaN(msLeft) || msLeft === Infinity) return '--:--';
  const total = Math.max(0, secondsLeft(msLeft));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours > 0 ? `${hours}:${pad2(minutes)}:${pad2(seconds)}` : `${minutes}:${pad2(seconds)}`;
}

/** A Julian year (365.25 days): a span of years then reads the same whichever years it covers. */
const YEAR_SECONDS = 31_557_600;

/** The two most significant units, the smaller one left out when it is zero ("2h", "2h 3m", "3y 10d"). */
function twoUnits(totalSeconds: number): string {
  const years = Math.floor(totalSeconds / YEAR_SECONDS);
  const days = Math.floor((totalSeconds % YEAR_SECONDS) / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const pair = (big: number, bigUnit: string, small: number, smallUnit: string): string =>
    small === 0 ? `${big}${bigUnit}` : `${big}${bigUnit} ${small}${smallUnit}`;
  if (years > 0) return pair(years, 'y', days, 'd');
  if (days > 0) return pair(days, 'd', hours, 'h');
  if (hours > 0) return pair(hours, 'h', minutes, 'm');
  if (minutes > 0) return pair(minutes, 'm', seconds, 's');
  return `${seconds}s`;
}

/**
 * A length of time as people say it, the one humanizer of the app and the CLI: "45s",
 * "2m 5s", "3y 10d" (years of 365.25 days). Whole seconds, sign ignored: the caller says
 * "ahead" or "ago". A non-finite input reads "unknown".
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'unknown';
  return twoUnits(Math.round(Math.abs(seconds)));
}

/**
 * A time relative to now: "in 4m 12s", "30s ago", "now". With `style: 'expiry'` the
 * past reads "expired 30s ago" and the instant itself "expired just now". Seconds are
 * rounded up like the countdown, so both show the same figure side by side.
 */
export function formatRelative(targetMs: number, nowMs: number, style: 'plain' | 'expiry' = 'plain'): string {
  const delta = targetMs - nowMs;
  if (!Number.isFinite(delta)) return 'unknown';
  const seconds = secondsLeft(delta);
  if (seconds > 0) return `in ${twoUnits(seconds)}`;
  const expired = style === 'expiry';
  if (seconds === 0) return expired ? 'expired just now' : 'now';
  return expired ? `expired ${twoUnits(-seconds)} ago` : `${twoUnits(-seconds)} ago`;
}

/** "2023-11-27 06:20:20 UTC" (seconds truncated, as clocks do). */
export function formatUtc(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return INVALID;
  const year = String(date.getUTCFullYear()).padStart(4, '0');
  return `${year}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())} ${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())} UTC`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone: building one costs far more than using it, and the countdown redraws every second. */
function formatterFor(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      numberingSystem: 'latn',
      calendar: 'gregory',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * "UTC+8", "UTC+5:30", "UTC-5", "UTC+0", worked out from the wall time rather than
 * taken from ICU's zone names, which differ between Node and Chromium builds.
 */
function offsetText(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hours = Math.floor(Math.abs(offsetMinutes) / 60);
  const minutes = Math.abs(offsetMinutes) % 60;
  return `UTC${sign}${hours}${minutes === 0 ? '' : `:${pad2(minutes)}`}`;
}

/**
 * Local time with its offset and zone: "2023-11-27 14:20:20 UTC+8 (Asia/Shanghai)".
 * `timeZone` (an IANA name) defaults to the system's; an unknown name throws a
 * RangeError, as Intl does, because showing another zone's time would mislead.
 */
export function formatLocal(ms: number, timeZone?: string): string {
  if (Number.isNaN(new Date(ms).getTime())) return INVALID;
  const formatter = formatterFor(timeZone);
  const parts = new Map(formatter.formatToParts(ms).map((part) => [part.type, part.value]));
  const field = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.get(type));
  const wall = new Date(0);
  wall.setUTCFullYear(field('year'), field('month') - 1, field('day'));
  wall.setUTCHours(field('hour'), field('minute'), field('second'));
  const offsetMinutes = Math.round((wall.getTime() - Math.floor(ms / 1000) * 1000) / 60_000);
  // The caller's own name for the zone: ICU would show some by their legacy aliases (Asia/Calcutta).
  const zone = timeZone ?? formatter.resolvedOptions().timeZone;
  const date = `${String(field('year')).padStart(4, '0')}-${pad2(field('month'))}-${pad2(field('day'))}`;
  return `${date} ${pad2(field('hour'))}:${pad2(field('minute'))}:${pad2(field('second'))} ${offsetText(offsetMinutes)} (${zone})`;
}

/** "14:06:56": the wall-clock time of day, for "refreshed at" and "next at" beside a live countdown. */
export function formatClock(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return INVALID;
  return `${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}`;
}
