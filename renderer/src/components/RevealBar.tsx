import { REVEAL_MS, useReveal } from '../presentation';

/** Presentation mode's notice above the token, with the button that shows the values for a while. */
export function RevealBar() {
  const { presentation, revealed, reveal, mask } = useReveal();
  if (!presentation) return null;
  return (
    <p className="note presentation-note">
      <span>
        Presentation mode: {revealed ? `values shown; masked again after ${REVEAL_MS / 1000} s.` : 'token and claim values are masked. Copy still copies them.'}
      </span>
      {revealed ? (
        <button type="button" className="button button-quiet button-small" onClick={mask}>
          Mask now
        </button>
      ) : (
        <button type="button" className="button button-quiet button-small" onClick={reveal}>
          Reveal for {REVEAL_MS / 1000} s
        </button>
      )}
    </p>
  );
}
