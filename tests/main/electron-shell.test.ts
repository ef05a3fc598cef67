/**
 * The Electron shell's wiring, against the recording Electron of tests/electron-mock.ts:
 * the window's security settings, the IPC surface and who may use it, navigation,
 * permissions, the app:// protocol, the menu and the app's lifecycle.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CoreDeps } from '../../main/core/core-deps';
import type { SecretStore } from '../../main/core/secret-store';
import { runElectronShell } from '../../main/electron/shell';
import { CHANNELS, MENU_COMMAND_CHANNEL } from '../../preload/contract';
import {
  electronMock,
  fakeEvent,
  FakeBrowserWindow,
  FakeTray,
  FakeWebContents,
  resetElectronMock,
  type ProtocolHandler,
} from '../electron-mock';
import { RECORDED_APP_INFO, recordedAnswer, recordingHandlers, type RecordedCall } from '../support/recording-handlers';

const core = vi.hoisted(() => ({
  deps: [] as unknown[],
  table: null as unknown,
}));

// The real core (its files in a folder of the test's own), the recorded handler table.
vi.mock('../../main/core/bridge-handlers', async (importOriginal) => ({
  createCore: (await importOriginal<typeof import('../../main/core/bridge-handlers')>()).createCore,
  createBridgeHandlers: (deps: unknown) => {
    core.deps.push(deps);
    return core.table;
  },
}));

/** The wiring tests never touch a real keychain. */
const fakeSecrets: SecretStore = {
  get: () => Promise.resolve(null),
  set: () => Promise.resolve(),
  delete: () => Promise.resolve(),
  check: () => Promise.resolve(),
};
vi.mock('../../main/core/keychain', () => ({ createKeychainStore: () => fakeSecrets }));

const PAGE_POLICY = "default-src 'none'; script-src 'self'; connect-src 'self'";

let base: string;
let out: string;
let entryUrl: string;
let calls: RecordedCall[];

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'electron-shell-'));
  out = path.join(base, 'out');
  await mkdir(path.join(out, 'renderer', 'assets'), { recursive: true });
  await mkdir(path.join(out, 'preload'), { recursive: true });
  await mkdir(path.join(out, 'main'), { recursive: true });
  await writeFile(
    path.join(out, 'renderer', 'index.html'),
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${PAGE_POLICY}"></head><body></body></html>`,
  );
  await writeFile(path.join(out, 'renderer', 'assets', 'index.js'), 'export {};');
  await writeFile(path.join(out, 'renderer', '.env'), 'dotfile');
  await writeFile(path.join(out, 'preload', 'index.cjs'), '');
  await writeFile(path.join(out, 'secret.txt'), 'outside the renderer');
  entryUrl = pathToFileURL(path.join(out, 'main', 'index.js')).href;
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

