/**
 * A recording stand-in for the parts of Electron the shell and the preload use. The
 * shell's wiring tests (tests/main/electron-shell.test.ts, tests/preload/preload.test.ts)
 * drive it like Electron would (ready, IPC from a given frame, navigation, permission
 * requests) and assert on what the code under test recorded. State is mutated in place,
 * never replaced, because modules hold on to the objects they imported.
 */
import { EventEmitter } from 'node:events';

/** The event object Electron passes to will-navigate and friends. */
export interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function fakeEvent(): FakeEvent {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

export class FakeWebFrame {
  constructor(
    public url: string,
    public readonly parent: FakeWebFrame | null,
  ) {}
}

export type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

let nextWebContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  readonly mainFrame = new FakeWebFrame('', null);
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: WindowOpenHandler | null = null;
  destroyed = false;

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }

  getURL(): string {
    return this.mainFrame.url;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** A child frame (an iframe) of this page, at the given URL. */
  childFrame(url: string): FakeWebFrame {
    return new FakeWebFrame(url, this.mainFrame);
  }

  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

export interface WindowOptions {
  readonly webPreferences?: Record<string, unknown>;
  readonly [option: string]: unknown;
}

export class FakeBrowserWindow extends EventEmitter {
  static readonly instances: FakeBrowserWindow[] = [];

  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.instances.filter((window) => !window.destroyed);
  }

  static getFocusedWindow(): FakeBrowserWindow | null {
    return FakeBrowserWindow.getAllWindows().find((window) => window.focused) ?? null;
  }

  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  visible = false;
  focused = false;
  minimized = false;
  destroyed = false;
  /** Every setContentProtection call, in order. */
  readonly contentProtection: boolean[] = [];

  constructor(readonly options: WindowOptions) {
    super();
    FakeBrowserWindow.instances.push(this);
  }

  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }

  show(): void {
    this.visible = true;
  }

  hide(): void {
    this.visible = false;
  }

  setContentProtection(enable: boolean): void {
    this.contentProtection.push(enable);
  }

  focus(): void {
    this.focused = true;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  restore(): void {
    this.minimized = false;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** Like Electron: a 'close' listener may prevent it (the window then stays, maybe hidden). */
  close(): void {
    const event = fakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.emit('closed');
    this.webContents.destroy();
  }
}

class FakeApp extends EventEmitter {
  /** What requestSingleInstanceLock answers: false plays a second instance. */
  singleInstanceLock = true;
  quitCalls = 0;
  exitCode: number | null = null;
  sandboxEnabled = false;
  version = '0.1.0';
  readonly paths = new Map<string, string>();

  whenReady(): Promise<void> {
    return Promise.resolve();
  }

  requestSingleInstanceLock(): boolean {
    return this.singleInstanceLock;
  }

  quit(): void {
    this.quitCalls += 1;
  }

  exit(code = 0): void {
    this.exitCode = code;
  }

  enableSandbox(): void {
    this.sandboxEnabled = true;
  }

  getVersion(): string {
    return this.version;
  }

  setPath(name: string, value: string): void {
    this.paths.set(name, value);
  }

  getAppPath(): string {
    return '/fake/app';
  }

  getPath(name: string): string {
    return this.paths.get(name) ?? `/fake/${name}`;
  }

  reset(): void {
    this.removeAllListeners();
    this.singleInstanceLock = true;
    this.quitCalls = 0;
    this.exitCode = null;
    this.sandboxEnabled = false;
    this.paths.clear();
  }
}

export type IpcHandler = (event: FakeIpcEvent, ...args: unknown[]) => unknown;

export interface FakeIpcEvent {
  readonly sender: FakeWebContents;
  readonly senderFrame: FakeWebFrame | null;
}

const ipcMain = {
  handlers: new Map<string, IpcHandler>(),
  /** Channels listened to with `on`: the shell must use none. */
  listened: [] as string[],
  handle(channel: string, handler: IpcHandler): void {
    if (ipcMain.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcMain.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    ipcMain.handlers.delete(channel);
  },
  on(channel: string): void {
    ipcMain.listened.push(channel);
  },
  /** Plays an invoke from `sender`'s frame (its main frame unless another is given). */
  async invoke(channel: string, sender: FakeWebContents, frame: FakeWebFrame | null, ...args: unknown[]): Promise<unknown> {
    const handler = ipcMain.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ sender, senderFrame: frame }, ...args);
  },
};

