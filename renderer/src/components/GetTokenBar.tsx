import { useId } from 'react';
import { useApp } from '../store';
import { GET_TOKEN_KEYS } from '../shortcut-keys';
import { useModifierLabel } from '../shortcuts';
import { AutoRefreshStatus } from './AutoRefreshStatus';
import { Notice } from './Notice';

export function GetTokenBar() {
  const fetching = useApp((s) => s.fetching);
  const fetchToken = useApp((s) => s.fetchToken);
  const autoRefresh = useApp((s) => s.settings.autoRefresh);
  const setAutoRefresh = useApp((s) => s.setAutoRefresh);
  const autoId = useId();
  const mod = useModifierLabel();

  return (
    <>
      <div className="get-token-bar">
        <div className="get-token-main">
          <button
            type="button"
            className="button button-primary button-large"
            // aria-disabled rather than disabled: a focused button keeps focus while the call runs.
            aria-disabled={fetching}
            aria-busy={fetching}
            aria-keyshortcuts={GET_TOKEN_KEYS}
            data-busy={fetching}
            onClick={() => void fetchToken()}
          >
            <span className="spinner" aria-hidden="true" />
            Get token
          </button>
          <span className="shortcut-hint" aria-hidden="true">
            <kbd>{mod}</kbd> <kbd>Enter</kbd> get · <kbd>{mod}</kbd> <kbd>Shift</kbd> <kbd>C</kbd> copy
          </span>
        </div>
        <div className="auto-refresh">
          <input
            id={autoId}
            type="checkbox"
            checked={autoRefresh}
            onChange={(event) => void setAutoRefresh(event.currentTarget.checked)}
          />
          <label htmlFor={autoId}>Auto-refresh</label>
          <AutoRefreshStatus />
        </div>
      </div>
      <Notice />
    </>
  );
}
