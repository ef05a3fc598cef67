import { formatDuration, formatRelative } from '../../../common/time-format';
import { expiredOnArrival } from '../../../common/token-expiry';
import { COPIED_LABEL, type CopyKind } from '../copy-variants';
import { disagreementSeconds, localExpiryMs } from '../expiry';
import { MASK, useMasked } from '../presentation';
import { COPY_TOKEN_KEYS } from '../shortcut-keys';
import { useApp } from '../store';
import { useIsPast } from '../use-is-past';
import { ClaimsPanel } from './ClaimsPanel';
import { Countdown } from './Countdown';
import { WidgetChecks } from './WidgetChecks';
import { RevealBar } from './RevealBar';

const COPY_BUTTONS: readonly { readonly kind: CopyKind; readonly label: string }[] = [
  { kind: 'token', label: 'Copy token' },
  { kind: 'json', label: 'Copy as JSON' },
  { kind: 'curl', label: 'Copy as curl' },
  { kind: 'widget-kit', label: 'Copy for widget-kit' },
  { kind: 'widget-kit-js', label: 'Copy widget-kit config (JS)' },
  { kind: 'widget-kit-react', label: 'Copy widget-kit config (React)' },
];

export function TokenCard() {
  const token = useApp((s) => s.token);
  const decoded = useApp((s) => s.decoded);
  const copied = useApp((s) => s.copied);
  const copiedExpired = useApp((s) => s.copiedExpired);
  const copy = useApp((s) => s.copy);
  const fetchToken = useApp((s) => s.fetchToken);
  const fetching = useApp((s) => s.fetching);
  const expiry = token === null ? null : localExpiryMs(token);
  const expired = useIsPast(expiry);
  const masked = useMasked();

  if (token === null || decoded === null) {
    return (
      <section className="card token-card token-card-empty">
        <p>No token yet. Get one and it appears here with its claims and a countdown to expiry.</p>
      </section>
    );
  }

  const arrivedExpired = expiredOnArrival(token);
  return (
    <section className="card token-card" data-expired={expired}>
      <div className="token-main">
        <div className="token-head">
          <div className="token-title">
            <h2 className="card-title">Widget token</h2>
            <span className="token-meta">
              from <strong>{token.profile}</strong>
              {token.sandbox && <span className="badge badge-sandbox">Sandbox — not valid on TikTok Shop</span>}
            </span>
          </div>
          {expiry === null ? (
            <div className="countdown">
              <span role="timer" aria-label="Expires in" className="countdown-value" data-state="unknown">
                No expiry
              </span>
            </div>
          ) : (
            <Countdown expiryMs={expiry} />
          )}
        </div>

        {arrivedExpired && token.effectiveExpiryMs !== null && (
          <p className="note note-warning">
            This token had already expired when it arrived (
            {formatRelative(token.effectiveExpiryMs, token.receivedAtMs + token.clockSkewMs, 'expiry')} by the server&apos;s
            clock). A widget will refuse it; check the clocks, or get another one.
          </p>
        )}

        {expired && (
          <div className="expired-bar">
            <p>This token has expired: a widget would refuse it.</p>
            <button
              type="button"
              className="button button-primary"
              aria-disabled={fetching}
              aria-busy={fetching}
              onClick={() => void fetchToken()}
            >
              Get a new token
            </button>
          </div>
        )}

        <RevealBar />
        <div
          className="token-value mono"
          role="textbox"
          aria-readonly="true"
          aria-multiline="true"
          aria-label="Widget token"
          tabIndex={0}
          data-masked={masked}
        >
          {masked ? MASK : token.token}
        </div>

        <div className="copy-row">
          {COPY_BUTTONS.map(({ kind, label }) => (
            <button
              key={kind}
              type="button"
              className={kind === 'token' ? 'button button-secondary' : 'button button-quiet'}
              aria-keyshortcuts={kind === 'token' ? COPY_TOKEN_KEYS : undefined}
              onClick={() => void copy(kind)}
            >
              {label}
            </button>
          ))}
          <span role="status" className="copy-status" data-warning={copied !== null && copiedExpired}>
            {copied === null ? '' : copiedExpired ? `${COPIED_LABEL[copied]}, but this token has expired` : COPIED_LABEL[copied]}
          </span>
          <span className="request-id">
            request_id <span className="mono nowrap">{token.requestId}</span>
          </span>
        </div>

        {token.expiryDisagreement !== null && (
          <p className="note">
            expire_at and exp disagree by {formatDuration(disagreementSeconds(token.expiryDisagreement))}; counting down to the
            earlier.
          </p>
        )}
        {token.clockSkewWarning !== null && <p className="note note-warning">{token.clockSkewWarning}</p>}

        <WidgetChecks token={token} decoded={decoded} />
      </div>

      <ClaimsPanel decoded={decoded} clockSkewMs={token.clockSkewMs} sandbox={token.sandbox} masked={masked} />
    </section>
  );
}
