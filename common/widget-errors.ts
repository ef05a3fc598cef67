/**
 * The widget SDK's error codes, each explained with its resolution and with what to look
 * at in this token and this profile: the window shows them beside the widget checks, the
 * CLI prints them (`widget explain CODE`).
 */

export const WIDGET_ERROR_CODES = ['36017005', '36017006', '36017008', '36017009', '36017010', '36004003', 'I01008'] as const;
export type WidgetErrorCode = (typeof WIDGET_ERROR_CODES)[number];

export interface WidgetErrorExplanation {
  readonly code: WidgetErrorCode;
  /** The error's short name, as the SDK's message says it. */
  readonly title: string;
  /** What the SDK found wrong. */
  readonly explanation: string;
  /** What to do about it. */
  readonly resolution: string;
  /** Where to look in the token and the profile (the widget checks do some of it for you). */
  readonly check: string;
}

export const WIDGET_ERRORS: Readonly<Record<WidgetErrorCode, WidgetErrorExplanation>> = {
  '36017005': {
    code: '36017005',
    title: 'Token expired',
    explanation: 'The widget token handed to the widget has passed its expiry. Widget tokens live about 5 minutes.',
    resolution: 'Have getToken() fetch a fresh token from your backend every time the SDK calls it; do not cache one for longer than it lives.',
    check: 'The exp claim and the response\'s expire_at (the earlier one counts): the "At least 60 s left" check. Also the clock of the machine that runs the page.',
  },
  '36017006': {
    code: '36017006',
    title: 'Token invalid',
    explanation: 'The SDK could not use the token: it is not a widget token, it was cut or changed, or getToken() resolved the wrong shape.',
    resolution: 'Make getToken() resolve exactly {token, expire_at} with expire_at a string (copy the widget-kit variant), and pass the token as the API returned it, without line breaks, quotes or a "Bearer " prefix.',
    check: 'Paste the token into Decode: it must have three parts and decode to a header and claims. Compare what getToken() resolves with the widget-kit variant.',
  },
  '36017008': {
    code: '36017008',
    title: 'app_key mismatch',
    explanation: "The token's ClientKey claim is not the appKey in the widget's config: the token was issued to another app.",
    resolution: 'Use the same app key in the widget config as in the call that mints the token (or mint the token with the app whose key the config names).',
    check: "The ClientKey claim against the profile's app key: the \"ClientKey claim equals the profile's app key\" check shows both.",
  },
  '36017009': {
    code: '36017009',
    title: 'Shop not in token',
    explanation: "The shopId in the widget's config is not one of the token's ShopIDs: the seller's access token that minted it does not cover that shop.",
    resolution: "Put one of the token's ShopIDs in the config, or mint the token with the access token of the seller who owns the shop.",
    check: "The ShopIDs claim against the profile's shop, digit for digit (19-digit IDs: never round them through a number).",
  },
  '36017010': {
    code: '36017010',
    title: 'Domain not whitelisted',
    explanation: "The page that loads the widget is served from a domain that is not in the app's widget domain allowlist.",
    resolution: 'Add the exact origin of the page (scheme, host and port) to the allowed domains of the app in Partner Center, or load the widget from one that is there.',
    check: 'Nothing in the token says it: compare the address bar of the page with the domains set for the app whose key is in the ClientKey claim.',
  },
  '36004003': {
    code: '36004003',
    title: 'App key not enabled for widgets (invalid client_key)',
    explanation: 'The app key is unknown to the widget platform, or the app has not been granted the widget capability.',
    resolution: "Check the app key for typos and that the app has widget access in Partner Center; a sandbox token's app key is never enabled on TikTok Shop.",
    check: "The ClientKey claim and the profile's app key: they must be the key of an app with widget access.",
  },
  I01008: {
    code: 'I01008',
    title: 'Shop/region mismatch',
    explanation: "The oecRegion in the widget's config is not the region of the shop in shopId.",
    resolution: "Set oecRegion to the shop's region as Get Authorized Shops lists it (e.g. GB, US).",
    check: "The profile's shop region: the \"region is known\" check. Choose the shop in the Shops table so its region comes with it.",
  },
};

/** The explanation of `code` (spaces and case forgiven), or undefined for a code this table does not know. */
export function explainWidgetError(code: string): WidgetErrorExplanation | undefined {
  const wanted = code.trim().toUpperCase();
  const known = WIDGET_ERROR_CODES.find((c) => c === wanted);
  return known === undefined ? undefined : WIDGET_ERRORS[known];
}
