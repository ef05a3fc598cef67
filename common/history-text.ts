/**
 * The History panel's "Copy as text": the session's calls as plain lines for a support
 * ticket. Times in UTC (the reader of the ticket is elsewhere); never a token, because a
 * HistoryEntry has none.
 */
import type { HistoryEntry } from '../preload/contract';

function utc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A request_id comes from a server: a line break or control character in it must not forge a line. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function historyLine(entry: HistoryEntry): string {
  const parts = [
    utc(entry.atMs),
    `profile=${oneLine(entry.profile)}`,
    `code=${oneLine(entry.code)}`,
    `request_id=${entry.requestId === null ? '-' : oneLine(entry.requestId)}`,
    `expires=${entry.expiresAtMs === null ? '-' : utc(entry.expiresAtMs)}`,
    `duration=${Math.round(entry.durationMs)}ms`,
    `via=${entry.source}`,
  ];
  return parts.join(' ');
}

export function historyAsText(entries: readonly HistoryEntry[]): string {
  if (entries.length === 0) return 'Widget Token Desk: no token calls in this session.';
  return [`Widget Token Desk: ${entries.length} token call${entries.length === 1 ? '' : 's'} in this session (oldest first)`, ...entries.map(historyLine)].join('\n');
}
