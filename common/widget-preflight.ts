/**
 * The widget preflight: what TikTok's widget SDK (`@tiktokshop/widget-kit`) will check
 * about a token, checked before a developer loses an afternoon to a widget that does not
 * load. Pure: the window runs it beside every token, the CLI as `widget check`.
 *
 * IDs are compared as the exact digit strings the lossless decoder keeps: 19- and 20-digit
 * shop IDs lie beyond 2^53, where two IDs that differ in the last digit are the same double.
 */
import type { JsonNode } from './json-node';
import type { JwtDecodeResult } from './jwt-types';
import { getMember, stringifyJsonNode } from './lossless-json';
import { formatRelative, formatUtc } from './time-format';
import type { WidgetErrorCode } from './widget-errors';

/** The SDK refuses a token this close to its expiry; a page that loads slowly needs the margin too. */
export const MIN_SECONDS_LEFT = 60;

export type WidgetCheckId = 'client-key' | 'shop' | 'expiry' | 'region';
export type WidgetCheckState = 'passed' | 'failed' | 'not checked';

/** One side of a failed check: where the value comes from and the value as text. */
export interface CheckValue {
  readonly source: string;
  readonly value: string;
}

export interface WidgetCheck {
  readonly id: WidgetCheckId;
  /** What is checked, as a sentence a list can show. */
  readonly title: string;
  readonly state: WidgetCheckState;
  /** The widget SDK error this check prevents. */
  readonly prevents: WidgetErrorCode;
  /** Why the check has this state. */
  readonly detail: string;
  /** Only when failed: what the token says, and what the profile (or the rule) expects. */
  readonly disagreement?: { readonly token: CheckValue; readonly expected: CheckValue };
}

export interface PreflightInput {
  readonly decoded: JwtDecodeResult;
  /** The profile's app key: the ClientKey claim must equal it. */
  readonly appKey: string;
  /** The chosen shop's id as digits; absent or empty when no shop is chosen. */
  readonly shopId?: string | undefined;
  /** The chosen shop's region (the SDK's `oecRegion`); absent or empty when not known. */
  readonly shopRegion?: string | undefined;
  /** `expire_at` from the response, Unix seconds, when the server sent one. */
  readonly expireAt?: number | null | undefined;
  /** Now, Unix milliseconds, on the issuer's clock (local time plus the measured skew). */
  readonly nowMs: number;
}

export interface WidgetPreflight {
  readonly checks: readonly WidgetCheck[];
  /** True when one check failed: `widget check` then exits 1. */
  readonly failed: boolean;
}

const TITLES: Readonly<Record<WidgetCheckId, string>> = {
  'client-key': "ClientKey claim equals the profile's app key",
  shop: "The profile's shop is in ShopIDs",
  expiry: `At least ${MIN_SECONDS_LEFT} s left before expiry`,
  region: "The shop's region is known (oecRegion)",
};

function check(id: WidgetCheckId, prevents: WidgetErrorCode, state: WidgetCheckState, detail: string, disagreement?: WidgetCheck['disagreement']): WidgetCheck {
  return { id, title: TITLES[id], state, prevents, detail, ...(disagreement === undefined ? {} : { disagreement }) };
}

function payloadOf(decoded: JwtDecodeResult): JsonNode | undefined {
  return decoded.ok ? decoded.payload : undefined;
}

function unreadable(decoded: JwtDecodeResult): string {
  return decoded.ok ? '' : `The token is not a readable JWT: ${decoded.problem}`;
}

function clientKeyCheck(input: PreflightInput): WidgetCheck {
  const payload = payloadOf(input.decoded);
  const expected: CheckValue = { source: "profile's app key", value: input.appKey };
  if (payload === undefined) {
    return check('client-key', '36017008', 'failed', unreadable(input.decoded), { token: { source: 'ClientKey claim', value: '(token not readable)' }, expected });
  }
  const claim = getMember(payload, 'ClientKey');
  if (claim === undefined) {
    return check('client-key', '36017008', 'failed', 'The token has no ClientKey claim.', { token: { source: 'ClientKey claim', value: '(absent)' }, expected });
  }
  const value = claim.type === 'string' ? claim.value : stringifyJsonNode(claim);
  if (claim.type === 'string' && value === input.appKey) {
    return check('client-key', '36017008', 'passed', `The token was issued to app key ${value}.`);
  }
  return check('client-key', '36017008', 'failed', 'The token was issued to another app key than the one the widget is configured with.', {
    token: { source: 'ClientKey claim', value },
    expected,
  });
}