export interface CustomScheme {
  readonly scheme: string;
  readonly privileges?: Record<string, boolean>;
}

export type ProtocolHandler = (request: Request) => Response | Promise<Response>;

const protocol = {
  privilegedSchemes: [] as CustomScheme[],
  handlers: new Map<string, ProtocolHandler>(),
  registerSchemesAsPrivileged(schemes: CustomScheme[]): void {
    protocol.privilegedSchemes.push(...schemes);
  },
  handle(scheme: string, handler: ProtocolHandler): void {
    protocol.handlers.set(scheme, handler);
  },
  unhandle(scheme: string): void {
    protocol.handlers.delete(scheme);
  },
};

export type PermissionRequestHandler = (
  contents: FakeWebContents,
  permission: string,
  callback: (granted: boolean) => void,
  details: Record<string, unknown>,
) => void;
export type PermissionCheckHandler = (
  contents: FakeWebContents | null,
  permission: string,
  requestingOrigin: string,
  details: Record<string, unknown>,
) => boolean;

const defaultSession = {
  permissionRequestHandler: null as PermissionRequestHandler | null,
  permissionCheckHandler: null as PermissionCheckHandler | null,
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    defaultSession.permissionRequestHandler = handler;
  },
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    defaultSession.permissionCheckHandler = handler;
  },
};

export interface MenuItemTemplate {
  readonly label?: string;
  readonly role?: string;
  readonly type?: string;
  readonly accelerator?: string;
  readonly registerAccelerator?: boolean;
  readonly checked?: boolean;
  readonly enabled?: boolean;
  readonly click?: (...args: unknown[]) => void;
  readonly submenu?: readonly MenuItemTemplate[];
}

export class FakeMenu {
  constructor(readonly template: readonly MenuItemTemplate[]) {}

  /** The item with this label, searched through every submenu. */
  find(label: string): MenuItemTemplate | undefined {
    const search = (items: readonly MenuItemTemplate[]): MenuItemTemplate | undefined => {
      for (const item of items) {
        if (item.label === label) return item;
        const inner = item.submenu ? search(item.submenu) : undefined;
        if (inner) return inner;
      }
      return undefined;
    };
    return search(this.template);
  }
}

const Menu = {
  applicationMenu: null as FakeMenu | null,
  buildFromTemplate(template: readonly MenuItemTemplate[]): FakeMenu {
    return new FakeMenu(template);
  },
  setApplicationMenu(menu: FakeMenu | null): void {
    Menu.applicationMenu = menu;
  },
};

/** Electron's ClipboardItem: the entries as given (MIME type or raw platform format -> payload). */
export class FakeClipboardItem {
  constructor(readonly items: Readonly<Record<string, string | Blob>>) {}

  get types(): string[] {
    return Object.keys(this.items);
  }
}

const clipboard = {
  text: '',
  /** The formats of the last write() besides text/plain, with their bytes. */
  formats: new Map<string, Uint8Array>(),
  writes: 0,
  writeText(text: string): Promise<void> {
    clipboard.text = text;
    clipboard.formats.clear();
    clipboard.writes += 1;
    return Promise.resolve();
  },
  async write(items: FakeClipboardItem[]): Promise<void> {
    clipboard.formats.clear();
    clipboard.text = '';
    for (const item of items) {
      for (const [type, payload] of Object.entries(item.items)) {
        if (type === 'text/plain') clipboard.text = typeof payload === 'string' ? payload : await payload.text();
        else clipboard.formats.set(type, typeof payload === 'string' ? new TextEncoder().encode(payload) : new Uint8Array(await payload.arrayBuffer()));
      }
    }
    clipboard.writes += 1;
  },
  readText(): Promise<string> {
    return Promise.resolve(clipboard.text);
  },
  clear(): void {
    clipboard.text = '';
    clipboard.formats.clear();
  },
};

export class FakeNativeImage {
  constructor(readonly path: string) {}

  isEmpty(): boolean {
    return false;
  }

