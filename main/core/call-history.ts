/**
 * The session's token calls, kept in the main process so that calls made from the tray
 * and the global shortcut are listed beside the window's. Bounded: the oldest entries go
 * first. An entry has no room for a token or a secret (see HistoryEntry).
 */
import type { HistoryEntry } from '../../preload/contract';
import { ApiError, AppError } from './errors';

export const HISTORY_LIMIT = 200;

export type CallSource = HistoryEntry['source'];

/** What a call ended with, for the `code` column: "0", the API's code, or the error's kind. */
export function callCode(error: unknown): string {
  if (error instanceof ApiError) return error.code;
  if (error instanceof AppError) return error.kind;
  return 'internal';
}

export class CallHistory {
  // A ring: adding is O(1) on the token path, however full the history is.
  private readonly entries: HistoryEntry[] = [];
  private next = 0;

  constructor(private readonly limit = HISTORY_LIMIT) {}

  add(entry: HistoryEntry): void {
    if (this.entries.length < this.limit) this.entries.push(entry);
    else this.entries[this.next] = entry;
    this.next = (this.next + 1) % this.limit;
  }

  /** Oldest first. */
  list(): readonly HistoryEntry[] {
    return this.entries.length < this.limit ? [...this.entries] : [...this.entries.slice(this.next), ...this.entries.slice(0, this.next)];
  }
}