/** Lets app.whenReady() and what hangs on it run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

async function startShell(): Promise<FakeBrowserWindow> {
  runElectronShell(entryUrl);
  await settle();
  const [window] = FakeBrowserWindow.instances;
  if (!window) throw new Error('no window was created');
  return window;
}

beforeEach(() => {
  resetElectronMock();
  vi.stubEnv('WIDGET_TOKEN_HOME', path.join(base, 'data'));
  const recording = recordingHandlers();
  calls = recording.calls;
  core.table = recording.table;
  core.deps.length = 0;
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the window', () => {
  it('has exactly the secure web preferences, with the built preload', async () => {
    const window = await startShell();
    expect(window.options.webPreferences).toEqual({
      preload: path.join(out, 'preload', 'index.cjs'),
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
      disableBlinkFeatures: 'Auxclick',
    });
    expect(electronMock.app.sandboxEnabled).toBe(true);
  });

  it('loads the UI from app://, not file://, and shows once painted', async () => {
    const window = await startShell();
    expect(window.loadedUrl).toBe('app://app/index.html');
    expect(window.visible).toBe(false);
    window.emit('ready-to-show');
    expect(window.visible).toBe(true);
  });

  it('denies every window.open', async () => {
    const window = await startShell();
    const handler = window.webContents.windowOpenHandler;
    expect(handler).not.toBeNull();
    for (const url of ['https://evil.example/', 'app://app/index.html', 'file:///etc/passwd', 'javascript:alert(1)']) {
      expect(handler?.({ url })).toEqual({ action: 'deny' });
    }
  });

  it('prevents navigation and redirects to any other origin, and allows its own pages', async () => {
    const { webContents } = await startShell();
    for (const name of ['will-navigate', 'will-redirect']) {
      for (const url of ['https://evil.example/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'app://other/index.html', 'not a url']) {
        const event = fakeEvent();
        webContents.emit(name, event, url);
        expect(event.defaultPrevented, `${name} ${url}`).toBe(true);
      }
      const home = fakeEvent();
      webContents.emit(name, home, 'app://app/index.html');
      expect(home.defaultPrevented).toBe(false);
    }
  });

  it('refuses to attach a webview', async () => {
    const { webContents } = await startShell();
    const event = fakeEvent();
    webContents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });

  it('denies every permission request and check', async () => {
    const window = await startShell();
    const { permissionRequestHandler, permissionCheckHandler } = electronMock.session.defaultSession;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal']) {
      const answers: boolean[] = [];
      permissionRequestHandler?.(window.webContents, permission, (granted) => answers.push(granted), {});
      expect(answers, permission).toEqual([false]);
      expect(permissionCheckHandler?.(window.webContents, permission, 'app://app', {}), permission).toBe(false);
    }
  });
});

describe('the bridge over IPC', () => {
  it('registers every contract channel and nothing else', async () => {
    await startShell();
    expect([...electronMock.ipcMain.handlers.keys()].sort()).toEqual(Object.values(CHANNELS).sort());
    expect(electronMock.ipcMain.listened).toEqual([]);
  });

  it("passes our window's request to the core and its answer back", async () => {
    const { webContents } = await startShell();
    const answer = await electronMock.ipcMain.invoke(CHANNELS.getToken, webContents, webContents.mainFrame, { profile: 'sandbox' });
    expect(answer).toEqual(recordedAnswer('getToken'));
    expect(await electronMock.ipcMain.invoke(CHANNELS.appInfo, webContents, webContents.mainFrame, {})).toEqual({
      ok: true,
      value: RECORDED_APP_INFO,
    });
    expect(calls).toEqual([
      { method: 'getToken', request: { profile: 'sandbox' } },
      { method: 'appInfo', request: {} },
    ]);
  });

  it('refuses a sender that is not our window, and the core never sees it', async () => {
    const { webContents } = await startShell();
    const stranger = new FakeWebContents();
    stranger.mainFrame.url = 'app://app/index.html';
    const refusals = [
      await electronMock.ipcMain.invoke(CHANNELS.listProfiles, stranger, stranger.mainFrame, {}),
      // An iframe inside our own window.
      await electronMock.ipcMain.invoke(CHANNELS.listProfiles, webContents, webContents.childFrame('app://app/frame.html'), {}),
      // A frame that is gone.
      await electronMock.ipcMain.invoke(CHANNELS.listProfiles, webContents, null, {}),
    ];
    // Our window, after it was somehow made to show another site.
    webContents.mainFrame.url = 'https://evil.example/';
    refusals.push(await electronMock.ipcMain.invoke(CHANNELS.listProfiles, webContents, webContents.mainFrame, {}));
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({ ok: false, error: { kind: 'internal', message: 'This request was refused.' } });
    }
    expect(calls).toEqual([]);
  });

  it('stops trusting a window once it is closed', async () => {
    const window = await startShell();
    window.close();
    const answer = await electronMock.ipcMain.invoke(CHANNELS.appInfo, window.webContents, window.webContents.mainFrame, {});
    expect(answer).toMatchObject({ ok: false });
    expect(calls).toEqual([]);
  });

  it('turns a handler that throws into an internal error without its detail', async () => {
    const recording = recordingHandlers();
    core.table = {
      ...recording.table,
      decodeToken: () => Promise.reject(new Error('secret-in-a-bug')),
    };
    const { webContents } = await startShell();
    const answer = await electronMock.ipcMain.invoke(CHANNELS.decodeToken, webContents, webContents.mainFrame, { token: 'x' });
    expect(answer).toMatchObject({ ok: false, error: { kind: 'internal' } });
    expect(JSON.stringify(answer)).not.toContain('secret-in-a-bug');
  });

  it('hands the core the electron shell, the keychain, a lazy sandbox, the system clipboard and the system browser', async () => {
    await startShell();
    expect(core.deps).toHaveLength(1);
    const deps = core.deps[0] as CoreDeps;
    expect(deps.shell).toBe('electron');
    expect(deps.appVersion).toBe(electronMock.app.version);
    expect(deps.secrets).toBe(fakeSecrets);
    expect(typeof deps.sandbox).toBe('function');
    expect(deps.notices).toBeDefined();
    await deps.clipboard?.writeText('eyJ.copied');
    expect(electronMock.clipboard.text).toBe('eyJ.copied');
    expect(electronMock.clipboard.formats.size).toBeGreaterThan(0);
    // The core decides which links may be opened; the shell opens them in the system browser.
    await deps.openExternal?.('https://services.tiktokshop.com/open/authorize?service_id=1&state=s');
    expect(electronMock.shell.opened).toEqual(['https://services.tiktokshop.com/open/authorize?service_id=1&state=s']);
  });
});

describe('the app:// protocol', () => {
  async function appProtocol(): Promise<ProtocolHandler> {
    await startShell();
    const handler = electronMock.protocol.handlers.get('app');
    if (!handler) throw new Error('app:// is not served');
    return handler;
  }

  it('is registered as a standard, secure scheme whose scripts V8 may cache between launches', async () => {
    await startShell();
    expect(electronMock.protocol.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, codeCache: true } }]);
  });

  it("serves the renderer's files with the page's policy and the security headers", async () => {
    const handle = await appProtocol();
    const page = await handle(new Request('app://app/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(`${PAGE_POLICY}; frame-ancestors 'none'`);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const script = await handle(new Request('app://app/assets/index.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('export {};');
  });

  it.each([
    'app://app/%2e%2e/secret.txt',
    'app://app/assets/..%2f..%2fsecret.txt',
    'app://app/assets%2f..%2f..%2fsecret.txt',
    'app://app/..%5csecret.txt',
    'app://app/.env',
    'app://other/index.html',
    'app://app/missing.js',
  ])('refuses %s', async (url) => {
    const handle = await appProtocol();
    const response = await handle(new Request(url));
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('Not Found');
  });

  it('refuses anything but GET', async () => {
    const handle = await appProtocol();
    expect((await handle(new Request('app://app/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});

describe('the menu', () => {
  it('offers Get token and Copy token with the UI’s shortcuts, sending the commands to the window', async () => {
    const window = await startShell();
    const menu = electronMock.Menu.applicationMenu;
    const getToken = menu?.find('Get token');
    const copyToken = menu?.find('Copy token');
    expect(getToken).toMatchObject({ accelerator: 'CmdOrCtrl+Enter', registerAccelerator: false });
    expect(copyToken).toMatchObject({ accelerator: 'CmdOrCtrl+Shift+C', registerAccelerator: false });

    getToken?.click?.();
    copyToken?.click?.();
    expect(window.webContents.sent).toEqual([
      { channel: MENU_COMMAND_CHANNEL, args: ['get-token'] },
      { channel: MENU_COMMAND_CHANNEL, args: ['copy-token'] },
    ]);
  });

  it('keeps the standard edit roles so copy and paste work in text fields', async () => {
    await startShell();
    const roles = electronMock.Menu.applicationMenu?.template.map((item) => item.role);
    expect(roles).toContain('editMenu');
  });
});

describe('the lifecycle', () => {
  it('lets only one instance run: a second one quits at once', async () => {
    electronMock.app.singleInstanceLock = false;
    runElectronShell(entryUrl);
    await settle();
    expect(electronMock.app.quitCalls).toBe(1);
    expect(FakeBrowserWindow.instances).toEqual([]);
    expect(electronMock.ipcMain.handlers.size).toBe(0);
  });

  it('brings the existing window forward when a second instance starts', async () => {
    const window = await startShell();
    window.minimized = true;
    electronMock.app.emit('second-instance');
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(true);
  });

  it('quits when the last window closes, except on macOS', async () => {
    await startShell();
    const platform = Object.getOwnPropertyDescriptor(process, 'platform');
    try {
      Object.defineProperty(process, 'platform', { value: 'linux' });
      electronMock.app.emit('window-all-closed');
      expect(electronMock.app.quitCalls).toBe(1);
      Object.defineProperty(process, 'platform', { value: 'darwin' });
      electronMock.app.emit('window-all-closed');
      expect(electronMock.app.quitCalls).toBe(1);
    } finally {
      if (platform) Object.defineProperty(process, 'platform', platform);
    }
  });

  it('opens a new window on activate when none is open', async () => {
    const window = await startShell();
    electronMock.app.emit('activate');
    expect(FakeBrowserWindow.getAllWindows()).toHaveLength(1);
    window.close();
    electronMock.app.emit('activate');
    expect(FakeBrowserWindow.getAllWindows()).toHaveLength(1);
    expect(FakeBrowserWindow.instances).toHaveLength(2);
  });

  it('keeps profiles where the CLI reads them', async () => {
    const home = path.join(base, 'home');
    vi.stubEnv('WIDGET_TOKEN_HOME', home);
    try {
      await startShell();
      expect(electronMock.app.getPath('userData')).toBe(home);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('says to build first, in one line, when the build output is missing', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      runElectronShell(pathToFileURL(path.join(tmpdir(), 'no-build-here', 'out', 'main', 'index.js')).href);
      await settle();
      expect(electronMock.app.exitCode).toBe(1);
      expect(errors).toHaveBeenCalledTimes(1);
      expect(String(errors.mock.calls[0]?.[0])).toMatch(/npm run build/);
      expect(FakeBrowserWindow.instances).toEqual([]);
    } finally {
      errors.mockRestore();
    }
  });
});

/**
 * The shells of earlier tests start their tray a moment after their window, reading their
 * settings first: wait until no more trays appear, then forget them, so that the trays
 * counted are this test's own.
 */
