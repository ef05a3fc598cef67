import { createHmac } from 'node:crypto';
import { SANDBOX_JWT_SIGNING_KEY } from './demo-credentials';

export interface SandboxJwtClaims {
  /** bigint because the 19-digit IDs do not fit a JS number. */
  readonly userId: bigint;
  readonly clientKey: string;
  readonly shopIds: readonly bigint[];
  /** Unix seconds, written as both `Expire` and `exp` as in the documented sample. */
  readonly expiresAt: number;
  readonly sellerType: number;
}

/** Byte for byte the documented sample's header. */
export const SANDBOX_JWT_HEADER_TEXT = '{"alg":"HS512","typ":"JWT"}';

function requireSafeInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${name} must be a whole number of seconds, got ${value}`);
  }
  return value;
}

/**
 * The payload as JSON text, written by hand: JSON.stringify cannot emit a bigint, and a
 * number would round the IDs. Keys in the sample's order, no spaces, as TikTok sends it.
 */
export function sandboxJwtPayloadText(claims: SandboxJwtClaims): string {
  const expiresAt = requireSafeInteger('expiresAt', claims.expiresAt);
  const sellerType = requireSafeInteger('sellerType', claims.sellerType);
  return (
    `{"UserID":${claims.userId.toString()},` +
    `"ClientKey":${JSON.stringify(claims.clientKey)},` +
    `"ShopIDs":[${claims.shopIds.map((id) => id.toString()).join(',')}],` +
    `"Expire":${expiresAt},` +
    `"SellerType":${sellerType},` +
    `"exp":${expiresAt}}`
  );
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** A compact HS512 JWT shaped like the documented widget token. */
export function issueSandboxJwt(claims: SandboxJwtClaims, signingKey: string = SANDBOX_JWT_SIGNING_KEY): string {
  const signingInput = `${base64url(SANDBOX_JWT_HEADER_TEXT)}.${base64url(sandboxJwtPayloadText(claims))}`;
  const signature = createHmac('sha512', signingKey).update(signingInput, 'ascii').digest('base64url');
  return `${signingInput}.${signature}`;
}
