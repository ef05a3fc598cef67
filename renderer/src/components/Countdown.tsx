import { formatCountdown } from '../../../common/time-format';
import { countdownState } from '../expiry';
import { useSecondsLeft } from '../use-seconds-left';

/**
 * The only part of the token card that changes every second; it owns its own tick so the
 * token and the claims around it do not re-render.
 */
export function Countdown({ expiryMs }: { readonly expiryMs: number }) {
  const msLeft = useSecondsLeft(expiryMs, true) * 1000;
  const state = countdownState(msLeft);
  return (
    <div className="countdown">
      <span className="countdown-caption" aria-hidden="true" data-state={state}>
        Expires in
      </span>
      <span role="timer" aria-label="Expires in" className="countdown-value" data-state={state}>
        {state === 'expired' ? 'Expired' : formatCountdown(msLeft)}
      </span>
    </div>
  );
}
