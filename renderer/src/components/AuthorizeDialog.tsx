import { useEffect, useId, useRef, useState, type FormEvent, type SyntheticEvent } from 'react';
import type { AuthorizationLink, AuthStatus, BridgeError } from '../../../preload/contract';
import { bridge, settle } from '../bridge';
import { AuthAlert } from './AuthAlert';

interface AuthorizeDialogProps {
  readonly profile: string;
  readonly onClose: () => void;
  readonly onConnected: (status: AuthStatus) => void;
}

/**
 * The authorization link, and the field where the user pastes back where it led. A new
 * link is made each time the dialog opens: its state replaces the one remembered before.
 */
export function AuthorizeDialog({ profile, onClose, onConnected }: AuthorizeDialogProps) {
  const [link, setLink] = useState<AuthorizationLink | null>(null);
  const [reply, setReply] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<BridgeError | null>(null);
  const fieldId = useId();
  const hintId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);

  // A modal <dialog>: the browser keeps focus inside it and dims the page behind it.
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  useEffect(() => {
    let current = true;
    void settle(bridge(), (api) => api.authorizationLink({ profile })).then((result) => {
      if (!current) return;
      if (result.ok) setLink(result.value);
      else setError(result.error);
    });
    inputRef.current?.focus();
    return () => {
      current = false;
    };
  }, [profile]);

  const open = async (url: string): Promise<void> => {
    const result = await settle(bridge(), (api) => api.openAuthorizationLink({ url }));
    if (!result.ok) setError(result.error);
  };

  const connect = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const result = await settle(bridge(), (api) => api.connectAuthorization({ profile, reply }));
    setBusy(false);
    if (result.ok) onConnected(result.value);
    else setError(result.error);
  };

  // Escape: the dialog closes through the app's state, not on its own.
  const onCancel = (event: SyntheticEvent<HTMLDialogElement>): void => {
    event.preventDefault();
    onClose();
  };

  return (
      <dialog ref={dialogRef} aria-label="Authorize shop" className="auth-dialog card" onCancel={onCancel}>
        <h2 className="card-title">Authorize shop</h2>
        <ol className="auth-steps">
          <li>
            Open the authorization link where the seller is signed in, and have them approve the app.
            <div className="auth-link">
              {link === null ? (
                <span className="muted">Making the link…</span>
              ) : (
                <>
                  <a href={link.url} target="_blank" rel="noreferrer noopener" className="mono auth-link-url">
                    {link.url}
                  </a>
                  {link.canOpen && (
                    <button type="button" className="button button-secondary button-small" onClick={() => void open(link.url)}>
                      Open in browser
                    </button>
                  )}
                </>
              )}
            </div>
          </li>
          <li>Paste the address the browser lands on afterwards (or the code alone), then connect.</li>
        </ol>
        <form onSubmit={(event) => void connect(event)} className="auth-connect" noValidate>
          <div className="field">
            <label htmlFor={fieldId}>Redirect URL or code</label>
            <input
              id={fieldId}
              ref={inputRef}
              className="input mono"
              autoComplete="off"
              spellCheck={false}
              aria-describedby={hintId}
              value={reply}
              onChange={(event) => setReply(event.currentTarget.value)}
            />
            <p id={hintId} className="fine-print">
              The code works once, within 30 minutes. It goes to the app's main process, which stores the tokens in the keychain; it is never shown again.
            </p>
          </div>
          {error !== null && <AuthAlert error={error} onDismiss={() => setError(null)} />}
          <div className="form-actions">
            <button type="submit" className="button button-primary" aria-disabled={busy || reply.trim() === ''} aria-busy={busy}>
              Connect
            </button>
            <button type="button" className="button button-quiet" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      </dialog>
  );
}
