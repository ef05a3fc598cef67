/**
 * The desktop app's lifecycle around the one core: a single instance, one window, the
 * bridge over IPC, the sandbox started only when the `sandbox` profile needs it.
 */
import { app, BrowserWindow, Menu, session, shell } from 'electron';
import path from 'node:path';
import { MENU_COMMAND_CHANNEL } from '../../preload/contract';
import { createBridgeHandlers, createCore } from '../core/bridge-handlers';
import type { CoreDeps } from '../core/core-deps';
import { LifecycleNotices } from '../core/desktop/notices';
import { ELECTRON_CLIPBOARD_NOTES, SHORTCUT_OFF } from '../core/desktop/shortcut-control';
import { dataDir } from '../core/data-dir';
import { AppError } from '../core/errors';
import { createKeychainStore } from '../core/keychain';
import { createSandboxLauncher } from '../sandbox/sandbox-launcher';
import { locateBuiltApp } from '../static/built-app';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import { createSystemClipboard } from './clipboard';
import { startDesktop, type Desktop } from './desktop';
import { createShortcutControl } from './global-shortcut';
import { createSenderGuard, registerBridgeIpc } from './ipc';
import { buildAppMenu } from './menu';
import { createNotifier } from './notifications';
import { createAppTray } from './tray';
import { createMainWindow, lockDownSession } from './window';

export function runElectronShell(moduleUrl: string): void {
  // These three must happen before the app is ready.
  registerAppScheme();
  app.enableSandbox();
  // The CLI reads profiles from the same folder (WIDGET_TOKEN_HOME or the product's userData).
  app.setPath('userData', dataDir());

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  const sandbox = createSandboxLauncher();
  const guard = createSenderGuard();
  let mainWindow: BrowserWindow | null = null;
  let desktop: Desktop | null = null;
  // Set by Quit (tray, menu, system): from then on closing the window really closes it.
  let quitting = false;

  function openWindow(preloadPath: string): void {
    const window = createMainWindow({ preloadPath, guard });
    window.setContentProtection(desktop?.presentationMode() ?? false);
    window.on('close', (event) => {
      // Keep in tray: the window hides, the app (tray, shortcut) stays.
      if (quitting || desktop === null || !desktop.keepInTray()) return;
      event.preventDefault();
      window.hide();
    });
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    mainWindow = window;
  }

  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    // Kept in the tray, the window is hidden rather than closed.
    mainWindow.show();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => {
    // On macOS an app stays active with no window until the user quits it.
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('before-quit', () => {
    quitting = true;
  });

  app.on('will-quit', () => {
    desktop?.stop();
    void sandbox.close();
  });

  void app.whenReady().then(() => {
    const built = locateBuiltApp(moduleUrl);
    lockDownSession(session.defaultSession);
    serveAppProtocol(built.rendererDir);
    const systemClipboard = createSystemClipboard();
    const notifier = createNotifier();
    const notices = new LifecycleNotices(notifier);
    const deps: CoreDeps = {
      shell: 'electron',
      appVersion: app.getVersion(),
      secrets: createKeychainStore(),
      sandbox: sandbox.launch,
      // Until the desktop pieces are up (a moment after start), a copy is still concealed, just not cleared.
      clipboard: { writeText: (text) => (desktop === null ? systemClipboard.writeSecret(text) : desktop.guard.copy(text)) },
      desktop: { status: () => desktop?.port.status() ?? { shortcut: SHORTCUT_OFF, clipboardNotes: ELECTRON_CLIPBOARD_NOTES } },
      notices,
      // The core opens only the authorization links it built (TikTok's authorize hosts, or loopback).
      openExternal: (url) => shell.openExternal(url),
    };
    const core = createCore(deps);
    const handlers = createBridgeHandlers(deps, core);
    registerBridgeIpc(handlers, guard);
    const showWindow = (): void => {
      if (mainWindow === null) openWindow(built.preloadPath);
      else {
        if (mainWindow.isMinimized()) mainWindow.restore();
        mainWindow.show();
        mainWindow.focus();
      }
    };
    startDesktop(
      core,
      {
        clipboard: systemClipboard,
        notifier,
        createTray: (run) => createAppTray(path.join(app.getAppPath(), 'build', 'icon.png'), run),
        createShortcut: createShortcutControl,
      },
      { showWindow, quit: () => app.quit(), protectContent: (on) => mainWindow?.setContentProtection(on) },
    ).then(
      (started) => {
        desktop = started;
        mainWindow?.setContentProtection(started.presentationMode());
      },
      () => console.error('Widget Token Desk: the tray and the global shortcut could not start; the window works without them.'),
    );
    Menu.setApplicationMenu(
      buildAppMenu({
        platform: process.platform,
        send: (command) => mainWindow?.webContents.send(MENU_COMMAND_CHANNEL, command),
      }),
    );
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow(built.preloadPath);
    });
    openWindow(built.preloadPath);
  }).catch((error: unknown) => {
    // Only startup can fail here (no build output, say): one readable line, then stop.
    console.error(error instanceof AppError ? `${error.message} ${error.resolution}` : 'Widget Token Desk could not start.');
    app.exit(1);
  });
}
