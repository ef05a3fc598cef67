/**
 * Checks whether the offline sandbox signed a token, for the window's Decode view: the
 * answer crosses the bridge, the key (SANDBOX_JWT_SIGNING_KEY) does not.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { cleanToken, decodeJwt } from '../../common/jwt';
import { getMember } from '../../common/lossless-json';
import type { SandboxSignatureVerdict } from '../../preload/contract';
import { SANDBOX_APP_KEY, SANDBOX_JWT_SIGNING_KEY } from './demo-credentials';

/**
 * `valid` when the signature is the sandbox's HS512 over header and payload; `invalid` when
 * the token claims to be the sandbox's (its ClientKey is the sandbox's app key) but the
 * signature does not match; `not-sandbox` for any other token.
 */
export function verifySandboxJwt(token: string, signingKey: string = SANDBOX_JWT_SIGNING_KEY): SandboxSignatureVerdict {
  const decoded = decodeJwt(token);
  if (!decoded.ok) return 'not-sandbox';
  const [header = '', payload = ''] = cleanToken(token).split('.');
  const expected = createHmac('sha512', signingKey).update(`${header}.${payload}`, 'ascii').digest();
  const given = Buffer.from(decoded.signature, 'base64url');
  const alg = getMember(decoded.header, 'alg');
  if (alg?.type === 'string' && alg.value === 'HS512' && given.length === expected.length && timingSafeEqual(given, expected)) return 'valid';
  const clientKey = getMember(decoded.payload, 'ClientKey');
  return clientKey?.type === 'string' && clientKey.value === SANDBOX_APP_KEY ? 'invalid' : 'not-sandbox';
}
