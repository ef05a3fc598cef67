import { useCallback, useSyncExternalStore } from 'react';
import { msUntilNextSecond, secondsLeft } from './expiry';

/**
 * Whole seconds until `targetMs` (negative once past), re-rendering the calling component
 * only when that number changes: one timeout per second, aligned to the target, and none
 * after zero when `stopAtZero` is set. Only the component that calls this ticks.
 */
export function useSecondsLeft(targetMs: number, stopAtZero: boolean): number {
  const subscribe = useCallback(
    (onChange: () => void) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const schedule = (): void => {
        const now = Date.now();
        if (stopAtZero && targetMs <= now) return;
        // A few ms late rather than early, so the wake-up lands after the boundary.
        timer = setTimeout(tick, msUntilNextSecond(targetMs, now) + 5);
      };
      const tick = (): void => {
        onChange();
        schedule();
      };
      schedule();
      return () => clearTimeout(timer);
    },
    [targetMs, stopAtZero],
  );
  const snapshot = useCallback(() => secondsLeft(targetMs, Date.now()), [targetMs]);
  return useSyncExternalStore(subscribe, snapshot);
}
