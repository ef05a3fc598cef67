import { base64UrlProblem, base64UrlToBytes, utf8BytesToString } from './base64url';
import type { JsonNode } from './json-node';
import type { ClaimRow, DecodedJwt, JwtDecodeResult, JwtProblem } from './jwt-types';
import { getMember, nodeToSafeNumber, parseLosslessJson, stringifyJsonNode } from './lossless-json';

/** What the payload claims of a widget token (and the registered JWT claims) mean. */
export const JWT_CLAIM_MEANINGS: Readonly<Record<string, string>> = Object.freeze({
  UserID: 'Seller user ID (a 19-digit integer, shown digit for digit)',
  ShopIDs: 'IDs of the shops the token is for',
  ClientKey: 'App key the token was issued to',
  SellerType: 'Seller type, as TikTok Shop classifies the seller',
  Expire: 'Expiry time set by TikTok Shop (Unix seconds)',
  exp: 'Expiration time (Unix seconds): the token is refused from then on',
  iat: 'Issued at (Unix seconds)',
  nbf: 'Not valid before (Unix seconds)',
  iss: 'Issuer',
  sub: 'Subject the token is about',
  aud: 'Audience the token is meant for',
  jti: 'Unique ID of this token',
});

/** What the header members mean. */
export const JWT_HEADER_MEANINGS: Readonly<Record<string, string>> = Object.freeze({
  alg: 'Signing algorithm',
  typ: 'Token type',
  kid: 'ID of the key that signed the token',
});

/** Claims that hold a Unix time in seconds. */
export const JWT_TIME_CLAIMS: ReadonlySet<string> = new Set(['exp', 'iat', 'nbf', 'Expire']);

/**
 * Times outside 1970-01-01 .. 9999-12-31 are not annotated: a value beyond that is
 * not seconds (milliseconds, say) and a date for it would mislead.
 */
const MAX_EPOCH_SECONDS = 253_402_300_799;

/** Far above any real JWT; keeps the work for a pasted blob bounded. */
export const MAX_TOKEN_LENGTH = 1_048_576;

const PART_NAMES = { header: 'header (first part)', payload: 'payload (second part)', signature: 'signature (third part)' } as const;

function problem(part: JwtProblem['part'], sentence: string): JwtProblem {
  return { ok: false, part, problem: sentence };
}

/**
 * Removes what copying adds around a token: line breaks and spaces inside it (the
 * API doc wraps its sample; zero-width spaces come from web pages), a `Bearer`
 * prefix, and the quotes of a JSON string.
 */
export function cleanToken(raw: string): string {
  let token = raw.replace(/^\s*Bearer\s+/i, '').replace(/[\s\u200B-\u200D\u2060]+/g, '');
  if (token.length >= 2 && token.startsWith('"') && token.endsWith('"')) token = token.slice(1, -1);
  return token;
}

function jsonKind(node: JsonNode): string {
  switch (node.type) {
    case 'array':
      return 'an array';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return node.value ? 'true' : 'false';
    default:
      return node.type;
  }
}

function decodeJsonPart(part: 'header' | 'payload', encoded: string): JsonNode | JwtProblem {
  const name = PART_NAMES[part];
  if (encoded === '') return problem(part, `The ${name} is empty.`);
  const bytes = base64UrlToBytes(encoded);
  if (!bytes.ok) return problem(part, `The ${name} is not valid base64url: ${bytes.problem}`);
  const text = utf8BytesToString(bytes.bytes);
  if (!text.ok) return problem(part, `The ${name} does not decode to UTF-8 text: ${text.problem}`);
  const parsed = parseLosslessJson(text.text);
  if (!parsed.ok) {
    return problem(part, `The ${name} is not valid JSON at character ${parsed.position} of its decoded text: ${parsed.problem}`);
  }
  if (parsed.value.type !== 'object') {
    return problem(part, `The ${name} must be a JSON object, but it is ${jsonKind(parsed.value)}.`);
  }
  return parsed.value;
}

function isProblem(value: JsonNode | JwtProblem): value is JwtProblem {
  return 'ok' in value;
}

/** The exported tables as maps, built once: a Map lookup needs no own-property check (against `__proto__` and the like). */
function tableMap(table: Readonly<Record<string, string>>): ReadonlyMap<string, string> {
  return new Map(Object.entries(table));
}

const HEADER_MEANINGS = tableMap(JWT_HEADER_MEANINGS);
const CLAIM_MEANINGS = tableMap(JWT_CLAIM_MEANINGS);

