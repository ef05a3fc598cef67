/**
 * What the tray (menu-bar) menu lists, decided here so it can be tested without Electron:
 * the profiles with the active one marked, Copy fresh token, Show window, Quit. The shell
 * turns this into an Electron menu (main/electron/tray.ts).
 */
import { formatCountdown } from '../../../common/time-format';

export type TrayAction = { readonly kind: 'select-profile'; readonly name: string } | { readonly kind: 'copy-fresh-token' } | { readonly kind: 'show-window' } | { readonly kind: 'quit' };

export type TrayItem =
  | { readonly type: 'profile'; readonly label: string; readonly checked: boolean; readonly action: TrayAction }
  | { readonly type: 'action'; readonly label: string; readonly action: TrayAction }
  | { readonly type: 'separator' }
  | { readonly type: 'note'; readonly label: string };

/** Profile names are user text: a menu label must not turn "&" into an access key. */
function menuLabel(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  return text.replace(/&/g, '&&').replace(/[\u0000-\u001f\u007f]/g, ' ');
}

/** What the tray needs of the profiles: names and which is active (a ProfilesState will do). */
export interface TrayProfiles {
  readonly profiles: readonly { readonly name: string; readonly builtIn: boolean }[];
  readonly active: string;
}

export function trayItems(state: TrayProfiles | null): readonly TrayItem[] {
  const profiles: TrayItem[] =
    state === null
      ? [{ type: 'note', label: 'Profiles could not be read' }]
      : state.profiles.map((profile) => ({
          type: 'profile',
          label: menuLabel(profile.builtIn ? `${profile.name} (offline sandbox)` : profile.name),
          checked: profile.name === state.active,
          action: { kind: 'select-profile', name: profile.name },
        }));
  return [
    ...profiles,
    { type: 'separator' },
    { type: 'action', label: 'Copy fresh token', action: { kind: 'copy-fresh-token' } },
    { type: 'action', label: 'Show window', action: { kind: 'show-window' } },
    { type: 'separator' },
    { type: 'action', label: 'Quit', action: { kind: 'quit' } },
  ];
}

/** The macOS menu-bar title: the countdown of the last token, or nothing once it has expired. */
export function trayTitle(msLeft: number | null): string {
  if (msLeft === null || msLeft <= 0) return '';
  return formatCountdown(msLeft);
}
