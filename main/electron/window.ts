/**
 * The one window, locked down: a sandboxed, context-isolated renderer with no Node, no
 * webviews, no new windows, no navigation away from app://, and no permissions. Every
 * web preference that matters is written out, so a reviewer (or Electronegativity)
 * need not know the defaults.
 */
import { BrowserWindow, type Session, type WebContents } from 'electron';
import { PRODUCT_NAME } from '../core/data-dir';
import { APP_ENTRY_URL, isAppUrl } from './app-protocol';
import type { SenderGuard } from './ipc';

/** No new windows, and no navigation anywhere but our own pages. */
export function guardNavigation(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const stayHome = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * The UI needs no browser permission: copying goes through main's clipboard, and
 * nothing else (camera, notifications, geolocation...) has a use here.
 */
export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export function createMainWindow(options: { readonly preloadPath: string; readonly guard: SenderGuard }): BrowserWindow {
  const window = new BrowserWindow({
    title: PRODUCT_NAME,
    width: 1040,
    height: 760,
    minWidth: 640,
    minHeight: 480,
    // Shown once painted, so the window never flashes empty.
    show: false,
    // A literal here, not a helper's result, so static checkers (Electronegativity) see it.
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A middle click would otherwise ask for a new window (denied anyway, below).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  guardNavigation(window.webContents);
  options.guard.trust(window.webContents);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}
