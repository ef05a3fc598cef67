import { useCallback, useSyncExternalStore } from 'react';

/**
 * Whether `targetMs` has passed, re-rendering the caller once, when it passes: one timer
 * for the whole wait, so a card that only changes at expiry does not tick every second.
 * Timers clamp long delays (about 24.8 days), so a far target wakes up and waits again.
 */
export function useIsPast(targetMs: number | null): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (targetMs === null) return () => undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const wait = (): void => {
        const left = targetMs - Date.now();
        if (left < 0) {
          onChange();
          return;
        }
        timer = setTimeout(wait, Math.min(left + 5, 2_000_000_000));
      };
      wait();
      return () => clearTimeout(timer);
    },
    [targetMs],
  );
  const snapshot = useCallback(() => targetMs !== null && targetMs <= Date.now(), [targetMs]);
  // The prerendered window never holds a token: nothing there has passed.
  return useSyncExternalStore(subscribe, snapshot, () => false);
}
