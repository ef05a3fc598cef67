import { useEffect } from 'react';
import type { StoreApi } from 'zustand';
import type { MenuCommand } from '../../preload/contract';
import { onMenuCommand } from './bridge';
import type { AppState } from './store';

/** The keyboard shortcuts are the app menu's commands: one set of actions, two ways in. */
export type Shortcut = MenuCommand;

type KeyEventLike = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>;

/** Ctrl on Windows and Linux, Cmd on macOS; either is accepted everywhere. */
export function shortcutFor(event: KeyEventLike): Shortcut | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  if (event.key === 'Enter' && !event.shiftKey) return 'get-token';
  if (event.shiftKey && event.key.toLowerCase() === 'c') return 'copy-token';
  return null;
}

const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent);

/** How the modifier is written in hints. */
export const MOD_KEY = IS_MAC ? '⌘' : 'Ctrl';

export const GET_TOKEN_KEYS = 'Control+Enter Meta+Enter';
export const COPY_TOKEN_KEYS = 'Control+Shift+C Meta+Shift+C';

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
      if (event.target instanceof Element && event.target.closest('form') !== null) return;
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
