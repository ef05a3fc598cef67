/**
 * The HS256/384/512 signature check of the Decode view, with WebCrypto in the page: the
 * key the user types is used here and nowhere else (never sent over the bridge, never
 * stored), and the page keeps it only in the Decode view's own state.
 */
import { base64UrlToBytes } from '../../common/base64url';

const HASHES = { HS256: 'SHA-256', HS384: 'SHA-384', HS512: 'SHA-512' } as const;
export type HsAlgorithm = keyof typeof HASHES;

export function hsAlgorithm(alg: string | undefined): HsAlgorithm | null {
  return alg === 'HS256' || alg === 'HS384' || alg === 'HS512' ? alg : null;
}

/**
 * True when `signature` (base64url) is the HMAC of `signingInput` (`header.payload` as
 * sent) under `key`, taken as UTF-8 text like the JWT libraries' string secrets.
 */
export async function verifyHsSignature(alg: HsAlgorithm, signingInput: string, signature: string, key: string): Promise<boolean> {
  const bytes = base64UrlToBytes(signature);
  if (!bytes.ok) return false;
  const encoder = new TextEncoder();
  const cryptoKey = await crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash: HASHES[alg] }, false, ['verify']);
  // verify() compares in constant time.
  return crypto.subtle.verify('HMAC', cryptoKey, new Uint8Array(bytes.bytes), encoder.encode(signingInput));
}
