import { describe, expect, it } from 'vitest';
import { decodeJwt } from './jwt';
import { MIN_SECONDS_LEFT, widgetPreflight, type PreflightInput, type WidgetCheck, type WidgetCheckId } from './widget-preflight';

function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** A token whose payload is this exact JSON text (so 19- and 20-digit numbers stay as written). */
function tokenWith(payloadText: string): string {
  return `${b64url('{"alg":"HS512","typ":"JWT"}')}.${b64url(payloadText)}.c2ln`;
}

const NOW_S = 1_800_000_000;
const APP_KEY = '6abcdefgh1234';
const SHOP = '7494001122334455667';

function input(payloadText: string, extra: Partial<PreflightInput> = {}): PreflightInput {
  return { decoded: decodeJwt(tokenWith(payloadText)), appKey: APP_KEY, nowMs: NOW_S * 1000, ...extra };
}

function payload(fields: { clientKey?: string; shopIds?: string; exp?: number }): string {
  const parts: string[] = ['"UserID":7493990753256900486'];
  if (fields.clientKey !== undefined) parts.push(`"ClientKey":${JSON.stringify(fields.clientKey)}`);
  if (fields.shopIds !== undefined) parts.push(`"ShopIDs":${fields.shopIds}`);
  if (fields.exp !== undefined) parts.push(`"exp":${fields.exp}`);
  return `{${parts.join(',')}}`;
}

function checkOf(result: ReturnType<typeof widgetPreflight>, id: WidgetCheckId): WidgetCheck {
  const found = result.checks.find((c) => c.id === id);
  if (found === undefined) throw new Error(`no ${id} check`);
  return found;
}

const good = { clientKey: APP_KEY, shopIds: `[${SHOP}]`, exp: NOW_S + 300 };

