import { earlierExpiry, widgetKitAuthInfo, widgetKitConfigSnippet, type WidgetKitValues } from '../../common/widget-kit';
import type { ProfilesState, TokenResult } from '../../preload/contract';

export type CopyKind = 'token' | 'json' | 'curl' | 'widget-kit' | 'widget-kit-js' | 'widget-kit-react';

/**
 * `{"token": ..., "expire_at": ...}`: the shape the API itself returns, so code that reads
 * the real response can read the copy. Without `expire_at` from the server, the JWT exp
 * stands in (both are Unix seconds).
 */
export function tokenAsJson(token: Pick<TokenResult, 'token' | 'expireAt' | 'jwtExp'>): string {
  return JSON.stringify({ token: token.token, expire_at: token.expireAt ?? token.jwtExp }, null, 2);
}

/**
 * The values a widget-kit config takes from the profile the token came from: its app key
 * (the one the call was made with) and its chosen shop and region.
 */
export function widgetKitValues(token: Pick<TokenResult, 'profile' | 'appKey'>, profiles: ProfilesState | null): WidgetKitValues {
  const profile = profiles?.profiles.find((p) => p.name === token.profile);
  return { appKey: token.appKey, shopId: profile?.shopId, shopRegion: profile?.shopRegion };
}

export function copyText(kind: CopyKind, token: TokenResult, profiles: ProfilesState | null = null): string {
  switch (kind) {
    case 'token':
      return token.token;
    case 'json':
      return tokenAsJson(token);
    case 'curl':
      return token.curl;
    case 'widget-kit':
      // The sandbox and TikTok always send an expiry; 0 would only be reached by a server that sends none.
      return widgetKitAuthInfo(token.token, earlierExpiry(token.expireAt, token.jwtExp) ?? 0);
    case 'widget-kit-js':
      return widgetKitConfigSnippet(widgetKitValues(token, profiles), 'js');
    case 'widget-kit-react':
      return widgetKitConfigSnippet(widgetKitValues(token, profiles), 'react');
  }
}

export const COPIED_LABEL: Readonly<Record<CopyKind, string>> = {
  token: 'Copied',
  json: 'Copied as JSON',
  curl: 'Copied as curl',
  'widget-kit': 'Copied for widget-kit',
  'widget-kit-js': 'Copied widget-kit config (JS)',
  'widget-kit-react': 'Copied widget-kit config (React)',
};
