/**
 * The keyboard shortcuts as plain functions of a key press, with no React: the page's
 * early-input script (early-input.ts) reads them before the app has loaded.
 */
import type { MenuCommand } from '../../preload/contract';

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

/** Inside the profile form Ctrl+Enter is left alone: there Enter means "save". */
export function isInForm(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('form') !== null;
}

/** How the modifier is written in hints on a system with this user agent. */
export function modifierLabel(userAgent: string): string {
  return /Mac|iPhone|iPad/.test(userAgent) ? '⌘' : 'Ctrl';
}

export const GET_TOKEN_KEYS = 'Control+Enter Meta+Enter';
export const COPY_TOKEN_KEYS = 'Control+Shift+C Meta+Shift+C';
