/**
 * Strict base64url (RFC 4648 §5) and strict UTF-8, written out rather than via
 * `atob`, which accepts standard base64, whitespace and stray bits: a token that
 * was damaged while copying should be reported, not quietly decoded into something else.
 */

export type Base64UrlResult =
  | { readonly ok: true; readonly bytes: Uint8Array }
  /** `problem` is a clause to follow "not valid base64url: "; `position` is the 0-based index in the encoded text. */
  | { readonly ok: false; readonly problem: string; readonly position: number };

export type Utf8Result =
  | { readonly ok: true; readonly text: string }
  /** `problem` is a clause to follow a colon; `position` is the offset of the first byte that is not valid UTF-8. */
  | { readonly ok: false; readonly problem: string; readonly position: number };

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const SEXTET = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) SEXTET[ALPHABET.charCodeAt(i)] = i;

function describeChar(text: string, position: number): string {
  const code = text.codePointAt(position) ?? 0;
  if (code <= 0x20 || code === 0x7f || (code >= 0x80 && code <= 0xa0)) {
    return `the invisible character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `'${String.fromCodePoint(code)}'`;
}

type Base64UrlProblem = Extract<Base64UrlResult, { ok: false }>;

/**
 * The length of the data (the text without its padding) when `encoded` is valid
 * base64url, else its first defect. Padding is optional (JWTs omit it) but, when
 * present, must close the text and make its length a multiple of 4. The unused low
 * bits of the last character must be zero, as every encoder writes them.
 */
function dataLengthOrProblem(encoded: string): number | Base64UrlProblem {
  let dataLength = encoded.length;
  while (dataLength > 0 && encoded.charCodeAt(dataLength - 1) === 0x3d) dataLength--;
  const padding = encoded.length - dataLength;

  for (let i = 0; i < dataLength; i++) {
    const code = encoded.charCodeAt(i);
    if (code < 128 && (SEXTET[code] ?? -1) >= 0) continue;
    if (code === 0x3d) {
      return { ok: false, problem: `padding '=' at position ${i} stands before the end, and padding may only close the text.`, position: i };
    }
    const hint = code === 0x2b || code === 0x2f ? " ('+' and '/' belong to standard base64; base64url uses '-' and '_')" : '';
    return { ok: false, problem: `${describeChar(encoded, i)} at position ${i} is not a base64url character${hint}.`, position: i };
  }
  if (dataLength % 4 === 1) {
    return {
      ok: false,
      problem: `its ${dataLength} characters cannot encode whole bytes (no length of 4n+1 can), so a character is missing or extra.`,
      position: dataLength - 1,
    };
  }
  if (padding > 0 && (padding > 2 || encoded.length % 4 !== 0)) {
    return {
      ok: false,
      problem: `${padding} '=' after ${dataLength} characters do not pad it to a multiple of 4 characters.`,
      position: dataLength,
    };
  }
  // 2 characters left over carry 12 bits, one byte and 4 spare; 3 carry 18 bits, two bytes and 2 spare.
  const spareBits = dataLength % 4 === 2 ? 0x0f : dataLength % 4 === 3 ? 0x03 : 0;
  if (((SEXTET[encoded.charCodeAt(dataLength - 1)] ?? 0) & spareBits) !== 0) {
    return {
      ok: false,
      problem: `the last character (position ${dataLength - 1}) carries bits that belong to no byte, so the text was probably cut or altered.`,
      position: dataLength - 1,
    };
  }
  return dataLength;
}

function sextetAt(encoded: string, index: number): number {
  return SEXTET[encoded.charCodeAt(index)] ?? 0;
}

/** Decodes base64url; see dataLengthOrProblem for what is refused. */
export function base64UrlToBytes(encoded: string): Base64UrlResult {
  const dataLength = dataLengthOrProblem(encoded);
  if (typeof dataLength !== 'number') return dataLength;
  const bytes = new Uint8Array(Math.floor((dataLength * 3) / 4));
  const whole = dataLength - (dataLength % 4);
  let out = 0;
  for (let i = 0; i < whole; i += 4) {
    const group = (sextetAt(encoded, i) << 18) | (sextetAt(encoded, i + 1) << 12) | (sextetAt(encoded, i + 2) << 6) | sextetAt(encoded, i + 3);
    bytes[out++] = group >> 16;
    bytes[out++] = (group >> 8) & 0xff;
    bytes[out++] = group & 0xff;
  }
  if (dataLength - whole === 2) {
    bytes[out] = (sextetAt(encoded, whole) << 2) | (sextetAt(encoded, whole + 1) >> 4);
  } else if (dataLength - whole === 3) {
    const group = (sextetAt(encoded, whole) << 12) | (sextetAt(encoded, whole + 1) << 6) | sextetAt(encoded, whole + 2);
    bytes[out++] = group >> 10;
    bytes[out] = (group >> 2) & 0xff;
  }
  return { ok: true, bytes };
}

/** Why `encoded` is not valid base64url, or null when it is: the check of base64UrlToBytes without decoding. */
export function base64UrlProblem(encoded: string): Base64UrlProblem | null {
  const dataLength = dataLengthOrProblem(encoded);
  return typeof dataLength === 'number' ? null : dataLength;
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, no surrogates, max U+10FFFF), or -1. */
function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let min = 0x80;
    let max = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) min = 0xa0;
      if (lead === 0xed) max = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) min = 0x90;
      if (lead === 0xf4) max = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined) return i;
      const low = k === 1 ? min : 0x80;
      const high = k === 1 ? max : 0xbf;
      if (next < low || next > high) return i;
    }
    i += length;
  }
  return -1;
}

/** One decoder for every call: without `stream`, each decode starts afresh, after an error too. */
const FATAL_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8, refusing invalid sequences instead of replacing them with U+FFFD. */
export function utf8BytesToString(bytes: Uint8Array): Utf8Result {
  try {
    return { ok: true, text: FATAL_UTF8.decode(bytes) };
  } catch {
    const position = Math.max(firstInvalidUtf8Byte(bytes), 0);
    const hex = (bytes[position] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    return { ok: false, problem: `byte ${position} (0x${hex}) starts an invalid UTF-8 sequence.`, position };
  }
}