/** The IDs a ShopIDs claim lists, each as its exact text: a number's digits, or a string as sent. */
function shopIdsOf(node: JsonNode): string[] | null {
  if (node.type !== 'array') return null;
  return node.items.map((item) => (item.type === 'number' ? item.text : item.type === 'string' ? item.value : stringifyJsonNode(item)));
}

function shopCheck(input: PreflightInput): WidgetCheck {
  const shopId = input.shopId?.trim() ?? '';
  if (shopId === '') return check('shop', '36017009', 'not checked', 'No shop is chosen for this profile.');
  const expected: CheckValue = { source: "profile's shop", value: shopId };
  const payload = payloadOf(input.decoded);
  if (payload === undefined) {
    return check('shop', '36017009', 'failed', unreadable(input.decoded), { token: { source: 'ShopIDs claim', value: '(token not readable)' }, expected });
  }
  const claim = getMember(payload, 'ShopIDs');
  if (claim === undefined) {
    return check('shop', '36017009', 'failed', 'The token has no ShopIDs claim, so it is for no shop.', { token: { source: 'ShopIDs claim', value: '(absent)' }, expected });
  }
  const ids = shopIdsOf(claim);
  // A space after each comma lets a narrow window wrap the list between IDs, never inside one.
  const listed = ids === null ? stringifyJsonNode(claim) : `[${ids.join(', ')}]`;
  if (ids === null) {
    return check('shop', '36017009', 'failed', 'The ShopIDs claim is not a list of shop IDs.', { token: { source: 'ShopIDs claim', value: listed }, expected });
  }
  if (ids.length === 0) {
    return check('shop', '36017009', 'failed', 'The ShopIDs claim is empty: the token is for no shop.', { token: { source: 'ShopIDs claim', value: listed }, expected });
  }
  if (ids.includes(shopId)) return check('shop', '36017009', 'passed', `Shop ${shopId} is in the token's ShopIDs.`);
  return check('shop', '36017009', 'failed', `Shop ${shopId} is not in the token's ShopIDs (compared digit for digit).`, {
    token: { source: 'ShopIDs claim', value: listed },
    expected,
  });
}

function expiryCheck(input: PreflightInput): WidgetCheck {
  const exp = input.decoded.ok ? input.decoded.exp : undefined;
  const expireAt = input.expireAt ?? undefined;
  const candidates = [exp, expireAt].filter((seconds): seconds is number => seconds !== undefined && Number.isFinite(seconds));
  if (candidates.length === 0) return check('expiry', '36017005', 'not checked', 'Neither expire_at nor the exp claim says when the token expires.');
  // expire_at and exp may disagree (they do in the API doc's sample): the earlier one counts.
  const basis = exp !== undefined && (expireAt === undefined || exp <= expireAt) ? 'exp' : 'expire_at';
  const earliest = Math.min(...candidates);
  const other = basis === 'exp' ? expireAt : exp;
  const which = other !== undefined && other !== earliest ? `${basis}, earlier than ${basis === 'exp' ? 'expire_at' : 'exp'}` : basis;
  const msLeft = earliest * 1000 - input.nowMs;
  const when = `${formatUtc(earliest * 1000)}, ${formatRelative(earliest * 1000, input.nowMs, 'expiry')}`;
  if (msLeft >= MIN_SECONDS_LEFT * 1000) return check('expiry', '36017005', 'passed', `It expires ${when} (${which}).`);
  return check('expiry', '36017005', 'failed', `It expires ${when} (${which}): get a fresh token.`, {
    token: { source: basis, value: `${Math.max(0, Math.floor(msLeft / 1000))} s left (${formatUtc(earliest * 1000)})` },
    expected: { source: 'the widget SDK', value: `at least ${MIN_SECONDS_LEFT} s left` },
  });
}

function regionCheck(input: PreflightInput): WidgetCheck {
  const shopId = input.shopId?.trim() ?? '';
  const region = input.shopRegion?.trim() ?? '';
  if (region !== '') return check('region', 'I01008', 'passed', `oecRegion will be ${region}.`);
  if (shopId === '') return check('region', 'I01008', 'not checked', 'No shop is chosen, so no region is known.');
  return check('region', 'I01008', 'not checked', `The region of shop ${shopId} is not known: choose the shop in the Shops table, or set it with \`profile set --shop-region\`.`);
}

/** The four checks, in the order the widget SDK meets their errors. */
export function widgetPreflight(input: PreflightInput): WidgetPreflight {
  const checks = [clientKeyCheck(input), shopCheck(input), expiryCheck(input), regionCheck(input)];
  return { checks, failed: checks.some((c) => c.state === 'failed') };
}
