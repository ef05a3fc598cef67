import { useEffect, useId, useRef, useState } from 'react';
import type { SecretDraft } from '../secret-draft';

interface SecretFieldProps {
  /** "App secret" or "Access token": the field's label. */
  readonly label: string;
  /** Whether the profile has one stored now. */
  readonly isSet: boolean;
  readonly draft: SecretDraft;
  readonly onChange: (draft: SecretDraft) => void;
}

export function SecretField({ label, isSet, draft, onChange }: SecretFieldProps) {
  const id = useId();
  const noun = label.toLowerCase();
  // After Replace, Clear or Keep the button pressed is gone: focus moves to the first control
  // of what replaced it (the input, or the undo), never on the first render.
  const chosen = useRef(false);
  // Shown only while typing it, to check a paste; it goes back to dots with the field.
  const [visible, setVisible] = useState(false);
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (chosen.current) container.current?.querySelector<HTMLElement>('input, button')?.focus();
    chosen.current = false;
  }, [draft.mode]);
  const choose = (next: SecretDraft): void => {
    chosen.current = true;
    onChange(next);
  };

  if (draft.mode === 'input') {
    return (
      <div className="field" ref={container}>
        <label htmlFor={id}>{label}</label>
        <div className="secret-input-row">
          <input
            id={id}
            type={visible ? 'text' : 'password'}
            className="input mono"
            autoComplete="new-password"
            spellCheck={false}
            placeholder={isSet ? `new ${noun}` : 'not set'}
            value={draft.value}
            onChange={(event) => onChange({ mode: 'input', value: event.currentTarget.value })}
          />
          <button
            type="button"
            className="button button-quiet button-small"
            aria-pressed={visible}
            aria-label={`Show ${noun}`}
            onClick={() => setVisible((shown) => !shown)}
          >
            {visible ? 'Hide' : 'Show'}
          </button>
          {isSet && (
            <button type="button" className="button button-quiet button-small" onClick={() => choose({ mode: 'stored' })}>
              Keep stored {noun}
            </button>
          )}
        </div>
      </div>
    );
  }

  return (
    <div className="field" role="group" aria-labelledby={id} ref={container}>
      <span id={id} className="field-label">
        {label}
      </span>
      <div className="secret-stored-row">
        {draft.mode === 'stored' ? (
          <>
            <span className="secret-state">stored in keychain</span>
            <button
                type="button"
              className="button button-quiet button-small"
              onClick={() => choose({ mode: 'input', value: '' })}
            >
              Replace {noun}
            </button>
            <button type="button" className="button button-quiet button-small" onClick={() => choose({ mode: 'clear' })}>
              Clear {noun}
            </button>
          </>
        ) : (
          <>
            <span className="secret-state secret-state-clear">will be cleared when you save</span>
            <button
                type="button"
              className="button button-quiet button-small"
              onClick={() => choose({ mode: 'stored' })}
            >
              Keep stored {noun}
            </button>
          </>
        )}
      </div>
    </div>
  );
}
