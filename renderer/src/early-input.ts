/**
 * Inlined into index.html by the build (scripts/vite/prerender-window.ts), ahead of the
 * app: the prerendered window shows, and Get token can be pressed, before React has
 * loaded. Until the app takes the page over (APP_LIVE_EVENT), this holds the clicks and
 * shortcuts the user makes there and then replays them in order, so none is lost and
 * none acts twice. It must stay small and free of React: it runs before anything else.
 */
import { APP_LIVE_EVENT } from '../../common/app-live';
import { isInForm, shortcutFor } from './shortcut-keys';

type Held =
  | { readonly kind: 'click'; readonly target: HTMLElement }
  | { readonly kind: 'key'; readonly target: EventTarget; readonly init: KeyboardEventInit };

/** What a click can activate in the window. */
const ACTIVE_ELEMENTS = 'button, input, select, label, a, summary';

function holdEarlyInput(): void {
  const held: Held[] = [];

  const onClick = (event: MouseEvent): void => {
    const target = event.target instanceof Element ? event.target.closest(ACTIVE_ELEMENTS) : null;
    if (!(target instanceof HTMLElement) || target.closest('#root') === null) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    held.push({ kind: 'click', target });
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    if (shortcutFor(event) === null || isInForm(event.target)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    const { key, code, ctrlKey, metaKey, shiftKey, altKey } = event;
    held.push({ kind: 'key', target: event.target ?? document, init: { key, code, ctrlKey, metaKey, shiftKey, altKey, bubbles: true, cancelable: true } });
  };

  const replay = (): void => {
    document.removeEventListener('click', onClick, true);
    window.removeEventListener('keydown', onKeyDown, true);
    for (const input of held.splice(0)) {
      if (input.kind === 'click') {
        if (input.target.isConnected) input.target.click();
      } else {
        const target = input.target instanceof Node && !input.target.isConnected ? document : input.target;
        target.dispatchEvent(new KeyboardEvent('keydown', input.init));
      }
    }
  };

  document.addEventListener('click', onClick, true);
  window.addEventListener('keydown', onKeyDown, true);
  document.addEventListener(APP_LIVE_EVENT, replay, { once: true });
}

holdEarlyInput();
