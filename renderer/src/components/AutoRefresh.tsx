import { useEffect } from 'react';
import { autoRefreshDelayMs } from '../expiry';
import { useApp } from '../store';

/** Renders nothing: schedules the next fetch while auto-refresh is on and a token is shown. */
export function AutoRefresh() {
  const token = useApp((s) => s.token);
  const enabled = useApp((s) => s.settings.autoRefresh);
  const fetchToken = useApp((s) => s.fetchToken);

  useEffect(() => {
    if (!enabled || token === null) return;
    const delay = autoRefreshDelayMs(token, Date.now());
    if (delay === null) return;
    const timer = setTimeout(() => void fetchToken('auto'), delay);
    return () => clearTimeout(timer);
  }, [enabled, token, fetchToken]);

  return null;
}
