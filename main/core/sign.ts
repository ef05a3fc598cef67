import { createHmac } from 'node:crypto';

/** Query parameters that never take part in the signature. */
const UNSIGNED_PARAMS = new Set(['sign', 'access_token']);

export interface SignInput {
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body?: string;
}

/**
 * TikTok Shop's string to sign, without the secret wrap: the path, then every query
 * parameter but `sign` and `access_token` as key+value in key order, then the body.
 */
export function canonicalString({ path, query, body = '' }: SignInput): string {
  let params = '';
  for (const key of Object.keys(query).sort()) {
    if (!UNSIGNED_PARAMS.has(key)) params += `${key}${query[key]}`;
  }
  return `${path}${params}${body}`;
}

/** hex(HMAC-SHA256(key = secret, secret + canonical + secret)), lowercase. */
function signCanonical(canonical: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(`${appSecret}${canonical}${appSecret}`, 'utf8').digest('hex');
}

function maskCanonical(canonical: string): string {
  return `«app secret»${canonical}«app secret»`;
}

export function sign(input: SignInput, appSecret: string): string {
  return signCanonical(canonicalString(input), appSecret);
}

/** The string that was signed, safe to show: the secret on both ends is masked. */
export function maskedStringToSign(input: SignInput): string {
  return maskCanonical(canonicalString(input));
}

/** sign and maskedStringToSign of one request, from one canonical string. */
export function signWithMaskedString(input: SignInput, appSecret: string): { readonly sign: string; readonly stringToSign: string } {
  const canonical = canonicalString(input);
  return { sign: signCanonical(canonical, appSecret), stringToSign: maskCanonical(canonical) };
}
