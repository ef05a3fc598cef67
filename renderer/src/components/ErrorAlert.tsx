import { useEffect, useState } from 'react';
import type { ErrorKind } from '../../../preload/contract';
import { bridge, settle } from '../bridge';
import { errorDetailsText } from '../error-details';
import { COPIED_VISIBLE_MS, useApp } from '../store';
import { CodeText } from './CodeText';

const KIND_TITLE: Readonly<Record<ErrorKind, string>> = {
  api: 'The API refused the call',
  network: 'Network error',
  timeout: 'The call timed out',
  keychain: 'Keychain unavailable',
  'profile-data': 'Profile data unreadable',
  validation: 'Check the profile',
  'not-found': 'Not found',
  internal: 'Something went wrong',
};

/** One alert at a time, shown where it belongs: `source` says which place this one is. */
export function ErrorAlert({ source }: { readonly source: 'form' | 'app' }) {
  const error = useApp((s) => (s.errorSource === source ? s.error : null));
  const atMs = useApp((s) => s.errorAtMs);
  const profile = useApp((s) => s.errorProfile);
  const dismiss = useApp((s) => s.dismissError);
  const fetchToken = useApp((s) => s.fetchToken);
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);
  useEffect(() => {
    if (copied === null) return;
    const timer = setTimeout(() => setCopied(null), COPIED_VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [copied]);
  if (error === null) return null;

  const copyDetails = async (): Promise<void> => {
    const result = await settle(bridge(), (a) => a.copyText({ text: errorDetailsText(error, atMs, profile) }));
    setCopied(result.ok ? 'copied' : 'failed');
  };

  return (
    <div role="alert" className="alert" data-kind={error.kind}>
      <div className="alert-head">
        <p className="alert-kind">{KIND_TITLE[error.kind]}</p>
        <div className="alert-actions">
          {/* A failed token call can be tried again as it is; other errors need a change first. */}
          {source === 'app' && profile !== null && (
            <button type="button" className="button button-secondary button-small" onClick={() => void fetchToken()}>
              Retry
            </button>
          )}
          <button type="button" className="button button-quiet button-small" onClick={() => void copyDetails()}>
            Copy details
          </button>
          <button type="button" className="button button-quiet button-small" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      </div>
      <p className="alert-message">{error.message}</p>
      <dl className="alert-details">
        {error.code !== undefined && (
          <div>
            <dt>Code</dt>
            <dd className="mono nowrap">{error.code}</dd>
          </div>
        )}
        <div>
          <dt>Explanation</dt>
          <dd>
            <CodeText text={error.explanation} />
          </dd>
        </div>
        <div>
          <dt>Resolution</dt>
          <dd>
            <CodeText text={error.resolution} />
          </dd>
        </div>
        {error.requestId !== undefined && (
          <div>
            <dt>request_id</dt>
            <dd className="mono nowrap">{error.requestId}</dd>
          </div>
        )}
      </dl>
      <span role="status" className="copy-status">
        {copied === 'copied' ? 'Details copied' : copied === 'failed' ? 'Could not copy the details' : ''}
      </span>
    </div>
  );
}
