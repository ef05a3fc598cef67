import type { BridgeError, BridgeResult, MenuCommand, WidgetTokenApi, WidgetTokenBridge } from '../../preload/contract';

declare global {
  interface Window {
    /** Exposed by the preload (Electron) or by the preview's bridge script before the app starts. */
    readonly widgetToken: WidgetTokenBridge;
  }
}

export function bridge(): WidgetTokenBridge {
  return window.widgetToken;
}

/**
 * The app menu's commands. A page opened without its bridge (index.html on its own) has no
 * menu; it still renders, and its first call reports that nothing answered.
 */
export function onMenuCommand(listener: (command: MenuCommand) => void): () => void {
  return window.widgetToken?.onMenuCommand(listener) ?? (() => undefined);
}

/**
 * Turns a bridge call that throws (the preview server went away, IPC broke) into the same
 * BridgeResult shape as an answered error, so every caller has exactly one failure path.
 */
export async function settle<T>(
  api: WidgetTokenApi,
  call: (api: WidgetTokenApi) => Promise<BridgeResult<T>>,
): Promise<BridgeResult<T>> {
  try {
    return await call(api);
  } catch {
    return { ok: false, error: UNREACHABLE };
  }
}

const UNREACHABLE: BridgeError = {
  kind: 'internal',
  message: 'The app did not answer.',
  explanation: 'The window could not reach the part of Widget Token Desk that holds your profiles and makes the call.',
  resolution: 'Restart Widget Token Desk; in the browser preview, check that `widget-token preview` is still running and reload the page.',
};