const ALGORITHM_NAMES: ReadonlyMap<string, string> = new Map([
  ['HS256', 'HMAC with SHA-256'],
  ['HS384', 'HMAC with SHA-384'],
  ['HS512', 'HMAC with SHA-512'],
  ['RS256', 'RSA PKCS#1 v1.5 with SHA-256'],
  ['RS384', 'RSA PKCS#1 v1.5 with SHA-384'],
  ['RS512', 'RSA PKCS#1 v1.5 with SHA-512'],
  ['PS256', 'RSA-PSS with SHA-256'],
  ['PS384', 'RSA-PSS with SHA-384'],
  ['PS512', 'RSA-PSS with SHA-512'],
  ['ES256', 'ECDSA P-256 with SHA-256'],
  ['ES384', 'ECDSA P-384 with SHA-384'],
  ['ES512', 'ECDSA P-521 with SHA-512'],
  ['EdDSA', 'EdDSA (Ed25519 or Ed448)'],
  ['none', 'none: the token is not signed'],
]);

type Meaning = (name: string, value: JsonNode) => string | undefined;

/** A header member's meaning; for `alg`, also what the named algorithm is. */
const headerMeaning: Meaning = (name, value) => {
  const meaning = HEADER_MEANINGS.get(name);
  const algorithm = name === 'alg' && value.type === 'string' ? ALGORITHM_NAMES.get(value.value) : undefined;
  return algorithm === undefined ? meaning : `${meaning}: ${algorithm}`;
};

const claimMeaning: Meaning = (name) => CLAIM_MEANINGS.get(name);

const NO_TIME_CLAIMS: ReadonlySet<string> = new Set();

/** Unix seconds when the node is an integer in the sane range, else undefined. */
function epochSecondsOf(node: JsonNode | undefined): number | undefined {
  const seconds = nodeToSafeNumber(node);
  return seconds !== undefined && seconds >= 0 && seconds <= MAX_EPOCH_SECONDS ? seconds : undefined;
}

function rowsOf(node: JsonNode, meaningOf: Meaning, timeClaims: ReadonlySet<string>): ClaimRow[] {
  if (node.type !== 'object') return [];
  return node.entries.map(([name, value]) => {
    const row: { -readonly [K in keyof ClaimRow]: ClaimRow[K] } = { name, value, valueText: stringifyJsonNode(value) };
    const meaning = meaningOf(name, value);
    if (meaning !== undefined) row.meaning = meaning;
    const epochSeconds = timeClaims.has(name) ? epochSecondsOf(value) : undefined;
    if (epochSeconds !== undefined) row.epochSeconds = epochSeconds;
    return row;
  });
}

/**
 * Decodes a JWT's header and payload without verifying it (the key is TikTok's),
 * keeping every number exact. Never throws: any defect is a JwtProblem naming the part.
 */
export function decodeJwt(token: string): JwtDecodeResult {
  if (token.length > MAX_TOKEN_LENGTH) {
    return problem('token', `The token is ${token.length} characters long; at most ${MAX_TOKEN_LENGTH} are decoded.`);
  }
  const cleaned = cleanToken(token);
  if (cleaned === '') return problem('token', 'The token is empty.');
  const parts = cleaned.split('.');
  if (parts.length !== 3) {
    if (parts.length === 5) {
      return problem('token', 'The token has 5 parts, so it is an encrypted JWT (JWE), whose claims cannot be read without its key.');
    }
    const found = parts.length === 1 ? 'no dots' : `${parts.length} parts`;
    return problem('token', `The token has ${found}, but a JWT has three parts separated by dots (header.payload.signature).`);
  }
  const [headerPart = '', payloadPart = '', signature = ''] = parts;

  const header = decodeJsonPart('header', headerPart);
  if (isProblem(header)) return header;
  const payload = decodeJsonPart('payload', payloadPart);
  if (isProblem(payload)) return payload;

  const alg = getMember(header, 'alg');
  const unsecured = alg?.type === 'string' && alg.value === 'none';
  if (signature === '' && !unsecured) {
    return problem('signature', `The ${PART_NAMES.signature} is empty, which only an unsigned token (alg "none") may be.`);
  }
  // Checked, not decoded: nothing shows the signature's bytes.
  const signatureProblem = base64UrlProblem(signature);
  if (signatureProblem !== null) {
    return problem('signature', `The ${PART_NAMES.signature} is not valid base64url: ${signatureProblem.problem}`);
  }

  // Held to the same range as the rows' times, so a millisecond `exp` never drives a countdown of millennia.
  const exp = epochSecondsOf(getMember(payload, 'exp'));
  // The rows (each value's exact text, its meaning, its time) are built when first read: a
  // token fetched to be handed on needs only the claims and exp (npm run bench's in-process figure).
  let headerRows: readonly ClaimRow[] | undefined;
  let claimRows: readonly ClaimRow[] | undefined;
  const decoded: DecodedJwt = {
    ok: true,
    header,
    payload,
    get headerRows() {
      headerRows ??= rowsOf(header, headerMeaning, NO_TIME_CLAIMS);
      return headerRows;
    },
    get claimRows() {
      claimRows ??= rowsOf(payload, claimMeaning, JWT_TIME_CLAIMS);
      return claimRows;
    },
    signature,
    ...(exp === undefined ? {} : { exp }),
  };
  return decoded;
}
