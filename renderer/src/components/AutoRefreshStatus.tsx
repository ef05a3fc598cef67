import { formatClock } from '../../../common/time-format';
import { AUTO_REFRESH_LEAD_MS, localExpiryMs } from '../expiry';
import { useApp } from '../store';
import { RelativeTime } from './RelativeTime';

/**
 * What auto-refresh did and will do for the token shown: when this one was refreshed, and
 * when the next is due. Without it, auto-refresh leaves no trace.
 */
export function AutoRefreshStatus() {
  const enabled = useApp((s) => s.settings.autoRefresh);
  const token = useApp((s) => s.token);
  const automatic = useApp((s) => s.refreshedAutomatically);
  if (!enabled) return <span className="fine-print">15 s before expiry</span>;
  if (token === null) return <span className="fine-print">15 s before expiry, once there is a token</span>;
  const expiry = localExpiryMs(token);
  const dueMs = expiry === null ? null : expiry - AUTO_REFRESH_LEAD_MS;
  return (
    <span className="fine-print auto-refresh-status">
      {automatic && <span className="nowrap">Refreshed at {formatClock(token.receivedAtMs)} · </span>}
      {dueMs === null || dueMs <= token.receivedAtMs ? (
        <span>No refresh due: this token {expiry === null ? 'has no expiry' : 'expires too soon'}.</span>
      ) : (
        <span className="nowrap">
          next at {formatClock(dueMs)} (<RelativeTime targetMs={dueMs} style="plain" />)
        </span>
      )}
    </span>
  );
}
