/**
 * The desktop app's everyday pieces around the one core: the tray, the global shortcut,
 * notifications, the clipboard guard, presentation mode's content protection and
 * keep-in-tray. The decisions are the core's (main/core/desktop/); this wires them to Electron.
 */
import { DEFAULT_SETTINGS } from '../../common/default-settings';
import { SANDBOX_SUMMARY, type Settings } from '../../preload/contract';
import type { Core } from '../core/bridge-handlers';
import type { CallSource } from '../core/call-history';
import type { DesktopPort } from '../core/core-deps';
import { ClipboardGuard, type SystemClipboard } from '../core/desktop/clipboard-guard';
import { msLeft } from '../core/desktop/fresh-token';
import { shortcutTakenNotice, tokenCopiedNotice, tokenCopyFailedNotice, type Notifier } from '../core/desktop/notices';
import { ELECTRON_CLIPBOARD_NOTES, type ShortcutControl } from '../core/desktop/shortcut-control';
import type { TrayAction, TrayProfiles } from '../core/desktop/tray-model';
import { toBridgeError } from '../core/error-mapping';
import type { AppTray } from './tray';

export interface DesktopParts {
  readonly clipboard: SystemClipboard;
  readonly notifier: Notifier;
  readonly createTray: (run: (action: TrayAction) => void) => AppTray;
  readonly createShortcut: (run: () => void) => ShortcutControl;
}

export interface DesktopShellHooks {
  showWindow(): void;
  quit(): void;
  /** Presentation mode on the window: hidden from screen capture. */
  protectContent(on: boolean): void;
}

export interface Desktop {
  readonly port: DesktopPort;
  /** What copyText in the bridge writes through: concealed, and cleared after the delay. */
  readonly guard: ClipboardGuard;
  /** Whether closing the window should keep the app in the tray. */
  keepInTray(): boolean;
  /** Presentation mode, for a window opened later. */
  presentationMode(): boolean;
  stop(): void;
}

const COUNTDOWN_TICK_MS = 1_000;
/** The window may change profiles too: the tray's list is read again this often (a file read, no keychain). */
const PROFILES_TICK_MS = 5_000;

export async function startDesktop(core: Core, parts: DesktopParts, hooks: DesktopShellHooks): Promise<Desktop> {
  let settings: Settings = await core.settings.read().catch(() => DEFAULT_SETTINGS);
  let profiles: TrayProfiles | null = null;
  const guard = new ClipboardGuard(parts.clipboard, async () => settings.clipboardClearSeconds);

  async function copyFresh(source: CallSource): Promise<void> {
    const profile = profiles?.active ?? SANDBOX_SUMMARY.name;
    try {
      const fresh = await core.fresh.get(source);
      await guard.copy(fresh.result.token);
      parts.notifier.notify(tokenCopiedNotice(fresh.result.profile, fresh.msLeft));
    } catch (error) {
      parts.notifier.notify(tokenCopyFailedNotice(profile, toBridgeError(error).message));
    }
    await refreshProfiles();
  }

  async function refreshProfiles(): Promise<void> {
    try {
      const data = await core.store.read();
      const active = data.active ?? SANDBOX_SUMMARY.name;
      profiles = { profiles: [SANDBOX_SUMMARY, ...data.profiles.map((p) => ({ name: p.name, builtIn: false }))], active };
    } catch {
      profiles = null;
    }
    tray.showProfiles(profiles);
  }

  const tray = parts.createTray((action) => {
    switch (action.kind) {
      case 'select-profile':
        void core.profiles.select(action.name).then(refreshProfiles, refreshProfiles);
        return;
      case 'copy-fresh-token':
        void copyFresh('tray');
        return;
      case 'show-window':
        hooks.showWindow();
        return;
      case 'quit':
        hooks.quit();
        return;
    }
  });
  const shortcut = parts.createShortcut(() => void copyFresh('shortcut'));

  function apply(next: Settings): void {
    const before = shortcut.status;
    const status = shortcut.apply(next.globalShortcut);
    // Said once per new problem, not again at every save of another setting (the Settings view shows it meanwhile).
    if (status.problem !== null && (status.accelerator !== before.accelerator || before.problem === null)) parts.notifier.notify(shortcutTakenNotice(status.accelerator ?? ''));
    if (next.presentationMode !== settings.presentationMode) hooks.protectContent(next.presentationMode);
    settings = next;
  }

  const first = shortcut.apply(settings.globalShortcut);
  if (first.problem !== null) parts.notifier.notify(shortcutTakenNotice(first.accelerator ?? ''));
  const unsubscribe = core.settings.onSaved(apply);
  await refreshProfiles();

  const countdown = setInterval(() => {
    const latest = profiles === null ? undefined : core.fresh.latestFor(profiles.active);
    tray.showCountdown(latest === undefined ? null : msLeft(latest, Date.now()));
  }, COUNTDOWN_TICK_MS);
  const profileTicker = setInterval(() => void refreshProfiles(), PROFILES_TICK_MS);
  // Neither keeps a quitting process alive.
  countdown.unref?.();
  profileTicker.unref?.();

  return {
    port: { status: () => ({ shortcut: shortcut.status, clipboardNotes: ELECTRON_CLIPBOARD_NOTES }) },
    guard,
    keepInTray: () => settings.keepInTray,
    presentationMode: () => settings.presentationMode,
    stop() {
      clearInterval(countdown);
      clearInterval(profileTicker);
      unsubscribe();
      shortcut.apply(null);
      tray.destroy();
    },
  };
}
