import { useApp } from '../store';

/**
 * Something that happened out of sight (a token kept for the profile the user left). The
 * live region is always there, empty, so that screen readers announce what lands in it.
 */
export function Notice() {
  const notice = useApp((s) => s.notice);
  const dismiss = useApp((s) => s.dismissNotice);
  return (
    <div role="status" className="notice-region">
      {notice !== null && (
        <p className="note notice">
          <span>{notice}</span>
          <button type="button" className="button button-quiet button-small" onClick={dismiss}>
            OK
          </button>
        </p>
      )}
    </div>
  );
}
