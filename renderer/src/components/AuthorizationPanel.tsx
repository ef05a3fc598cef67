/**
 * The active profile's seller authorization: who authorized, when the access token and
 * the authorization end (relative, local and UTC, in warning colours when near), the
 * buttons to authorize and to refresh, and the shops. Loaded lazily: it is below the
 * token on the first screen, and the window works without it while it loads.
 */
import { useEffect, useState } from 'react';
import { formatLocal, formatRelative, formatUtc } from '../../../common/time-format';
import type { AuthorizationFacts, BridgeError, ProfilesState, ProfileSummary } from '../../../preload/contract';
import { bridge, settle } from '../bridge';
import { appStore, useApp } from '../store';
import { useSecondsLeft } from '../use-seconds-left';
import { AuthAlert } from './AuthAlert';
import { AuthorizeDialog } from './AuthorizeDialog';
import { ShopsTable } from './ShopsTable';
import './auth.css';

const DAY_SECONDS = 86_400;
/** The reminder to have the seller authorize again starts this long before the end. */
const REMINDER_SECONDS = 30 * DAY_SECONDS;

type ExpiryState = 'ok' | 'warning' | 'expired';

function stateOf(secondsLeft: number, warnBelow: number): ExpiryState {
  if (secondsLeft <= 0) return 'expired';
  return secondsLeft < warnBelow ? 'warning' : 'ok';
}

function Expiry({ label, epochSeconds, warnBelow }: { readonly label: string; readonly epochSeconds: number; readonly warnBelow: number }) {
  const ms = epochSeconds * 1000;
  const left = useSecondsLeft(ms, false);
  return (
    <div className="auth-fact">
      <dt>{label}</dt>
      <dd>
        <time aria-label={label} dateTime={new Date(ms).toISOString()} className="auth-expiry" data-state={stateOf(left, warnBelow)}>
          <span className="nowrap">{formatRelative(ms, ms - left * 1000, 'expiry')}</span>{' '}
          <span className="muted">
            (<span className="nowrap">{formatLocal(ms)}</span> · <span className="nowrap">{formatUtc(ms)}</span>)
          </span>
        </time>
      </dd>
    </div>
  );
}

function Reminder({ facts }: { readonly facts: AuthorizationFacts }) {
  const ms = facts.refreshTokenExpiresAt * 1000;
  const left = useSecondsLeft(ms, false);
  if (left >= REMINDER_SECONDS) return null;
  return (
    <p role="status" className="note-warning auth-reminder">
      {left > 0
        ? `The seller's authorization ends ${formatRelative(ms, ms - left * 1000, 'plain')}: have them authorize the app again before then (Authorize shop), or the access token can no longer be refreshed.`
        : "The seller's authorization has ended: the access token can no longer be refreshed. Have the seller authorize the app again (Authorize shop)."}
    </p>
  );
}

async function reloadProfiles(): Promise<void> {
  const result = await settle(bridge(), (api) => api.listProfiles());
  if (result.ok) appStore.setState({ profiles: result.value });
}

function useActiveProfile(): ProfileSummary | null {
  return useApp((s) => s.profiles?.profiles.find((p) => p.name === s.profiles?.active) ?? null);
}

/**
 * A token call may have refreshed the access token on the way (main does it within 10
 * minutes of expiry, or after a 105002): the expiries shown are read again after each one.
 */
function useFactsAfterEachToken(authorized: boolean): void {
  const receivedAt = useApp((s) => s.token?.receivedAtMs ?? null);
  useEffect(() => {
    if (authorized && receivedAt !== null) void reloadProfiles();
  }, [authorized, receivedAt]);
}

export default function AuthorizationPanel() {
  const profile = useActiveProfile();
  useFactsAfterEachToken(profile?.authorization !== undefined);
  const [dialogOpen, setDialogOpen] = useState(false);
  const [refreshing, setRefreshing] = useState(false);
  const [error, setError] = useState<BridgeError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  if (profile === null) return null;
  const facts = profile.authorization;
  const canAuthorize = profile.builtIn || profile.serviceId !== undefined;

  const refresh = async (): Promise<void> => {
    if (refreshing) return;
    setRefreshing(true);
    setError(null);
    setNotice(null);
    const result = await settle(bridge(), (api) => api.refreshAccessToken({ profile: profile.name }));
    setRefreshing(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setNotice('Access token refreshed.');
    await reloadProfiles();
  };

  const chosen = (state: ProfilesState): void => {
    appStore.setState({ profiles: state });
  };

  return (
    <section className="card auth-card" aria-label="Seller authorization">
      <h2 className="card-title">Seller authorization</h2>
      {facts === undefined ? (
        <p className="muted">
          {profile.builtIn
            ? 'The built-in profile uses the sandbox\'s demo access token. Authorize its demo seller to try the whole flow offline: the tokens are kept in memory until the app closes.'
            : canAuthorize
              ? 'Not authorized through Widget Token Desk yet: authorize the shop to obtain its access and refresh tokens.'
              : 'To authorize a shop from here, give the profile its service ID from Partner Center (Edit profile).'}
        </p>
      ) : (
        <>
          <dl className="auth-facts">
            <div className="auth-fact">
              <dt>Seller</dt>
              <dd aria-label="Seller">
                {facts.sellerName || '—'} {facts.sellerBaseRegion === '' ? '' : <span className="muted">({facts.sellerBaseRegion})</span>}
              </dd>
            </div>
            <Expiry label="Access token expires" epochSeconds={facts.accessTokenExpiresAt} warnBelow={DAY_SECONDS} />
            <Expiry label="Authorization expires" epochSeconds={facts.refreshTokenExpiresAt} warnBelow={REMINDER_SECONDS} />
          </dl>
          <Reminder facts={facts} />
        </>
      )}
      <div className="auth-actions">
        <button type="button" className="button button-secondary" aria-disabled={!canAuthorize} onClick={() => (canAuthorize ? setDialogOpen(true) : undefined)}>
          Authorize shop
        </button>
        <button type="button" className="button button-secondary" aria-disabled={!profile.refreshTokenSet || refreshing} aria-busy={refreshing} onClick={() => (profile.refreshTokenSet ? void refresh() : undefined)}>
          Refresh access token
        </button>
      </div>
      {notice !== null && (
        <p role="status" className="auth-notice">
          {notice}
        </p>
      )}
      {error !== null && <AuthAlert error={error} onDismiss={() => setError(null)} />}
      <ShopsTable profile={profile.name} chosenShopId={profile.shopId} onChosen={chosen} />
      {dialogOpen && (
        <AuthorizeDialog
          profile={profile.name}
          onClose={() => setDialogOpen(false)}
          onConnected={(status) => {
            setDialogOpen(false);
            setError(null);
            setNotice(`Authorized: ${status.authorization?.sellerName ?? 'the seller'}. The tokens are stored.`);
            void reloadProfiles();
          }}
        />
      )}
    </section>
  );
}
