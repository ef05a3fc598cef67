import { useEffect, useSyncExternalStore } from 'react';
import type { StoreApi } from 'zustand';
import { onMenuCommand } from './bridge';
import { isInForm, modifierLabel, shortcutFor, type Shortcut } from './shortcut-keys';
import type { AppState } from './store';

/** Runs a shortcut; false when there was nothing to do (no token to copy yet). */
function run(store: StoreApi<AppState>, shortcut: Shortcut): boolean {
  const state = store.getState();
  if (shortcut === 'get-token') {
    void state.fetchToken();
    return true;
  }
  if (state.token === null) return false;
  void state.copy('token');
  return true;
}

/**
 * Window-wide keys and the desktop app's menu. Inside the profile form Ctrl+Enter is left
 * alone: there Enter means "save", and fetching a token with half-typed settings would surprise.
 */
export function useShortcuts(store: StoreApi<AppState>): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      const shortcut = shortcutFor(event);
      if (shortcut === null) return;
      if (isInForm(event.target)) return;
      if (run(store, shortcut)) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    const stopMenu = onMenuCommand((command) => run(store, command));
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      stopMenu();
    };
  }, [store]);
}

const neverChanges = (): (() => void) => () => undefined;
const PRERENDERED_MODIFIER = modifierLabel('');

/**
 * How the modifier is written in hints. The window is prerendered at build time, where
 * there is no browser to ask: that first render says Ctrl, and macOS turns it to ⌘ as the
 * app takes the page over, so the two renders match and nothing is drawn twice.
 */
export function useModifierLabel(): string {
  return useSyncExternalStore(neverChanges, () => modifierLabel(navigator.userAgent), () => PRERENDERED_MODIFIER);
}
