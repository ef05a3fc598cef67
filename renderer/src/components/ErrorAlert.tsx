import type { ErrorKind } from '../../../preload/contract';
import { useApp } from '../store';
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
  const dismiss = useApp((s) => s.dismissError);
  if (error === null) return null;
  return (
    <div role="alert" className="alert" data-kind={error.kind}>
      <div className="alert-head">
        <p className="alert-kind">{KIND_TITLE[error.kind]}</p>
        <button type="button" className="button button-quiet button-small" onClick={dismiss}>
          Dismiss
        </button>
      </div>
      <p className="alert-message">{error.message}</p>
      <dl className="alert-details">
        {error.code !== undefined && (
          <div>
            <dt>Code</dt>
            <dd className="mono">{error.code}</dd>
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
            <dd className="mono">{error.requestId}</dd>
          </div>
        )}
      </dl>
    </div>
  );
}
