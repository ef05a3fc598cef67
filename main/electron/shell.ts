/**
 * The desktop app's lifecycle around the one core: a single instance, one window, the
 * bridge over IPC, the sandbox started only when the `sandbox` profile needs it.
 */
import { app, BrowserWindow, clipboard, Menu, session, shell } from 'electron';
import { MENU_COMMAND_CHANNEL } from '../../preload/contract';
import { createBridgeHandlers } from '../core/bridge-handlers';
import { dataDir } from '../core/data-dir';
import { AppError } from '../core/errors';
import { createKeychainStore } from '../core/keychain';
import { createSandboxLauncher } from '../sandbox/sandbox-launcher';
import { locateBuiltApp } from '../static/built-app';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import { createSenderGuard, registerBridgeIpc } from './ipc';
import { buildAppMenu } from './menu';
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

  function openWindow(preloadPath: string): void {
    const window = createMainWindow({ preloadPath, guard });
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    mainWindow = window;
  }

  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => {
    // On macOS an app stays active with no window until the user quits it.
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', () => {
    void sandbox.close();
  });

  void app.whenReady().then(() => {
    const built = locateBuiltApp(moduleUrl);
    lockDownSession(session.defaultSession);
    serveAppProtocol(built.rendererDir);
    const handlers = createBridgeHandlers({
      shell: 'electron',
      appVersion: app.getVersion(),
      secrets: createKeychainStore(),
      sandbox: sandbox.launch,
      clipboard: { writeText: (text) => clipboard.writeText(text) },
      // The core opens only the authorization links it built (TikTok's authorize hosts, or loopback).
      openExternal: (url) => shell.openExternal(url),
    });
    registerBridgeIpc(handlers, guard);
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
