import type { BridgeError } from '../../../preload/contract';

/** An error of the authorization panel or dialog, shaped like the app's own alert. */
export function AuthAlert({ error, onDismiss }: { readonly error: BridgeError; readonly onDismiss: () => void }) {
  return (
    <div role="alert" className="alert" data-kind={error.kind}>
      <div className="alert-head">
        <p className="alert-kind">{error.code === undefined ? 'Authorization failed' : `Error ${error.code}`}</p>
        <button type="button" className="button button-quiet button-small" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
      <p className="alert-message">{error.message}</p>
      <p>{error.explanation}</p>
      <p>{error.resolution}</p>
      {error.requestId !== undefined && error.requestId !== '' && <p className="mono">request_id: {error.requestId}</p>}
    </div>
  );
}
