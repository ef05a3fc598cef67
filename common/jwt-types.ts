import type { JsonNode } from './json-node';

/** One claim of the header or payload, ready to show. */
export interface ClaimRow {
  readonly name: string;
  readonly value: JsonNode;
  /** The value as exact JSON text (big integers digit for digit). */
  readonly valueText: string;
  /** What the claim means, for the claims we know (UserID, ShopIDs, exp, ...). */
  readonly meaning?: string;
  /** Set when the claim is a time in Unix seconds (exp, iat, nbf, Expire). */
  readonly epochSeconds?: number;
}

export interface DecodedJwt {
  readonly ok: true;
  readonly header: JsonNode;
  readonly payload: JsonNode;
  readonly headerRows: readonly ClaimRow[];
  readonly claimRows: readonly ClaimRow[];
  /** The signature part as sent (base64url); it is not verified: the key is TikTok's. */
  readonly signature: string;
  /** `exp` in Unix seconds when present and an integer from 1970 to the year 9999 (a millisecond value is left out). */
  readonly exp?: number;
}

export interface JwtProblem {
  readonly ok: false;
  /** Which part is wrong. */
  readonly part: 'token' | 'header' | 'payload' | 'signature';
  /** One readable sentence: what is wrong and where. */
  readonly problem: string;
}

export type JwtDecodeResult = DecodedJwt | JwtProblem;