async function forgetEarlierShellsTrays(): Promise<void> {
  let seen = -1;
  for (let i = 0; i < 40 && seen !== FakeTray.instances.length; i += 1) {
    seen = FakeTray.instances.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  FakeTray.instances.length = 0;
}

describe('the desktop pieces in the shell', () => {
  it('keeps the app in the tray when the window is closed, hides the window from capture in presentation mode, and closes on Quit', async () => {
    await forgetEarlierShellsTrays();
    const data = path.join(base, 'data-tray');
    vi.stubEnv('WIDGET_TOKEN_HOME', data);
    await mkdir(data, { recursive: true });
    await writeFile(path.join(data, 'settings.json'), JSON.stringify({ version: 1, keepInTray: true, presentationMode: true }));
    const window = await startShell();
    // The tray and the shortcut start a moment after the window; content protection follows once they run.
    for (let i = 0; i < 500 && window.contentProtection.at(-1) !== true; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(FakeTray.instances).toHaveLength(1);
    expect(window.contentProtection).toEqual([false, true]);

    window.close();
    expect(window.destroyed).toBe(false);
    expect(window.visible).toBe(false);
    expect(electronMock.app.quitCalls).toBe(0);

    electronMock.app.emit('second-instance');
    expect(window.visible).toBe(true);

    electronMock.app.emit('before-quit');
    window.close();
    expect(window.destroyed).toBe(true);
  });
});
