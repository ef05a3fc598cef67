/**
 * The desktop app's everyday pieces (tray, global shortcut, notifications, clipboard,
 * content protection, keep in tray) wired to the recording Electron of tests/electron-mock.ts,
 * on the real core: profiles and settings in a folder of the test's own, tokens from the
 * offline sandbox.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBridgeHandlers, createCore, type Core } from '../../main/core/bridge-handlers';
import { LifecycleNotices } from '../../main/core/desktop/notices';
import { createMemorySecretStore } from '../../main/core/memory-secret-store';
import { createSystemClipboard, rawFormat, secretMarkers } from '../../main/electron/clipboard';
import { startDesktop, type Desktop } from '../../main/electron/desktop';
import { createShortcutControl } from '../../main/electron/global-shortcut';
import { createNotifier } from '../../main/electron/notifications';
import { createAppTray } from '../../main/electron/tray';
import { createSandboxLauncher } from '../../main/sandbox/sandbox-launcher';
import { value } from '../support/bridge-result';
import { electronMock, FakeNotification, FakeTray, resetElectronMock, type MenuItemTemplate } from '../electron-mock';

const launcher = createSandboxLauncher();
let home: string;
let core: Core;
let desktop: Desktop | null;
const hooks = { shown: 0, quits: 0, protection: [] as boolean[] };

async function start(): Promise<Desktop> {
  desktop = await startDesktop(
    core,
    { clipboard: createSystemClipboard('darwin'), notifier: createNotifier(), createTray: (run) => createAppTray('/fake/icon.png', run), createShortcut: createShortcutControl },
    { showWindow: () => (hooks.shown += 1), quit: () => (hooks.quits += 1), protectContent: (on) => hooks.protection.push(on) },
  );
  return desktop;
}

function tray(): FakeTray {
  const [only] = FakeTray.instances;
  if (only === undefined) throw new Error('no tray');
  return only;
}

function menuItems(): readonly MenuItemTemplate[] {
  return tray().menu?.template ?? [];
}

function click(label: string): void {
  const item = menuItems().find((entry) => entry.label === label);
  if (item?.click === undefined) throw new Error(`no tray item ${label}`);
  item.click();
}

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
};

beforeEach(async () => {
  resetElectronMock();
  hooks.shown = 0;
  hooks.quits = 0;
  hooks.protection.length = 0;
  home = await mkdtemp(path.join(tmpdir(), 'wtd-electron-desktop-'));
  core = createCore({ dataDir: home, secrets: createMemorySecretStore(), sandbox: launcher.launch });
  desktop = null;
});

afterEach(async () => {
  desktop?.stop();
  await rm(home, { recursive: true, force: true });
});

afterAll(async () => {
  await launcher.close();
});

describe('the tray', () => {
  it('lists the profiles with the active one marked, then Copy fresh token, Show window and Quit', async () => {
    await core.store.upsert({ name: 'shop-eu', baseUrl: 'https://open-api.tiktokglobalshop.com', appKey: 'k' });
    await core.store.setActive('shop-eu');
    await start();
    expect(menuItems().map((item) => (item.type === 'separator' ? '---' : `${item.label}${item.checked === true ? ' *' : ''}`))).toEqual([
      'sandbox (offline sandbox)',
      'shop-eu *',
      '---',
      'Copy fresh token',
      'Show window',
      '---',
      'Quit',
    ]);
  });

  it('makes a profile active from the menu, shows the window and quits', async () => {
    await core.store.upsert({ name: 'shop-eu', baseUrl: 'https://open-api.tiktokglobalshop.com', appKey: 'k' });
    await start();
    click('shop-eu');
    await until(() => menuItems().find((item) => item.label === 'shop-eu')?.checked === true);
    expect(await core.store.getActive()).toBe('shop-eu');
    click('Show window');
    click('Quit');
    expect(hooks).toMatchObject({ shown: 1, quits: 1 });
  });

  it('copies a fresh token, concealed, says so in a notification, and reuses it while a minute or more is left', async () => {
    await start();
    click('Copy fresh token');
    await until(() => FakeNotification.shown.length === 1);
    const token = electronMock.clipboard.text;
    expect(token).toMatch(/^eyJ/);
    expect([...electronMock.clipboard.formats.keys()]).toEqual([rawFormat('org.nspasteboard.ConcealedType')]);
    expect(FakeNotification.shown[0]).toEqual({ title: 'Widget token copied', body: expect.stringMatching(/^Profile sandbox: (5m|4m 5\ds) left\.$/), silent: true });
    expect(FakeNotification.shown[0]?.body).not.toContain(token);

    click('Copy fresh token');
    await until(() => FakeNotification.shown.length === 2);
    expect(electronMock.clipboard.text).toBe(token);
    expect(core.history.list().map((entry) => entry.source)).toEqual(['tray']);
  });

  it('says in a notification when no token could be copied', async () => {
    await core.store.upsert({ name: 'no-secrets', baseUrl: 'https://open-api.tiktokglobalshop.com', appKey: 'k' });
    await core.store.setActive('no-secrets');
    await start();
    click('Copy fresh token');
    await until(() => FakeNotification.shown.length === 1);
    expect(FakeNotification.shown[0]?.title).toBe('No widget token copied');
    expect(FakeNotification.shown[0]?.body).toMatch(/^Profile no-secrets: /);
    expect(electronMock.clipboard.text).toBe('');
  });
});

describe('the global shortcut', () => {
  it('registers the default, copies a fresh token of the active profile when pressed, and follows the settings', async () => {
    await start();
    expect([...electronMock.globalShortcut.registered.keys()]).toEqual(['CommandOrControl+Alt+Shift+T']);
    electronMock.globalShortcut.press('CommandOrControl+Alt+Shift+T');
    await until(() => FakeNotification.shown.length === 1);
    expect(electronMock.clipboard.text).toMatch(/^eyJ/);
    expect(core.history.list().map((entry) => entry.source)).toEqual(['shortcut']);

    await core.settings.save({ globalShortcut: 'Alt+F5' });
    expect([...electronMock.globalShortcut.registered.keys()]).toEqual(['Alt+F5']);
    await core.settings.save({ globalShortcut: null });
    expect(electronMock.globalShortcut.registered.size).toBe(0);
    expect(desktop?.port.status().shortcut).toEqual({ accelerator: null, registered: false, problem: null });
  });

  it('reports a shortcut another program holds: a notification and the status the Settings view shows', async () => {
    electronMock.globalShortcut.taken.add('CommandOrControl+Alt+Shift+T');
    await start();
    expect(FakeNotification.shown).toEqual([
      { title: 'Global shortcut not available', body: 'CommandOrControl+Alt+Shift+T is taken by another program. Choose another shortcut in Settings.', silent: true },
    ]);
    const handlers = createBridgeHandlers({ shell: 'electron', appVersion: '0', dataDir: home, secrets: createMemorySecretStore(), sandbox: launcher.launch, desktop: desktop?.port }, core);
    expect(value(await handlers.desktopStatus({})).shortcut).toMatchObject({ registered: false, problem: expect.stringMatching(/taken by another program/) });
    // Saving another setting does not say it again.
    await core.settings.save({ keepInTray: true });
    expect(FakeNotification.shown).toHaveLength(1);
  });
});

describe('lifecycle notifications', () => {
  it('reach the desktop as silent notifications, once per profile', () => {
    const notices = new LifecycleNotices(createNotifier());
    notices.refreshFailed('shop-eu', 'The refresh token has expired.');
    notices.refreshFailed('shop-eu', 'The refresh token has expired.');
    expect(FakeNotification.shown).toEqual([
      { title: 'Access token not refreshed', body: 'Profile shop-eu: The refresh token has expired. Widget tokens fail once the access token expires.', silent: true },
    ]);
  });

  it('stay quiet where the system has no notifications', () => {
    FakeNotification.supported = false;
    new LifecycleNotices(createNotifier()).refreshFailed('shop-eu', 'x');
    expect(FakeNotification.shown).toEqual([]);
  });
});

describe('the clipboard', () => {
  it('writes the concealed marker on macOS and the history exclusions on Windows, with the text, in one write', async () => {
    await createSystemClipboard('win32').writeSecret('eyJ.win');
    expect(electronMock.clipboard.text).toBe('eyJ.win');
    expect(electronMock.clipboard.writes).toBe(1);
    expect(Object.fromEntries([...electronMock.clipboard.formats].map(([format, bytes]) => [format, [...bytes]]))).toEqual({
      [rawFormat('ExcludeClipboardContentFromMonitorProcessing')]: [0, 0, 0, 0],
      [rawFormat('CanIncludeInClipboardHistory')]: [0, 0, 0, 0],
      [rawFormat('CanUploadToCloudClipboard')]: [0, 0, 0, 0],
    });
    await createSystemClipboard('darwin').writeSecret('eyJ.mac');
    expect([...electronMock.clipboard.formats.keys()]).toEqual([rawFormat('org.nspasteboard.ConcealedType')]);
    expect(Object.keys(secretMarkers('linux'))).toEqual([rawFormat('x-kde-passwordManagerHint')]);
  });

  it('clears a copy after the delay only while it still holds it', async () => {
    await core.settings.save({ clipboardClearSeconds: 1 });
    const started = await start();
    await started.guard.copy('eyJ.first');
    electronMock.clipboard.text = 'replaced by the user';
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(electronMock.clipboard.text).toBe('replaced by the user');
    await started.guard.copy('eyJ.second');
    await until(() => electronMock.clipboard.text === '');
  });
});

describe('presentation mode and keep in tray', () => {
  it('turns content protection on and off with the setting', async () => {
    const started = await start();
    expect(started.presentationMode()).toBe(false);
    await core.settings.save({ presentationMode: true });
    await core.settings.save({ clipboardClearSeconds: 10 });
    await core.settings.save({ presentationMode: false });
    expect(hooks.protection).toEqual([true, false]);
  });

  it('follows keepInTray', async () => {
    const started = await start();
    expect(started.keepInTray()).toBe(false);
    await core.settings.save({ keepInTray: true });
    expect(started.keepInTray()).toBe(true);
  });
});
