/**
 * Electron's security checklist (electronjs.org/docs/latest/tutorial/security), for the
 * items no other test already proves. The window's web preferences, navigation, window
 * creation, permissions and the app:// protocol are in tests/main/electron-shell.test.ts,
 * the preload's shape in tests/preload/preload.test.ts, the fuses in
 * tests/build/electron-builder-config.test.ts; the report of the hardening issue maps
 * every item to its proof.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SecretStore } from '../../main/core/secret-store';
import { createAppResponder } from '../../main/electron/app-protocol';
import { runElectronShell } from '../../main/electron/shell';
import { startPreview } from '../../main/preview/preview-server';
import { metaContentSecurityPolicy } from '../../main/static/page-security';
import { CHANNELS, MENU_COMMAND_CHANNEL, METHOD_NAMES, type BridgeMethodName, type WidgetTokenBridge } from '../../preload/contract';
import { electronMock, FakeBrowserWindow, FakeWebContents, resetElectronMock } from '../electron-mock';
import { recordingHandlers, type RecordedCall } from '../support/recording-handlers';

const core = vi.hoisted(() => ({ table: null as unknown }));
vi.mock('../../main/core/bridge-handlers', async (importOriginal) => ({
  createCore: (await importOriginal<typeof import('../../main/core/bridge-handlers')>()).createCore,
  createBridgeHandlers: () => core.table,
}));
const fakeSecrets: SecretStore = {
  get: () => Promise.resolve(null),
  set: () => Promise.resolve(),
  delete: () => Promise.resolve(),
  check: () => Promise.resolve(),
};
vi.mock('../../main/core/keychain', () => ({ createKeychainStore: () => fakeSecrets }));

const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** The code that ships: what the checklist is about. */
const SHIPPED_DIRS = ['main', 'preload', 'renderer', 'common'];

async function shippedSources(): Promise<{ readonly file: string; readonly text: string }[]> {
  const files: { file: string; text: string }[] = [];
  for (const dir of SHIPPED_DIRS) {
    for (const name of await readdir(path.join(ROOT, dir), { recursive: true })) {
      if (!/\.(tsx?|html|css)$/.test(name) || /\.test\.tsx?$/.test(name)) continue;
      const file = path.join(dir, name);
      files.push({ file, text: await readFile(path.join(ROOT, file), 'utf8') });
    }
  }
  return files;
}

/** A policy as directive -> sources. */
function directives(policy: string): Map<string, string[]> {
  const parsed = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) parsed.set(name.toLowerCase(), sources);
  }
  return parsed;
}

/** The text of each inline `<script>` (one without src) in a page. */
function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].filter((match) => !/\bsrc\s*=/i.test(match[1] ?? '')).map((match) => match[2] ?? '');
}

