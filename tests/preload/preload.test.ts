/**
 * The Electron preload against the recording Electron: what it exposes to the page, and
 * that each exposed function is one named channel, nothing more.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CHANNELS,
  MENU_COMMAND_CHANNEL,
  METHOD_NAMES,
  type BridgeMethodName,
  type MenuCommand,
  type WidgetTokenBridge,
} from '../../preload/contract';
import { electronMock, resetElectronMock } from '../electron-mock';

async function loadPreload(): Promise<WidgetTokenBridge> {
  vi.resetModules();
  await import('../../preload/index');
  return electronMock.contextBridge.exposed.get('widgetToken') as WidgetTokenBridge;
}

/** Calls a method the way the page would, with a request of its own choosing. */
function call(api: WidgetTokenBridge, method: BridgeMethodName, request?: unknown): Promise<unknown> {
  const fn = api[method] as (request?: unknown) => Promise<unknown>;
  return fn(request);
}

beforeEach(() => {
  resetElectronMock();
});

describe('the preload', () => {
  it('exposes one object, window.widgetToken, and nothing else', async () => {
    await loadPreload();
    expect([...electronMock.contextBridge.exposed.keys()]).toEqual(['widgetToken']);
  });

  it('exposes exactly the contract methods and the menu event, all functions, nothing raw', async () => {
    const api = await loadPreload();
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES, 'onMenuCommand'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    for (const raw of ['ipcRenderer', 'invoke', 'send', 'on', 'sendSync', 'postMessage']) {
      expect(api).not.toHaveProperty(raw);
    }
    expect(Object.values(api)).not.toContain(electronMock.ipcRenderer);
  });

  it.each(METHOD_NAMES)('%s invokes its own channel with the request', async (method) => {
    const api = await loadPreload();
    const request = { marker: method };
    await call(api, method, request);
    expect(electronMock.ipcRenderer.invocations).toEqual([{ channel: CHANNELS[method], args: [request] }]);
  });

  it('sends an empty request when called without one', async () => {
    const api = await loadPreload();
    await api.listProfiles();
    await api.appInfo();
    expect(electronMock.ipcRenderer.invocations).toEqual([
      { channel: CHANNELS.listProfiles, args: [{}] },
      { channel: CHANNELS.appInfo, args: [{}] },
    ]);
  });

  it("returns main's answer as it is", async () => {
    const answer = { ok: true, value: { version: '1.2.3', shell: 'electron', platform: 'linux' } };
    electronMock.ipcRenderer.answer = () => Promise.resolve(answer);
    const api = await loadPreload();
    expect(await api.appInfo()).toBe(answer);
  });

  it('turns a broken IPC into an error result, never a throw', async () => {
    electronMock.ipcRenderer.answer = () => Promise.reject(new Error("Error invoking remote method 'token:get'"));
    const api = await loadPreload();
    const result = await api.getToken({ profile: 'sandbox' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'internal', message: 'Widget Token Desk did not answer.' } });
  });

  describe('the menu event', () => {
    it('passes menu commands to the listener, without the IPC event', async () => {
      const api = await loadPreload();
      const received: unknown[][] = [];
      api.onMenuCommand((...args: unknown[]) => received.push(args));
      electronMock.ipcRenderer.deliver(MENU_COMMAND_CHANNEL, 'get-token');
      electronMock.ipcRenderer.deliver(MENU_COMMAND_CHANNEL, 'copy-token');
      expect(received).toEqual([['get-token'], ['copy-token']]);
    });

    it('drops anything that is not a known command', async () => {
      const api = await loadPreload();
      const received: MenuCommand[] = [];
      api.onMenuCommand((command) => received.push(command));
      for (const junk of ['rm -rf', '', null, { command: 'get-token' }, 42]) {
        electronMock.ipcRenderer.deliver(MENU_COMMAND_CHANNEL, junk);
      }
      expect(received).toEqual([]);
    });

    it('stops listening when asked', async () => {
      const api = await loadPreload();
      const received: MenuCommand[] = [];
      const stop = api.onMenuCommand((command) => received.push(command));
      stop();
      electronMock.ipcRenderer.deliver(MENU_COMMAND_CHANNEL, 'get-token');
      expect(received).toEqual([]);
      expect(electronMock.ipcRenderer.listenerCount(MENU_COMMAND_CHANNEL)).toBe(0);
    });
  });
});
