import { lazy, Suspense, useState } from 'react';

// Neither panel is on the first screen: their code loads when one is first opened.
const HistoryPanel = lazy(() => import('./HistoryPanel'));
const SettingsPanel = lazy(() => import('./SettingsPanel'));

type Panel = 'history' | 'settings';

/** The History and Settings toggles, and the open panels under them. */
export function DeskPanels() {
  const [open, setOpen] = useState<ReadonlySet<Panel>>(() => new Set());
  const toggle = (panel: Panel): void =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(panel)) next.add(panel);
      return next;
    });

  return (
    <>
      <div className="desk-toggles">
        <button type="button" className="button button-quiet" aria-expanded={open.has('history')} onClick={() => toggle('history')}>
          History
        </button>
        <button type="button" className="button button-quiet" aria-expanded={open.has('settings')} onClick={() => toggle('settings')}>
          Settings
        </button>
      </div>
      <Suspense fallback={<p className="fine-print">Loading…</p>}>
        {open.has('settings') && <SettingsPanel />}
        {open.has('history') && <HistoryPanel />}
      </Suspense>
    </>
  );
}