describe('widget preflight', () => {
  it('passes a good token for a profile with a shop and its region, each check naming the error it prevents', () => {
    const result = widgetPreflight(input(payload(good), { shopId: SHOP, shopRegion: 'GB' }));
    expect(result.failed).toBe(false);
    expect(result.checks.map((c) => [c.id, c.state, c.prevents])).toEqual([
      ['client-key', 'passed', '36017008'],
      ['shop', 'passed', '36017009'],
      ['expiry', 'passed', '36017005'],
      ['region', 'passed', 'I01008'],
    ]);
    expect(result.checks.every((c) => c.disagreement === undefined)).toBe(true);
  });

  it('fails the ClientKey check with both values when the token was issued to another app', () => {
    const result = widgetPreflight(input(payload({ ...good, clientKey: '6otherapp0000' })));
    const clientKey = checkOf(result, 'client-key');
    expect(result.failed).toBe(true);
    expect(clientKey.state).toBe('failed');
    expect(clientKey.disagreement).toEqual({
      token: { source: 'ClientKey claim', value: '6otherapp0000' },
      expected: { source: "profile's app key", value: APP_KEY },
    });
  });

  it('fails the ClientKey check when the claim is absent or not a string', () => {
    expect(checkOf(widgetPreflight(input(payload({ ...good, clientKey: undefined }))), 'client-key').disagreement?.token.value).toBe('(absent)');
    const numeric = widgetPreflight(input('{"ClientKey":12345,"exp":1800000300}', { appKey: '12345' }));
    expect(checkOf(numeric, 'client-key').state).toBe('failed');
  });

  it('does not check the shop (nor its region) when no shop is chosen', () => {
    const result = widgetPreflight(input(payload(good)));
    expect(checkOf(result, 'shop').state).toBe('not checked');
    expect(checkOf(result, 'region').state).toBe('not checked');
    expect(result.failed).toBe(false);
  });

  it('compares 19-digit shop IDs as digits: one that differs only in the last digit fails', () => {
    // 7494001122334455667 and 7494001122334455668 are the same double.
    expect(Number('7494001122334455667')).toBe(Number('7494001122334455668'));
    const result = widgetPreflight(input(payload(good), { shopId: '7494001122334455668' }));
    const shop = checkOf(result, 'shop');
    expect(shop.state).toBe('failed');
    expect(shop.disagreement).toEqual({
      token: { source: 'ShopIDs claim', value: '[7494001122334455667]' },
      expected: { source: "profile's shop", value: '7494001122334455668' },
    });
  });

  it('finds a 20-digit shop ID among several, and refuses its 19-digit prefix', () => {
    const twenty = '17494001122334455667';
    const shopIds = `[7493990753256900486,${twenty}]`;
    expect(checkOf(widgetPreflight(input(payload({ ...good, shopIds }), { shopId: twenty })), 'shop').state).toBe('passed');
    expect(checkOf(widgetPreflight(input(payload({ ...good, shopIds }), { shopId: twenty.slice(1) })), 'shop').state).toBe('failed');
  });

  it('accepts shop IDs the token carries as strings, and never matches a rounded number', () => {
    expect(checkOf(widgetPreflight(input(payload({ ...good, shopIds: `["${SHOP}"]` }), { shopId: SHOP })), 'shop').state).toBe('passed');
    expect(checkOf(widgetPreflight(input(payload({ ...good, shopIds: '[7494001122334456000]' }), { shopId: SHOP })), 'shop').state).toBe('failed');
  });

  it('fails the shop check when ShopIDs is empty or absent', () => {
    const empty = checkOf(widgetPreflight(input(payload({ ...good, shopIds: '[]' }), { shopId: SHOP })), 'shop');
    expect(empty.state).toBe('failed');
    expect(empty.disagreement?.token.value).toBe('[]');
    const absent = checkOf(widgetPreflight(input(payload({ ...good, shopIds: undefined }), { shopId: SHOP })), 'shop');
    expect(absent.state).toBe('failed');
    expect(absent.disagreement?.token.value).toBe('(absent)');
  });

  it('passes with exactly 60 s left and fails with 59', () => {
    expect(checkOf(widgetPreflight(input(payload({ ...good, exp: NOW_S + MIN_SECONDS_LEFT }))), 'expiry').state).toBe('passed');
    const short = checkOf(widgetPreflight(input(payload({ ...good, exp: NOW_S + MIN_SECONDS_LEFT - 1 }))), 'expiry');
    expect(short.state).toBe('failed');
    expect(short.disagreement?.token.value).toMatch(/^59 s left/);
    expect(short.disagreement?.expected.value).toBe('at least 60 s left');
  });

  it('counts down to the earlier of expire_at and exp when they disagree', () => {
    // exp far away, expire_at only 30 s away: the earlier one fails it.
    const byExpireAt = checkOf(widgetPreflight(input(payload({ ...good, exp: NOW_S + 3600 }), { expireAt: NOW_S + 30 })), 'expiry');
    expect(byExpireAt.state).toBe('failed');
    expect(byExpireAt.disagreement?.token.source).toBe('expire_at');
    expect(byExpireAt.detail).toContain('expire_at, earlier than exp');
    // The documented sample: expire_at days after exp; exp counts.
    const byExp = checkOf(widgetPreflight(input(payload({ ...good, exp: NOW_S + 10 }), { expireAt: NOW_S + 297_579 })), 'expiry');
    expect(byExp.state).toBe('failed');
    expect(byExp.disagreement?.token.source).toBe('exp');
    expect(checkOf(widgetPreflight(input(payload({ ...good, exp: NOW_S + 120 }), { expireAt: NOW_S + 600 })), 'expiry').state).toBe('passed');
  });

  it('fails an expired token and does not check one that says nothing of its expiry', () => {
    const expired = checkOf(widgetPreflight(input(payload({ ...good, exp: NOW_S - 30 }))), 'expiry');
    expect(expired.state).toBe('failed');
    expect(expired.disagreement?.token.value).toMatch(/^0 s left/);
    expect(checkOf(widgetPreflight(input(payload({ ...good, exp: undefined }))), 'expiry').state).toBe('not checked');
  });

  it('does not check the region of a chosen shop whose region is unknown, and says how to set it', () => {
    const region = checkOf(widgetPreflight(input(payload(good), { shopId: SHOP })), 'region');
    expect(region.state).toBe('not checked');
    expect(region.detail).toContain(SHOP);
    expect(region.detail).toContain('--shop-region');
  });

  it('fails what needs the claims of a token that is not a JWT, naming the problem', () => {
    const result = widgetPreflight({ decoded: decodeJwt('not-a-jwt'), appKey: APP_KEY, shopId: SHOP, nowMs: NOW_S * 1000, expireAt: NOW_S + 300 });
    expect(checkOf(result, 'client-key').state).toBe('failed');
    expect(checkOf(result, 'client-key').detail).toContain('not a readable JWT');
    expect(checkOf(result, 'shop').state).toBe('failed');
    // expire_at from the response still says when it expires.
    expect(checkOf(result, 'expiry').state).toBe('passed');
  });
});
