import { useEffect, useId, useState, type FormEvent } from 'react';
import type { DesktopStatus } from '../../../preload/contract';
import { acceleratorProblem, DEFAULT_GLOBAL_SHORTCUT } from '../../../common/accelerator';
import { bridge, settle } from '../bridge';
import { useApp } from '../store';

const MAX_CLEAR_SECONDS = 86_400;

function secondsProblem(text: string): string | null {
  if (!/^\d+$/.test(text.trim())) return 'Enter a whole number of seconds (0 = never clear).';
  return Number(text) > MAX_CLEAR_SECONDS ? `At most ${MAX_CLEAR_SECONDS} seconds (a day).` : null;
}

/**
 * The settings main keeps in settings.json. The form keeps what was typed: a value main
 * refuses stays, marked, with main's reason. Loaded lazily: it is not part of the first screen.
 */
export default function SettingsPanel() {
  const settings = useApp((s) => s.settings);
  const saveSettings = useApp((s) => s.saveSettings);
  const [clearSeconds, setClearSeconds] = useState(String(settings.clipboardClearSeconds));
  const [shortcutOn, setShortcutOn] = useState(settings.globalShortcut !== null);
  const [shortcut, setShortcut] = useState(settings.globalShortcut ?? DEFAULT_GLOBAL_SHORTCUT);
  const [presentation, setPresentation] = useState(settings.presentationMode);
  const [keepInTray, setKeepInTray] = useState(settings.keepInTray);
  const [status, setStatus] = useState<DesktopStatus | null>(null);
  const [message, setMessage] = useState('');
  const [saving, setSaving] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const ids = { clear: useId(), clearError: useId(), shortcutOn: useId(), shortcut: useId(), shortcutError: useId(), presentation: useId(), tray: useId() };

  useEffect(() => {
    void settle(bridge(), (api) => api.desktopStatus()).then((result) => {
      if (result.ok) setStatus(result.value);
    });
  }, []);

  const clearProblem = submitted ? secondsProblem(clearSeconds) : null;
  const shortcutProblem = submitted && shortcutOn ? acceleratorProblem(shortcut.trim()) : null;

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setSubmitted(true);
    if (saving || secondsProblem(clearSeconds) !== null || (shortcutOn && acceleratorProblem(shortcut.trim()) !== null)) return;
    setSaving(true);
    const refused = await saveSettings({
      clipboardClearSeconds: Number(clearSeconds),
      globalShortcut: shortcutOn ? shortcut.trim() : null,
      presentationMode: presentation,
      keepInTray,
    });
    const fresh = await settle(bridge(), (api) => api.desktopStatus());
    if (fresh.ok) setStatus(fresh.value);
    setSaving(false);
    setMessage(refused === null ? 'Settings saved' : `${refused.message} ${refused.explanation}`);
  };

  const inPreview = status !== null && status.shortcut.accelerator === null && status.shortcut.problem !== null;

  return (
    <section role="region" aria-label="Settings" className="card settings-panel">
      <h2 className="card-title">Settings</h2>
      <form aria-label="Settings" className="settings-form" noValidate onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor={ids.clear}>Clear copied token after (seconds)</label>
          <input
            id={ids.clear}
            className="input mono"
            inputMode="numeric"
            value={clearSeconds}
            aria-invalid={clearProblem !== null}
            aria-describedby={ids.clearError}
            onChange={(event) => setClearSeconds(event.currentTarget.value)}
          />
          <span id={ids.clearError} className={clearProblem === null ? 'fine-print' : 'field-error'}>
            {clearProblem ?? '0 = never. Cleared only if the clipboard still holds the token.'}
          </span>
        </div>
        <div className="check-row">
          <input id={ids.shortcutOn} type="checkbox" checked={shortcutOn} onChange={(event) => setShortcutOn(event.currentTarget.checked)} />
          <label htmlFor={ids.shortcutOn}>Global shortcut copies a fresh token</label>
        </div>
        <div className="field">
          <label htmlFor={ids.shortcut}>Shortcut</label>
          <input
            id={ids.shortcut}
            className="input mono"
            autoComplete="off"
            spellCheck={false}
            disabled={!shortcutOn}
            value={shortcut}
            aria-invalid={shortcutProblem !== null}
            aria-describedby={ids.shortcutError}
            onChange={(event) => setShortcut(event.currentTarget.value)}
          />
          <span id={ids.shortcutError} className={shortcutProblem === null && status?.shortcut.problem == null ? 'fine-print' : 'field-error'}>
            {shortcutProblem ??
              status?.shortcut.problem ??
              (status?.shortcut.registered === true ? `${status.shortcut.accelerator ?? ''} is registered.` : 'An Electron accelerator, e.g. CommandOrControl+Alt+Shift+T.')}
          </span>
        </div>
        <div className="check-row">
          <input id={ids.presentation} type="checkbox" checked={presentation} onChange={(event) => setPresentation(event.currentTarget.checked)} />
          <label htmlFor={ids.presentation}>Presentation mode</label>
          <span className="fine-print">values masked until revealed; the desktop window is hidden from screen capture</span>
        </div>
        <div className="check-row">
          <input id={ids.tray} type="checkbox" checked={keepInTray} disabled={inPreview} onChange={(event) => setKeepInTray(event.currentTarget.checked)} />
          <label htmlFor={ids.tray}>Keep running in the tray when the window is closed</label>
        </div>
        {status !== null && (
          <ul className="fine-print settings-notes" aria-label="Clipboard">
            {status.clipboardNotes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        )}
        <div className="form-actions">
          <button type="submit" className="button button-primary" aria-disabled={saving} aria-busy={saving}>
            Save settings
          </button>
          <span role="status" className="copy-status">
            {message}
          </span>
        </div>
      </form>
    </section>
  );
}
