/**
 * A decoded JWT as terminal text: header and claims one per line, values as exact JSON,
 * and every time claim annotated as local time, UTC and relative to now, e.g.
 * `exp  1701066020  2023-11-27 14:20:20 GMT+8 (Asia/Shanghai)  2023-11-27 06:20:20 UTC  (expired 361d ago)`.
 */
import type { ClaimRow, DecodedJwt } from '../../common/jwt-types';
import { formatLocal, formatRelative, formatUtc } from '../../common/time-format';
import { MAX_SHOWN_NAME_CHARS, terminalText } from './terminal-text';

/** Claims whose time is an expiry: the past reads "expired ... ago". */
const EXPIRY_CLAIMS: ReadonlySet<string> = new Set(['exp', 'Expire']);

/** A claim's name as shown: the token's text, made terminal-safe. */
function shownName(row: ClaimRow): string {
  return terminalText(row.name, MAX_SHOWN_NAME_CHARS);
}

function rowLine(row: ClaimRow, width: number, nowMs: number, timeZone: string | undefined): string {
  const head = `  ${shownName(row).padEnd(width)}  ${terminalText(row.valueText)}`;
  if (row.epochSeconds === undefined) return head;
  const ms = row.epochSeconds * 1000;
  const relative = formatRelative(ms, nowMs, EXPIRY_CLAIMS.has(row.name) ? 'expiry' : 'plain');
  return `${head}  ${formatLocal(ms, timeZone)}  ${formatUtc(ms)}  (${relative})`;
}

function section(title: string, rows: readonly ClaimRow[], nowMs: number, timeZone: string | undefined): string[] {
  if (rows.length === 0) return [title, '  (none)'];
  const width = Math.max(...rows.map((row) => shownName(row).length));
  return [title, ...rows.map((row) => rowLine(row, width, nowMs, timeZone))];
}

/** `timeZone` (an IANA name) defaults to the system's. */
export function decodedJwtText(decoded: DecodedJwt, nowMs: number, timeZone?: string): string {
  return [
    ...section('Header', decoded.headerRows, nowMs, timeZone),
    ...section('Claims', decoded.claimRows, nowMs, timeZone),
    'Signature  not verified (decoding needs no key; checking the signature needs the issuer\'s)',
    '',
  ].join('\n');
}
