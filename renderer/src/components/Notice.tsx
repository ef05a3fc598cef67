import { useApp } from '../store';

/** Something that happened out of sight (a token kept for the profile the user left), said until put away. */
export function Notice() {
  const notice = useApp((s) => s.notice);
  const dismiss = useApp((s) => s.dismissNotice);
  if (notice === null) return null;
  return (
    <div role="status" className="note notice">
      <span>{notice}</span>
      <button type="button" className="button button-quiet button-small" onClick={dismiss}>
        OK
      </button>
    </div>
  );
}
