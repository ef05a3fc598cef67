import { describe, expect, it } from 'vitest';
import type { TokenResult } from '../../preload/contract';
import { copyText, tokenAsJson } from './copy-variants';
import type { ProfilesState } from '../../preload/contract';

const token: TokenResult = {
  profile: 'sandbox',
  sandbox: true,
  baseUrl: 'https://open-api.tiktokglobalshop.com',
  token: 'eyJhbGciOiJIUzUxMiJ9.eyJleHAiOjE3MDEwNjYwMjB9.sig',
  expireAt: 1701363599,
  jwtExp: 1701066020,
  effectiveExpiryMs: 1701066020_000,
  expiryDisagreement: { expireAt: 1701363599, jwtExp: 1701066020 },
  requestId: '202203070749000101890810281E8C70B7',
  clockSkewMs: 0,
  clockSkewWarning: null,
  receivedAtMs: 1701065720_000,
  curl: "curl 'https://open-api.tiktokglobalshop.com/authorization/202401/widget_token?app_key=k&timestamp=1&sign=s' -H 'x-tts-access-token: ****'",
  stringToSign: '****',
  appKey: '6abcdefgh1234',
};

describe('copy variants', () => {
  it('copies the token alone', () => {
    expect(copyText('token', token)).toBe(token.token);
  });

  it('copies JSON shaped like the API response: token and expire_at', () => {
    expect(JSON.parse(copyText('json', token))).toEqual({ token: token.token, expire_at: 1701363599 });
  });

  it('falls back to the JWT exp when the server sent no expire_at', () => {
    expect(JSON.parse(tokenAsJson({ ...token, expireAt: null }))).toEqual({ token: token.token, expire_at: 1701066020 });
  });

  it('copies the masked curl command main built, unchanged', () => {
    expect(copyText('curl', token)).toBe(token.curl);
  });

  it('copies the widget-kit shape: expire_at a string, the earlier of expire_at and exp', () => {
    expect(JSON.parse(copyText('widget-kit', token))).toEqual({ token: token.token, expire_at: '1701066020' });
  });

  it("fills the widget-kit config with the token's app key and its profile's shop and region", () => {
    const profiles: ProfilesState = {
      active: 'shop-gb',
      keychain: { available: true },
      profiles: [
        { name: 'shop-gb', baseUrl: 'https://open-api.tiktokglobalshop.com', appKey: '6abcdefgh1234', builtIn: false, appSecretSet: true, accessTokenSet: true, refreshTokenSet: false, shopId: '7494001122334455667', shopRegion: 'GB' },
      ],
    };
    const js = copyText('widget-kit-js', { ...token, profile: 'shop-gb' }, profiles);
    expect(js).toContain('appKey: "6abcdefgh1234"');
    expect(js).toContain('shopId: "7494001122334455667"');
    expect(js).toContain('oecRegion: "GB"');
    const react = copyText('widget-kit-react', { ...token, profile: 'shop-gb' }, profiles);
    expect(react).toContain('export function ShopWidget');
    expect(react).toContain('shopId: "7494001122334455667"');
    // The sandbox has no shop: the snippet says what to fill in.
    expect(copyText('widget-kit-js', token, profiles)).toContain('"YOUR_SHOP_ID"');
  });
});
