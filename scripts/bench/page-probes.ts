/**
 * Code the bench runs inside the page, as source text: it is measured where it happens
 * (performance.now() in the page), and as text it needs no DOM types on the Node side and
 * survives any bundling of the bench.
 */

/** Finds the Get token button by its accessible text, as a user (and the tests) do. */
const FIND_GET_TOKEN = `
  const findGetToken = () => [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Get token');
  const isEnabled = (b) => b !== undefined && !b.disabled && b.getAttribute('aria-disabled') !== 'true';
`;

/**
 * Installed before any page script: records, in ms since navigation start, when Get token
 * first exists and is enabled (window.__benchReadyAt), the page's first contentful paint
 * (window.__benchPaintAt), and when the app fires APP_LIVE_EVENT: it has taken the page
 * over and a click acts at once (window.__benchLiveAt).
 */
export function readyProbe(appLiveEvent: string): string {
  return `(() => {
  ${FIND_GET_TOKEN}
  new PerformanceObserver((list, observer) => {
    const paint = list.getEntriesByName('first-contentful-paint')[0];
    if (paint === undefined) return;
    window.__benchPaintAt = paint.startTime;
    observer.disconnect();
  }).observe({ type: 'paint', buffered: true });
  const observer = new MutationObserver(() => {
    if (window.__benchReadyAt === undefined && isEnabled(findGetToken())) {
      window.__benchReadyAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
  document.addEventListener(${JSON.stringify(appLiveEvent)}, () => { window.__benchLiveAt = performance.now(); }, { once: true });
})();`;
}

/**
 * Installed before any page script on the memory page: counts the timeouts and intervals
 * that are pending (set, not yet fired or cleared), so a leaked timer shows as a number.
 */
export const TIMER_PROBE = `(() => {
  const live = new Set();
  const setT = window.setTimeout, clearT = window.clearTimeout, setI = window.setInterval, clearI = window.clearInterval;
  window.setTimeout = function (handler, ms, ...rest) {
    const id = setT.call(window, function (...args) {
      live.delete(id);
      if (typeof handler === 'function') handler.apply(this, args);
    }, ms, ...rest);
    live.add(id);
    return id;
  };
  window.clearTimeout = (id) => { live.delete(id); clearT.call(window, id); };
  window.setInterval = function (handler, ms, ...rest) {
    const id = setI.call(window, handler, ms, ...rest);
    live.add(id);
    return id;
  };
  window.clearInterval = (id) => { live.delete(id); clearI.call(window, id); };
  window.__benchLiveTimers = () => live.size;
})();`;

/**
 * window.__benchClick(): clicks Get token and resolves with the ms until the new token is
 * in the DOM: its request_id differs from the one shown before, the token is in the
 * Widget token box, and the Claims table has the row of that token's exp. A
 * MutationObserver sees the commit in the same task React makes it, so nothing is lost
 * to polling. Rejects after 10 s, with the alert's text if there is one.
 */
export const CLICK_PROBE = `(() => {
  ${FIND_GET_TOKEN}
  const text = (selector) => document.querySelector(selector)?.textContent.trim() ?? '';
  const expOf = (token) => {
    const payload = token.split('.')[1] ?? '';
    try {
      return /"exp":(\\d+)/.exec(atob(payload.replace(/-/g, '+').replace(/_/g, '/')))?.[1];
    } catch {
      return undefined;
    }
  };
  const shown = (before) => {
    if (text('.request-id .mono') === before) return false;
    const token = text('[aria-label="Widget token"]');
    const exp = expOf(token);
    const table = document.querySelector('table[aria-label="Claims"]');
    if (exp === undefined || table === null) return false;
    return [...table.querySelectorAll('tbody tr')].some((row) => row.cells[0]?.textContent.trim() === 'exp' && row.cells[1]?.textContent.includes(exp));
  };
  window.__benchClick = () => new Promise((resolve, reject) => {
    const button = findGetToken();
    if (!isEnabled(button)) {
      reject(new Error('Get token is not there or not enabled'));
      return;
    }
    const before = text('.request-id .mono');
    let start = 0;
    const observer = new MutationObserver(() => {
      if (!shown(before)) return;
      const elapsed = performance.now() - start;
      observer.disconnect();
      clearTimeout(timer);
      resolve(elapsed);
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error('no new token on screen within 10 s' + (text('[role="alert"]') ? ': ' + text('[role="alert"]') : '')));
    }, 10000);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    start = performance.now();
    button.click();
  });
})();`;
