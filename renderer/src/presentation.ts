/**
 * Presentation mode's reveal: token and claim values stay masked until the user asks to
 * see them, and mask themselves again after REVEAL_MS, so a reveal forgotten during a
 * screen share does not stay open.
 */
import { createStore, useStore } from 'zustand';
import { useApp } from './store';

export const REVEAL_MS = 10_000;

interface RevealState {
  readonly revealed: boolean;
  reveal(): void;
  mask(): void;
}

export const revealStore = createStore<RevealState>()((set) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    revealed: false,
    reveal() {
      clearTimeout(timer);
      set({ revealed: true });
      timer = setTimeout(() => set({ revealed: false }), REVEAL_MS);
    },
    mask() {
      clearTimeout(timer);
      set({ revealed: false });
    },
  };
});

/** True while presentation mode hides the values. */
export function useMasked(): boolean {
  const on = useApp((s) => s.settings.presentationMode);
  const revealed = useStore(revealStore, (s) => s.revealed);
  return on && !revealed;
}

export function useReveal(): { readonly presentation: boolean; readonly revealed: boolean; reveal(): void; mask(): void } {
  const presentation = useApp((s) => s.settings.presentationMode);
  const revealed = useStore(revealStore, (s) => s.revealed);
  const reveal = useStore(revealStore, (s) => s.reveal);
  const mask = useStore(revealStore, (s) => s.mask);
  return { presentation, revealed, reveal, mask };
}

/** What stands in for a masked value: the same for every value, so nothing about it shows. */
export const MASK = '••••••••';
