import { useEffect, useState } from 'react';
import type { HistoryEntry } from '../../../preload/contract';
import { historyAsText } from '../../../common/history-text';
import { formatLocal } from '../../../common/time-format';
import { bridge, settle } from '../bridge';
import { useApp } from '../store';

/** Calls from the tray and the shortcut reach main without the window knowing. */
const POLL_MS = 5_000;

function codeText(code: string): string {
  return code === '0' ? 'ok' : code;
}

/**
 * The session's token calls (kept in main, so the tray's and the shortcut's are here too),
 * newest first, and "Copy as text" for a support ticket. Loaded lazily: it is not part of
 * the first screen.
 */
export default function HistoryPanel() {
  const [entries, setEntries] = useState<readonly HistoryEntry[] | null>(null);
  const [status, setStatus] = useState('');
  const token = useApp((s) => s.token);
  const error = useApp((s) => s.error);

  // Again after each token or error in the window, and every few seconds for the tray's and the shortcut's calls.
  useEffect(() => {
    let live = true;
    const load = (): void =>
      void settle(bridge(), (api) => api.listHistory()).then((result) => {
        if (!live) return;
        if (result.ok) setEntries(result.value.entries);
        else setStatus(result.error.message);
      });
    load();
    const timer = setInterval(load, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [token, error]);

  const copy = async (): Promise<void> => {
    const result = await settle(bridge(), (api) => api.copyText({ text: historyAsText(entries ?? []) }));
    setStatus(result.ok ? 'History copied as text' : result.error.message);
  };

  return (
    <section role="region" aria-label="History" className="card history-panel">
      <div className="section-head">
        <h2 className="card-title">History</h2>
        <button type="button" className="button button-quiet button-small" onClick={() => void copy()} disabled={entries === null}>
          Copy as text
        </button>
        <span role="status" className="copy-status">
          {status}
        </span>
      </div>
      {entries === null ? (
        <p className="fine-print">Loading…</p>
      ) : entries.length === 0 ? (
        <p className="fine-print">No token calls yet in this session.</p>
      ) : (
        <ol className="history-list" reversed>
          {[...entries].reverse().map((entry, index) => (
            <li key={`${entry.atMs}:${index}`} className="history-entry" data-code={entry.code}>
              <span className="history-time mono">{formatLocal(entry.atMs)}</span>
              <span>
                <strong>{entry.profile}</strong> via {entry.source}
              </span>
              <span className="mono">code {codeText(entry.code)}</span>
              <span>
                request_id <span className="mono">{entry.requestId ?? '—'}</span>
              </span>
              <span>expires {entry.expiresAtMs === null ? '—' : <span className="mono">{formatLocal(entry.expiresAtMs)}</span>}</span>
              <span className="mono">{Math.round(entry.durationMs)} ms</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
