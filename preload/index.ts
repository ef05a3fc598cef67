/**
 * The Electron preload (sandboxed, bundled as CommonJS). It gives the page
 * `window.widgetToken`: one named function per contract method, each invoking that
 * method's channel, plus the menu-command event. Nothing raw crosses: no ipcRenderer,
 * no generic invoke, no IPC event objects.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildWidgetTokenApi } from './build-api';
import {
  CHANNELS,
  MENU_COMMAND_CHANNEL,
  MENU_COMMANDS,
  type BridgeError,
  type BridgeResult,
  type MenuCommand,
  type WidgetTokenBridge,
} from './contract';

/** main answers every call with a BridgeResult; a rejection means IPC itself broke. */
const NO_ANSWER: BridgeError = {
  kind: 'internal',
  message: 'Widget Token Desk did not answer.',
  explanation: 'The window could not reach the part of the app that holds your profiles and makes the call.',
  resolution: 'Try again. If it keeps happening, restart Widget Token Desk.',
};

const api = buildWidgetTokenApi(async (method, request): Promise<BridgeResult<unknown>> => {
  try {
    return await ipcRenderer.invoke(CHANNELS[method], request);
  } catch {
    return { ok: false, error: NO_ANSWER };
  }
});

function isMenuCommand(value: unknown): value is MenuCommand {
  return MENU_COMMANDS.some((command) => command === value);
}

function onMenuCommand(listener: (command: MenuCommand) => void): () => void {
  const forward = (_event: IpcRendererEvent, command: unknown): void => {
    if (isMenuCommand(command)) listener(command);
  };
  ipcRenderer.on(MENU_COMMAND_CHANNEL, forward);
  return () => {
    ipcRenderer.removeListener(MENU_COMMAND_CHANNEL, forward);
  };
}

const bridge: WidgetTokenBridge = { ...api, onMenuCommand };

contextBridge.exposeInMainWorld('widgetToken', bridge);
