import { useEffect } from 'react';
import { formatCountdown } from '../../../common/time-format';
import { countdownState, type CountdownState } from '../expiry';
import { useSecondsLeft } from '../use-seconds-left';

const APP_TITLE = 'Widget Token Desk';

/** Below a minute the colour is not the only sign: the words say it too. */
const WORDS: Readonly<Record<CountdownState, string>> = {
  ok: '',
  warning: 'Less than a minute left',
  expired: 'This token has expired',
};

/**
 * The only part of the token card that changes every second; it owns its own tick so the
 * token and the claims around it do not re-render. Under a minute the window title says
 * it too, for a window in the background.
 */
export function Countdown({ expiryMs }: { readonly expiryMs: number }) {
  const msLeft = useSecondsLeft(expiryMs, true) * 1000;
  const state = countdownState(msLeft);
  const shown = state === 'expired' ? 'Expired' : formatCountdown(msLeft);
  useEffect(() => {
    document.title = state === 'ok' ? APP_TITLE : state === 'warning' ? `${shown} left · ${APP_TITLE}` : `Token expired · ${APP_TITLE}`;
  }, [state, shown]);
  useEffect(
    () => () => {
      document.title = APP_TITLE;
    },
    [],
  );
  return (
    <div className="countdown">
      <span className="countdown-caption" aria-hidden="true" data-state={state}>
        Expires in
      </span>
      <span role="timer" aria-label="Expires in" className="countdown-value" data-state={state}>
        {shown}
      </span>
      <span className="countdown-words" data-state={state}>
        {WORDS[state]}
      </span>
    </div>
  );
}