const hashSource = (script: string): string => `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;

/**
 * What checklist item 7 asks of a policy, and item 1 (nothing but our own content).
 * Scripts: our own files, and the page's inline scripts each allowed by its exact hash.
 */
function expectStrictPolicy(policy: string | null, pageInlineScripts: readonly string[] = []): void {
  expect(policy).not.toBeNull();
  const parsed = directives(policy ?? '');
  expect(parsed.get('default-src')).toEqual(["'none'"]);
  expect(parsed.get('script-src')).toEqual(["'self'", ...pageInlineScripts.map(hashSource)]);
  expect(parsed.get('base-uri')).toEqual(["'none'"]);
  expect(parsed.get('form-action')).toEqual(["'none'"]);
  for (const unsafe of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", '*']) {
    expect(policy).not.toContain(unsafe);
  }
  // No scheme or host sources: every fetch comes from the page's own origin (data: only for images).
  for (const [name, sources] of parsed) {
    for (const source of sources) {
      const allowed =
        source === "'self'" || source === "'none'" || (source === 'data:' && name === 'img-src') || (name === 'script-src' && source.startsWith("'sha256-"));
      expect(allowed, `${name} ${source}`).toBe(true);
    }
  }
}

describe('1 and 7: only our own content, under a strict Content Security Policy (meta and header)', () => {
  let base: string;
  const sourcePage = readFileSync(path.join(ROOT, 'renderer', 'index.html'), 'utf8');

  beforeAll(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'checklist-csp-'));
    await mkdir(path.join(base, 'renderer'), { recursive: true });
    await writeFile(path.join(base, 'renderer', 'index.html'), sourcePage);
    await writeFile(path.join(base, 'bridge.js'), '');
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it("the page declares one in its <meta>: default-src 'none', no unsafe-*, no remote source", () => {
    expectStrictPolicy(metaContentSecurityPolicy(sourcePage));
  });

  it('the page source has no inline script', () => {
    expect(inlineScripts(sourcePage)).toEqual([]);
  });

  describe.skipIf(!existsSync(path.join(ROOT, 'out', 'renderer', 'index.html')))('the built page', () => {
    const builtDir = path.join(ROOT, 'out', 'renderer');
    const built = (): string => readFileSync(path.join(builtDir, 'index.html'), 'utf8');

    it('keeps the same policy, with only the hash of its one inline script (the early-input script) added', () => {
      const page = built();
      const scripts = inlineScripts(page);
      expect(scripts).toHaveLength(1);
      const [script = ''] = scripts;
      expect(script).toContain('addEventListener');
      const policy = metaContentSecurityPolicy(page);
      expectStrictPolicy(policy, scripts);
      expect(policy?.replace(` ${hashSource(script)}`, '')).toBe(metaContentSecurityPolicy(sourcePage));
    });

    it("app:// serves it with that policy as a header, with frame-ancestors 'none'", async () => {
      const page = built();
      const response = await createAppResponder(builtDir)(new Request('app://app/index.html'));
      const header = response.headers.get('content-security-policy');
      expectStrictPolicy(header, inlineScripts(page));
      expect(header).toBe(`${metaContentSecurityPolicy(page)}; frame-ancestors 'none'`);
      expect(await response.text()).toBe(page);
    });
  });

  it("app:// sends it as a header too, with frame-ancestors 'none'", async () => {
    const respond = createAppResponder(path.join(base, 'renderer'));
    const page = await respond(new Request('app://app/index.html'));
    const header = page.headers.get('content-security-policy');
    expectStrictPolicy(header);
    expect(header).toBe(`${metaContentSecurityPolicy(sourcePage)}; frame-ancestors 'none'`);
    expect(metaContentSecurityPolicy(await page.text())).toBe(metaContentSecurityPolicy(sourcePage));
  });

  it('the preview sends the same header with the same page', async () => {
    const preview = await startPreview({
      handlers: recordingHandlers().table,
      rendererDir: path.join(base, 'renderer'),
      bridgeScriptPath: path.join(base, 'bridge.js'),
    });
    try {
      const page = await fetch(`${preview.origin}/`);
      const header = page.headers.get('content-security-policy');
      expectStrictPolicy(header);
      expect(header).toBe(`${metaContentSecurityPolicy(sourcePage)}; frame-ancestors 'none'`);
      expect(metaContentSecurityPolicy(await page.text())).toBe(metaContentSecurityPolicy(sourcePage));
    } finally {
      await preview.close();
    }
  });
});

describe('11 and 15: no webview popups, shell.openExternal only for links the core built', () => {
  it('no shipped source uses <webview> or allowpopups', async () => {
    const offenders = (await shippedSources())
      .filter(({ text }) => /<webview\b|allowpopups/i.test(text))
      .map(({ file }) => file);
    expect(offenders).toEqual([]);
  });

  it('calls shell.openExternal in one place, the port the core opens its own authorization links through', async () => {
    const sources = await shippedSources();
    const calls = sources.flatMap(({ file, text }) => (text.match(/\bshell\.openExternal\(/g) ?? []).map(() => file));
    expect(calls).toEqual([path.join('main', 'electron', 'shell.ts')]);
    // The core's guard: only a link it made, on TikTok Shop's authorize hosts or loopback (main/core/auth-service.test.ts).
    const service = sources.find(({ file }) => file === path.join('main', 'core', 'auth-service.ts'))?.text ?? '';
    expect(service).toMatch(/this\.issuedLinks\.has\(url\) \|\| !isOpenableAuthorizationLink\(url\)/);
  });
});

describe('16: a current Electron', () => {
  const major = (version: string) => Number(/(\d+)\./.exec(version)?.[1]);

  it('package.json asks for Electron 45 or later, and that is what is installed', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    const range = manifest.devDependencies.electron ?? '';
    expect(range).toMatch(/^\^?\d+\.\d+\.\d+$/);
    expect(major(range)).toBeGreaterThanOrEqual(45);
    const installed = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(major(installed.version)).toBeGreaterThanOrEqual(45);
  });
});

describe('the Electron shell (17: senders, 18: no file://)', () => {
  let base: string;
  let calls: RecordedCall[];

  beforeAll(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'checklist-shell-'));
    await mkdir(path.join(base, 'out', 'renderer'), { recursive: true });
    await mkdir(path.join(base, 'out', 'preload'), { recursive: true });
    await writeFile(path.join(base, 'out', 'renderer', 'index.html'), readFileSync(path.join(ROOT, 'renderer', 'index.html')));
    await writeFile(path.join(base, 'out', 'preload', 'index.cjs'), '');
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });
  beforeEach(() => {
    resetElectronMock();
    vi.stubEnv('WIDGET_TOKEN_HOME', path.join(base, 'data'));
    const recording = recordingHandlers();
    calls = recording.calls;
    core.table = recording.table;
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  async function startShell(): Promise<FakeBrowserWindow> {
    runElectronShell(pathToFileURL(path.join(base, 'out', 'main', 'index.js')).href);
    await new Promise((resolve) => setImmediate(resolve));
    const [window] = FakeBrowserWindow.instances;
    if (!window) throw new Error('no window was created');
    return window;
  }

  it.each(METHOD_NAMES)('%s: only the top frame of our own window, on app://, reaches the core', async (method) => {
    const { webContents } = await startShell();
    const channel = CHANNELS[method];
    const stranger = new FakeWebContents();
    stranger.mainFrame.url = 'app://app/index.html';
    const answers = [
      await electronMock.ipcMain.invoke(channel, stranger, stranger.mainFrame, {}),
      await electronMock.ipcMain.invoke(channel, webContents, webContents.childFrame('app://app/index.html'), {}),
      await electronMock.ipcMain.invoke(channel, webContents, null, {}),
    ];
    webContents.mainFrame.url = 'https://evil.example/';
    answers.push(await electronMock.ipcMain.invoke(channel, webContents, webContents.mainFrame, {}));
    webContents.mainFrame.url = 'file:///etc/passwd';
    answers.push(await electronMock.ipcMain.invoke(channel, webContents, webContents.mainFrame, {}));
    for (const answer of answers) expect(answer).toMatchObject({ ok: false, error: { message: 'This request was refused.' } });
    expect(calls).toEqual([]);

    webContents.mainFrame.url = 'app://app/index.html';
    await electronMock.ipcMain.invoke(channel, webContents, webContents.mainFrame, {});
    expect(calls).toEqual([{ method, request: {} }]);
  });

  it('every window it ever opens loads app://, never file://', async () => {
    const first = await startShell();
    first.close();
    electronMock.app.emit('activate');
    expect(FakeBrowserWindow.instances).toHaveLength(2);
    for (const window of FakeBrowserWindow.instances) expect(window.loadedUrl).toBe('app://app/index.html');
    // The only scheme given privileges is ours; file:// keeps none (and its fuse is off in the package).
    expect(electronMock.protocol.privilegedSchemes.map((scheme) => scheme.scheme)).toEqual(['app']);
  });

  it('the shell has no other way to load a page: no loadFile, and loadURL only with the app:// entry', async () => {
    const shellSources = (await shippedSources()).filter(({ file }) => file.startsWith(path.join('main', 'electron')));
    expect(shellSources.length).toBeGreaterThan(0);
    for (const { file, text } of shellSources) {
      expect(text, file).not.toMatch(/\bloadFile\s*\(/);
      for (const [, argument] of text.matchAll(/\bloadURL\s*\(([^)]*)\)/g)) expect(argument, file).toBe('APP_ENTRY_URL');
    }
  });
});

describe('20: the preload exposes named methods only, nothing of Electron', () => {
  beforeEach(() => {
    resetElectronMock();
  });

  async function loadPreload(): Promise<{ readonly api: WidgetTokenBridge; readonly exposeCalls: unknown[][] }> {
    const expose = vi.spyOn(electronMock.contextBridge, 'exposeInMainWorld');
    try {
      vi.resetModules();
      await import('../../preload/index');
      return { api: electronMock.contextBridge.exposed.get('widgetToken') as WidgetTokenBridge, exposeCalls: expose.mock.calls };
    } finally {
      expose.mockRestore();
    }
  }

  /** Everything reachable from a value: the test looks for Electron objects and functions in it. */
  function reachable(value: unknown, seen = new Set<unknown>()): unknown[] {
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value)) return [];
    seen.add(value);
    const found: unknown[] = [value];
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
      if (descriptor && 'value' in descriptor) found.push(...reachable(descriptor.value, seen));
    }
    return found;
  }

  it('contextBridge.exposeInMainWorld is called once, with exactly the contract methods and onMenuCommand', async () => {
    const { api, exposeCalls } = await loadPreload();
    expect(exposeCalls).toHaveLength(1);
    expect(exposeCalls[0]?.[0]).toBe('widgetToken');
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES, 'onMenuCommand'].sort());
  });

  it('the exposed functions are bare: no properties, usable detached, holding no Electron object', async () => {
    const { api } = await loadPreload();
    for (const [name, fn] of Object.entries(api)) {
      expect(typeof fn, name).toBe('function');
      // A function has its own length and name, and a prototype only if it is a constructor.
      expect(Object.getOwnPropertyNames(fn).filter((key) => !['length', 'name', 'prototype'].includes(key)), name).toEqual([]);
    }
    const everything = reachable(api);
    for (const electronObject of Object.values(electronMock)) expect(everything).not.toContain(electronObject);
  });

  it.each(METHOD_NAMES)("%s resolves to plain data only, whether main answers or IPC breaks", async (method: BridgeMethodName) => {
    const { api } = await loadPreload();
    const call = api[method] as (request?: unknown) => Promise<unknown>;
    electronMock.ipcRenderer.answer = () => Promise.resolve({ ok: true, value: { echoed: method } });
    const answered = await call({});
    electronMock.ipcRenderer.answer = () => Promise.reject(new Error('IPC broke'));
    const broken = await call({});
    for (const result of [answered, broken]) {
      const values = reachable(result);
      expect(values.filter((value) => typeof value === 'function')).toEqual([]);
      expect(values).not.toContain(electronMock.ipcRenderer);
      expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    }
    // Each call invoked its own channel with the request, and nothing more.
    expect(electronMock.ipcRenderer.invocations.map(({ channel, args }) => [channel, args.length])).toEqual([
      [CHANNELS[method], 1],
      [CHANNELS[method], 1],
    ]);
  });

  it('onMenuCommand hands the listener the command alone, and its stop function returns nothing', async () => {
    const { api } = await loadPreload();
    const received: unknown[][] = [];
    const stop = api.onMenuCommand((...args: unknown[]) => received.push(args));
    electronMock.ipcRenderer.deliver(MENU_COMMAND_CHANNEL, 'get-token');
    expect(received).toEqual([['get-token']]);
    // `() => ipcRenderer.removeListener(...)` would hand the page ipcRenderer itself (it returns `this`).
    expect(stop()).toBeUndefined();
  });
});

describe('the lint rule: electron only in main/electron/ and preload/index.ts', () => {
  const eslint = new ESLint({ cwd: ROOT });

  async function ruleIds(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, filePath) });
    return (result?.messages ?? [])
      .filter((message) => message.ruleId === 'no-restricted-imports' || message.ruleId === 'no-restricted-syntax')
      .map((message) => message.ruleId ?? '');
  }

  it.each([
    ['main/core/x.ts', 'a static import', "import { app } from 'electron';\nexport const a = app;\n"],
    ['main/cli/x.ts', 'a type import', "import type { App } from 'electron';\nexport type A = App;\n"],
    ['main/preview/x.ts', 'a dynamic import', "export const a = import('electron');\n"],
    ['main/sandbox/x.ts', 'a subpath', "import { app } from 'electron/main';\nexport const a = app;\n"],
    ['common/x.ts', 'ipcRenderer', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n"],
    ['renderer/src/x.ts', 'electron/renderer', "import { ipcRenderer } from 'electron/renderer';\nexport const a = ipcRenderer;\n"],
    ['preload/browser-bridge.ts', 'ipcRenderer', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n"],
    ['tests/x.test.ts', 'ipcMain', "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n"],
    ['scripts/x.mjs', 'a dynamic import', "export const a = await import('electron');\n"],
    ['scripts/x.cjs', 'require', "module.exports = require('electron');\n"],
    ['main/electron/x.ts', 'ipcRenderer', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n"],
    ['main/electron/x.ts', 'contextBridge', "import { contextBridge } from 'electron';\nexport const a = contextBridge;\n"],
  ])('refuses it in %s (%s)', async (filePath, _what, code) => {
    expect(await ruleIds(filePath, code)).not.toEqual([]);
  });

  it.each([
    ['main/electron/x.ts', 'app and ipcMain', "import { app, ipcMain } from 'electron';\nexport const a = [app, ipcMain];\n"],
    ['preload/index.ts', 'contextBridge and ipcRenderer', "import { contextBridge, ipcRenderer } from 'electron';\nexport const a = [contextBridge, ipcRenderer];\n"],
    ['main/core/x.ts', 'electron-vite, another package', "import { build } from 'electron-vite';\nexport const a = build;\n"],
  ])('allows it in %s (%s)', async (filePath, _what, code) => {
    expect(await ruleIds(filePath, code)).toEqual([]);
  });
});

describe('Electronegativity in CI (npm run audit:electron)', () => {
  let fixture: string;

  beforeAll(async () => {
    fixture = await mkdtemp(path.join(tmpdir(), 'checklist-electronegativity-'));
    await mkdir(path.join(fixture, 'app'));
    await writeFile(
      path.join(fixture, 'app', 'main.js'),
      [
        "const { BrowserWindow } = require('electron');",
        'const win = new BrowserWindow({ webPreferences: { contextIsolation: false, sandbox: false } });',
        "win.loadURL('https://example.com/');",
        '',
      ].join('\n'),
    );
    await writeFile(path.join(fixture, 'app', 'package.json'), JSON.stringify({ name: 'fixture', devDependencies: { electron: '^45.4.1' } }));
  });
  afterAll(async () => {
    await rm(fixture, { recursive: true, force: true });
  });

  function audit(accepted: readonly unknown[]): Promise<{ readonly code: number | null; readonly lines: string[] }> {
    const list = path.join(fixture, 'accepted.json');
    return writeFile(list, JSON.stringify(accepted)).then(
      () =>
        new Promise((resolve, reject) => {
          const child = spawn(
            process.execPath,
            [path.join(ROOT, 'scripts', 'electronegativity.mjs'), '--input', path.join(fixture, 'app'), '--accepted', list],
            { stdio: ['ignore', 'pipe', 'inherit'] },
          );
          let stdout = '';
          child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
          child.once('error', reject);
          child.once('close', (code) => resolve({ code, lines: stdout.trimEnd().split('\n') }));
        }),
    );
  }

  it('fails on an insecure window until each finding is fixed or accepted, and on acceptances that match nothing', async () => {
    const first = await audit([]);
    expect(first.code).toBe(1);
    const found = first.lines.slice(1).map((line) => /^ {2}(\w+) at (?:the app as a whole|(\S+):\d+:\d+) /.exec(line) ?? []);
    const ids = found.map((match) => match[1]);
    expect(first.lines[0]).toBe(`electronegativity: ${found.length} findings, 0 accepted`);
    expect(ids).toContain('CONTEXT_ISOLATION_JS_CHECK');
    expect(ids).toContain('SANDBOX_JS_CHECK');
    expect(ids).toContain('LIMIT_NAVIGATION_GLOBAL_CHECK');

    const accepted = found.map((match) => ({
      check: match[1],
      file: match[2] ?? 'N/A',
      reason: 'fixture',
    }));
    const second = await audit([...accepted, { check: 'NODE_INTEGRATION_JS_CHECK', file: 'gone.js', reason: 'fixed long ago' }]);
    expect(second.lines).toEqual([
      `electronegativity: ${found.length} findings, ${found.length} accepted`,
      '  NODE_INTEGRATION_JS_CHECK in gone.js is accepted but no longer found: remove it from accepted.json.',
    ]);
    expect(second.code).toBe(1);
  }, 60_000);
});
