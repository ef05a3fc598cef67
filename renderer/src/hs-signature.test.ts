import { describe, expect, it } from 'vitest';
import { hsAlgorithm, verifyHsSignature } from './hs-signature';

/** The signature a JWT library makes, computed apart from the code under test (sign, not verify). */
async function sign(hash: 'SHA-256' | 'SHA-384' | 'SHA-512', input: string, key: string): Promise<string> {
  const encoder = new TextEncoder();
  const cryptoKey = await crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash }, false, ['sign']);
  const bytes = new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(input)));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const INPUT = 'eyJhbGciOiJIUzI1NiJ9.eyJVc2VySUQiOjc0OTM5OTA3NTMyNTY5MDA0ODZ9';

describe('HS signature check in the page', () => {
  it.each([
    ['HS256', 'SHA-256'],
    ['HS384', 'SHA-384'],
    ['HS512', 'SHA-512'],
  ] as const)('%s: the right key is valid, a wrong key or a changed input is not', async (alg, hash) => {
    const signature = await sign(hash, INPUT, 'correct horse');
    expect(await verifyHsSignature(alg, INPUT, signature, 'correct horse')).toBe(true);
    expect(await verifyHsSignature(alg, INPUT, signature, 'correct horsE')).toBe(false);
    expect(await verifyHsSignature(alg, `${INPUT}x`, signature, 'correct horse')).toBe(false);
  });

  it('reads a key as UTF-8 text and refuses a signature that is not base64url', async () => {
    expect(await verifyHsSignature('HS256', INPUT, await sign('SHA-256', INPUT, 'clé🔑'), 'clé🔑')).toBe(true);
    expect(await verifyHsSignature('HS256', INPUT, '***', 'k')).toBe(false);
  });

  it('knows the three HMAC algorithms and nothing else', () => {
    expect(['HS256', 'HS384', 'HS512', 'RS256', 'none', undefined].map(hsAlgorithm)).toEqual(['HS256', 'HS384', 'HS512', null, null, null]);
  });
});
