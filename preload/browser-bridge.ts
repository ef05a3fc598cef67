/**
 * The preview's bridge, run in the browser before the UI's module script. It gives the
 * page the same `window.widgetToken` as the Electron preload, carried over HTTP to the
 * `widget-token preview` server with this run's key, which it takes from the URL
 * fragment (`#k=...`) and then removes from the address bar.
 */
import { buildWidgetTokenApi } from './build-api';
import {
  PREVIEW_BRIDGE_PATH,
  PREVIEW_KEY_HEADER,
  type BridgeError,
  type BridgeResult,
  type WidgetTokenBridge,
} from './contract';

const KEY_STORAGE = 'widget-token-preview-key';

const SERVER_STOPPED: BridgeError = {
  kind: 'network',
  message: 'The preview server stopped, so this page cannot reach Widget Token Desk.',
  explanation: 'This page talks to the `widget-token preview` process that served it, and that process no longer answers.',
  resolution: 'Run `widget-token preview` (or `npm start`) again and open the new address it prints.',
};

const KEY_REFUSED: BridgeError = {
  kind: 'internal',
  message: 'The preview server refused this page.',
  explanation: 'Each run of `widget-token preview` has its own key, carried by the address it prints; this page does not have the current one.',
  resolution: 'Open the exact address the running `widget-token preview` printed.',
};

const UNREADABLE_ANSWER: BridgeError = {
  kind: 'internal',
  message: 'The preview server gave an answer this page cannot read.',
  explanation: 'The page and the server may come from different builds.',
  resolution: 'Run `npm run build`, restart `widget-token preview` and open the new address it prints.',
};

const COPY_REFUSED: BridgeError = {
  kind: 'internal',
  message: 'The browser did not allow copying to the clipboard.',
  explanation: 'Browsers let a page write to the clipboard only while it has focus, right after a click or key press.',
  resolution: 'Click in the page and copy again, or select the token and copy it by hand.',
};

/**
 * The key leaves the address bar at once (out of history, bookmarks and screen shares)
 * but stays with this tab, so reloading the page keeps working.
 */
function takeKey(): string {
  const fromFragment = new URLSearchParams(location.hash.slice(1)).get('k');
  if (fromFragment) {
    history.replaceState(history.state, '', `${location.pathname}${location.search}`);
    try {
      sessionStorage.setItem(KEY_STORAGE, fromFragment);
    } catch {
      // Storage may be disabled; the key still works until the page is reloaded.
    }
    return fromFragment;
  }
  try {
    return sessionStorage.getItem(KEY_STORAGE) ?? '';
  } catch {
    return '';
  }
}

function isBridgeResult(value: unknown): value is BridgeResult<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  return value.ok === true ? 'value' in value : value.ok === false && 'error' in value;
}

const key = takeKey();

async function post(method: string, request: unknown): Promise<BridgeResult<unknown>> {
  let response: Response;
  try {
    response = await fetch(`${PREVIEW_BRIDGE_PATH}/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [PREVIEW_KEY_HEADER]: key },
      body: JSON.stringify(request),
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'error',
    });
  } catch {
    return { ok: false, error: SERVER_STOPPED };
  }
  if (response.status === 403) return { ok: false, error: KEY_REFUSED };
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { ok: false, error: UNREADABLE_ANSWER };
  }
  return isBridgeResult(body) ? body : { ok: false, error: UNREADABLE_ANSWER };
}

let pendingClear: ReturnType<typeof setTimeout> | undefined;

/**
 * The clear after the delay, as far as a page can: only while this tab is open, and only if
 * the browser lets it read the clipboard and it still holds what was copied. A browser
 * cannot mark a copy concealed or keep it out of clipboard history (the Settings view says so).
 */
async function scheduleClear(text: string): Promise<void> {
  clearTimeout(pendingClear);
  const settings = await post('getSettings', {});
  if (!settings.ok || typeof settings.value !== 'object' || settings.value === null || !('clipboardClearSeconds' in settings.value)) return;
  const seconds = settings.value.clipboardClearSeconds;
  if (typeof seconds !== 'number' || seconds <= 0) return;
  pendingClear = setTimeout(() => {
    void navigator.clipboard
      .readText()
      .then((current) => (current === text ? navigator.clipboard.writeText('') : undefined))
      .catch(() => undefined);
  }, seconds * 1000);
}

/** Copying happens on the browser's side of the bridge: the server has no clipboard to reach. */
async function copyText(request: { readonly text: string }): Promise<BridgeResult<{ readonly copied: true }>> {
  try {
    await navigator.clipboard.writeText(request.text);
  } catch {
    return { ok: false, error: COPY_REFUSED };
  }
  void scheduleClear(request.text);
  return { ok: true, value: { copied: true } };
}

const bridge: WidgetTokenBridge = {
  ...buildWidgetTokenApi(post),
  copyText,
  onMenuCommand: () => () => undefined,
};

Object.defineProperty(window, 'widgetToken', { value: Object.freeze(bridge), enumerable: true });
