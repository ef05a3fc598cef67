/**
 * What a developer pastes into a page that uses TikTok's widget SDK
 * (`@tiktokshop/widget-kit`): the `{token, expire_at}` its getToken() must resolve, and a
 * config snippet filled with the profile's values. The FAQ's most common failure is a
 * getToken() that resolves the wrong shape; `tests/widget-kit-types.test.ts` compiles
 * these against the package's published types so that this one never does.
 */

/**
 * `{"token":"…","expire_at":"…"}`: the SDK's AuthInfo types `expire_at` as a string of
 * Unix seconds. It is the earlier of the response's expire_at and the JWT's exp (they may
 * disagree), so the SDK asks for a new token before the old one is refused.
 */
export function widgetKitAuthInfo(token: string, expiresAtSeconds: number): string {
  return JSON.stringify({ token, expire_at: String(expiresAtSeconds) });
}

/** The earlier of the two expiries that are known, Unix seconds; null when neither is. */
export function earlierExpiry(expireAt: number | null, jwtExp: number | null): number | null {
  if (expireAt === null) return jwtExp;
  return jwtExp === null ? expireAt : Math.min(expireAt, jwtExp);
}

export interface WidgetKitValues {
  readonly appKey: string;
  /** The chosen shop's id (digits, as a string); absent when none is chosen. */
  readonly shopId?: string | undefined;
  /** The chosen shop's region, the SDK's `oecRegion`. */
  readonly shopRegion?: string | undefined;
}

export type WidgetKitFlavor = 'js' | 'react';

/**
 * A JS string literal for a value the user typed: JSON's escapes, plus `<` so that the
 * snippet can also sit inside an inline <script> without ending it.
 */
function literal(value: string): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function valueOr(value: string | undefined, placeholder: string, hint: string): string {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? `${literal(placeholder)}, // ${hint}` : `${literal(trimmed)},`;
}

const GET_TOKEN = `// The widget token must be minted server-side: the call that mints it is signed with the
// app secret, and the app secret must never reach a browser. /api/widget-token is a route
// of your own backend that fetches a widget token and answers {"token", "expire_at"}.
async function getToken() {
  const response = await fetch('/api/widget-token', { credentials: 'same-origin' });
  if (!response.ok) throw new Error(\`widget token: HTTP \${response.status}\`);
  const body = await response.json();
  // widget-kit wants expire_at as a string of Unix seconds.
  return { token: String(body.token), expire_at: String(body.expire_at) };
}`;

function configLines(values: WidgetKitValues): string {
  return `  config: {
    appKey: ${literal(values.appKey)},
    shopId: ${valueOr(values.shopId, 'YOUR_SHOP_ID', 'the shop id, all its digits, as a string')}
    oecRegion: ${valueOr(values.shopRegion, 'YOUR_SHOP_REGION', "the shop's region, e.g. GB")}
    isvInfo: { name: 'Your app name' },
  },
  getToken,
  // The widgets this page loads, by name.
  remotes: [],`;
}

/** A widget-kit setup for a page, filled with the profile's app key, shop and region. */
export function widgetKitConfigSnippet(values: WidgetKitValues, flavor: WidgetKitFlavor): string {
  if (flavor === 'js') {
    return `import { init } from '@tiktokshop/widget-kit';

${GET_TOKEN}

export const widgetCore = init({
${configLines(values)}
});
`;
  }
  return `import { useEffect, useRef } from 'react';
import { init, loadWidget, type WidgetView } from '@tiktokshop/widget-kit';

${GET_TOKEN}

init({
${configLines(values)}
});

export function ShopWidget({ name }: { name: string }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let view: WidgetView | undefined;
    let cancelled = false;
    loadWidget(name)
      .then((widget) => {
        if (cancelled || container.current === null) return;
        view = widget.create(container.current);
        return view.render({});
      })
      .catch((error: unknown) => console.error(\`widget \${name} did not load\`, error));
    return () => {
      cancelled = true;
      void view?.unmount();
    };
  }, [name]);
  return <div ref={container} />;
}
`;
}
