import { lazy, Suspense, useId, useState } from 'react';

// Not on the first screen: its code loads when Decode is first pressed (README "Performance").
const DecodeView = lazy(() => import('./DecodeView'));

/** The Decode button, and the Decode view under it once opened. */
export function DecodePanel() {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <section className="decode-panel">
      <div className="decode-bar">
        <button type="button" className="button button-secondary" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((shown) => !shown)}>
          Decode
        </button>
        <span className="fine-print">any JWT: header, claims and signature</span>
      </div>
      <div id={panelId} hidden={!open}>
        {open && (
          <Suspense fallback={<p className="fine-print">Loading the decoder…</p>}>
            <DecodeView />
          </Suspense>
        )}
      </div>
    </section>
  );
}
