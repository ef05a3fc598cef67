import type { TokenResult } from '../../preload/contract';

export type CopyKind = 'token' | 'json' | 'curl';

/**
 * `{"token": ..., "expire_at": ...}`: the shape the API itself returns, so code that reads
 * the real response can read the copy. Without `expire_at` from the server, the JWT exp
 * stands in (both are Unix seconds).
 */
export function tokenAsJson(token: Pick<TokenResult, 'token' | 'expireAt' | 'jwtExp'>): string {
  return JSON.stringify({ token: token.token, expire_at: token.expireAt ?? token.jwtExp }, null, 2);
}

export function copyText(kind: CopyKind, token: TokenResult): string {
  switch (kind) {
    case 'token':
      return token.token;
    case 'json':
      return tokenAsJson(token);
    case 'curl':
      return token.curl;
  }
}

export const COPIED_LABEL: Readonly<Record<CopyKind, string>> = {
  token: 'Copied',
  json: 'Copied as JSON',
  curl: 'Copied as curl',
};