  resize(size: { width: number; height: number }): FakeNativeImage {
    return new FakeNativeImage(`${this.path}@${size.width}x${size.height}`);
  }
}

const nativeImage = {
  createFromPath: (file: string) => new FakeNativeImage(file),
};

export class FakeTray extends EventEmitter {
  static readonly instances: FakeTray[] = [];
  menu: FakeMenu | null = null;
  title = '';
  toolTip = '';
  destroyed = false;

  constructor(readonly image: FakeNativeImage) {
    super();
    FakeTray.instances.push(this);
  }

  setContextMenu(menu: FakeMenu): void {
    this.menu = menu;
  }

  setTitle(title: string): void {
    this.title = title;
  }

  setToolTip(text: string): void {
    this.toolTip = text;
  }

  destroy(): void {
    this.destroyed = true;
  }
}

export class FakeNotification {
  static readonly shown: { title: string; body: string; silent?: boolean }[] = [];
  static supported = true;

  static isSupported(): boolean {
    return FakeNotification.supported;
  }

  constructor(readonly options: { title: string; body: string; silent?: boolean }) {}

  show(): void {
    FakeNotification.shown.push(this.options);
  }
}

const globalShortcut = {
  /** Accelerators another program holds: register answers false for them. */
  taken: new Set<string>(),
  registered: new Map<string, () => void>(),
  register(accelerator: string, callback: () => void): boolean {
    if (globalShortcut.taken.has(accelerator) || globalShortcut.registered.has(accelerator)) return false;
    globalShortcut.registered.set(accelerator, callback);
    return true;
  },
  unregister(accelerator: string): void {
    globalShortcut.registered.delete(accelerator);
  },
  /** Plays the user pressing the shortcut. */
  press(accelerator: string): void {
    const callback = globalShortcut.registered.get(accelerator);
    if (!callback) throw new Error(`${accelerator} is not registered`);
    callback();
  },
};

const shell = {
  opened: [] as string[],
  openExternal(url: string): Promise<void> {
    shell.opened.push(url);
    return Promise.resolve();
  },
};

const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    if (contextBridge.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property: ${key}`);
    contextBridge.exposed.set(key, api);
  },
};

class FakeIpcRenderer extends EventEmitter {
  readonly invocations: { channel: string; args: unknown[] }[] = [];
  /** What main answers an invoke with; a test replaces it to play main. */
  answer: (channel: string, ...args: unknown[]) => Promise<unknown> = () => Promise.resolve({ ok: true, value: null });

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push({ channel, args });
    return this.answer(channel, ...args);
  }

  /** Plays a message sent by main with webContents.send. */
  deliver(channel: string, ...args: unknown[]): void {
    this.emit(channel, { sender: this }, ...args);
  }

  reset(): void {
    this.removeAllListeners();
    this.invocations.length = 0;
    this.answer = () => Promise.resolve({ ok: true, value: null });
  }
}

const app = new FakeApp();
const ipcRenderer = new FakeIpcRenderer();

export const electronMock = {
  app,
  BrowserWindow: FakeBrowserWindow,
  ipcMain,
  protocol,
  session: { defaultSession },
  Menu,
  clipboard,
  ClipboardItem: FakeClipboardItem,
  nativeImage,
  Tray: FakeTray,
  Notification: FakeNotification,
  globalShortcut,
  shell,
  contextBridge,
  ipcRenderer,
};

/** Back to a freshly started Electron: no windows, handlers, menus or exposures. */
export function resetElectronMock(): void {
  app.reset();
  FakeBrowserWindow.instances.length = 0;
  ipcMain.handlers.clear();
  ipcMain.listened.length = 0;
  protocol.privilegedSchemes.length = 0;
  protocol.handlers.clear();
  defaultSession.permissionRequestHandler = null;
  defaultSession.permissionCheckHandler = null;
  Menu.applicationMenu = null;
  clipboard.text = '';
  clipboard.formats.clear();
  clipboard.writes = 0;
  FakeTray.instances.length = 0;
  FakeNotification.shown.length = 0;
  FakeNotification.supported = true;
  globalShortcut.taken.clear();
  globalShortcut.registered.clear();
  shell.opened.length = 0;
  contextBridge.exposed.clear();
  ipcRenderer.reset();
}
