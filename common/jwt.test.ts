import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonNode } from './json-node';
import { JWT_CLAIM_MEANINGS, MAX_TOKEN_LENGTH, decodeJwt } from './jwt';
import type { DecodedJwt, JwtDecodeResult } from './jwt-types';
import { getMember, stringifyJsonNode } from './lossless-json';

/** The sample token of the Get Widget Token API doc, line breaks and indentation as printed there. */
const DOC_SAMPLE_TOKEN = `eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.
        eyJVc2VySUQiOjc0OTM5OTA3NTMyNTY5MDA0ODYsIkNsaWVudEtleSI6IjZhbW00dnV
        oNWZvMWciLCJTaG9wSURzIjpbNzQ5Mzk5MDc1MzI1NjkwMDQ4Nl0sIkV4cGlyZSI6MTcwMTA2
        NjAyMCwiU2VsbGVyVHlwZSI6MiwiZXhwIjoxNzAxMDY2MDIwfQ.KS15mwJ8LUC2U6Chfbmwr7PO2mGK_
        3wLYYaa8TM6DixdKmbG3o4kRSlCfi1a6UotpXxU0CNelLwX1G5H3sY7vw`;

const HS512_HEADER = '{"alg":"HS512","typ":"JWT"}';
const SIGNATURE = 'KS15mwJ8LUC2U6Chfbmwr7PO2mGK_3wLYYaa8TM6DixdKmbG3o4kRSlCfi1a6UotpXxU0CNelLwX1G5H3sY7vw';

function b64url(content: string | Uint8Array): string {
  return Buffer.from(content).toString('base64url');
}

function token(payload: string, header = HS512_HEADER, signature = SIGNATURE): string {
  return `${b64url(header)}.${b64url(payload)}.${signature}`;
}

function decoded(result: JwtDecodeResult): DecodedJwt {
  if (!result.ok) throw new Error(`expected the token to decode: ${result.part}: ${result.problem}`);
  return result;
}

function row(jwt: DecodedJwt, name: string) {
  return jwt.claimRows.find((r) => r.name === name);
}

describe('decodeJwt on the documented sample token', () => {
  const jwt = decoded(decodeJwt(DOC_SAMPLE_TOKEN));

  it('reads UserID and ShopIDs digit for digit', () => {
    expect(row(jwt, 'UserID')?.valueText).toBe('7493990753256900486');
    expect(row(jwt, 'ShopIDs')?.valueText).toBe('[7493990753256900486]');
    expect(getMember(jwt.payload, 'ShopIDs')).toEqual({ type: 'array', items: [{ type: 'number', text: '7493990753256900486' }] });
  });

  it('knows exp and Expire as times', () => {
    expect(jwt.exp).toBe(1701066020);
    expect(row(jwt, 'exp')?.epochSeconds).toBe(1701066020);
    expect(row(jwt, 'Expire')?.epochSeconds).toBe(1701066020);
    expect(row(jwt, 'UserID')?.epochSeconds).toBeUndefined();
  });

  it('lists every claim in token order with its meaning', () => {
    expect(jwt.claimRows.map((r) => [r.name, r.valueText, r.meaning])).toEqual([
      ['UserID', '7493990753256900486', JWT_CLAIM_MEANINGS.UserID],
      ['ClientKey', '"6amm4vuh5fo1g"', JWT_CLAIM_MEANINGS.ClientKey],
      ['ShopIDs', '[7493990753256900486]', JWT_CLAIM_MEANINGS.ShopIDs],
      ['Expire', '1701066020', JWT_CLAIM_MEANINGS.Expire],
      ['SellerType', '2', JWT_CLAIM_MEANINGS.SellerType],
      ['exp', '1701066020', JWT_CLAIM_MEANINGS.exp],
    ]);
    expect(row(jwt, 'UserID')?.meaning).toMatch(/seller user id/i);
  });

  it('shows the header with its meanings and keeps the signature as sent', () => {
    expect(jwt.headerRows.map((r) => [r.name, r.valueText, r.meaning])).toEqual([
      ['alg', '"HS512"', 'Signing algorithm: HMAC with SHA-512'],
      ['typ', '"JWT"', 'Token type'],
    ]);
    expect(jwt.signature).toBe(SIGNATURE);
  });

  it('reads the same whether copied with line breaks, spaces, a Bearer prefix or JSON quotes', () => {
    const clean = DOC_SAMPLE_TOKEN.replace(/\s+/g, '');
    for (const variant of [clean, ` ${clean}\r\n`, `Bearer ${clean}`, `"${clean}"`, clean.replace('.', '.\u200b'), clean.split('').join(' ')]) {
      expect(decodeJwt(variant)).toEqual(jwt);
    }
  });
});

describe('decodeJwt keeps every number exact', () => {
  it.each([
    ['a 30-digit integer', '123456789012345678901234567890'],
    ['a negative 30-digit integer', '-123456789012345678901234567890'],
    ['an exponent', '6.02214076E+23'],
    ['a fraction with trailing zeros', '0.100000000000000000000000000001'],
    ['minus zero', '-0'],
  ])('%s round-trips through stringifyJsonNode', (_label, number) => {
    const payloadText = `{"n":${number},"list":[${number},{"deep":${number}}]}`;
    const jwt = decoded(decodeJwt(token(payloadText)));
    expect(stringifyJsonNode(jwt.payload)).toBe(payloadText);
    expect(row(jwt, 'n')?.valueText).toBe(number);
  });

  it('leaves exp out when it is not a whole number of seconds in range', () => {
    for (const exp of ['1701066020.5', '"1701066020"', '1701066020000', '-1', '1e400', '7493990753256900486']) {
      const jwt = decoded(decodeJwt(token(`{"exp":${exp},"iat":${exp}}`)));
      expect(jwt.exp).toBeUndefined();
      expect(row(jwt, 'exp')?.epochSeconds).toBeUndefined();
      expect(row(jwt, 'exp')?.valueText).toBe(exp);
    }
    const jwt = decoded(decodeJwt(token('{"exp":1.7010660200e9,"nbf":0,"iat":253402300799}')));
    expect(jwt.exp).toBe(1701066020);
    expect(row(jwt, 'nbf')?.epochSeconds).toBe(0);
    expect(row(jwt, 'iat')?.epochSeconds).toBe(253402300799);
  });

  it('keeps duplicate claims as rows; exp is the last one, as JSON.parse would read it', () => {
    const jwt = decoded(decodeJwt(token('{"exp":1,"sub":"a","exp":2}')));
    expect(jwt.claimRows.map((r) => `${r.name}=${r.valueText}`)).toEqual(['exp=1', 'sub="a"', 'exp=2']);
    expect(jwt.exp).toBe(2);
  });

  it('decodes unicode claims: emoji, CJK and escaped surrogate pairs', () => {
    const jwt = decoded(decodeJwt(token('{"shop":"🦊 店铺","escaped":"\\ud83d\\ude00 \\u4e2d","名前":"テスト"}')));
    const values = jwt.claimRows.map((r) => [r.name, (r.value as Extract<JsonNode, { type: 'string' }>).value]);
    expect(values).toEqual([
      ['shop', '🦊 店铺'],
      ['escaped', '😀 中'],
      ['名前', 'テスト'],
    ]);
  });
});

describe('decodeJwt explains what is wrong, and where', () => {
  const payload = b64url('{"exp":1}');
  const header = b64url(HS512_HEADER);
  it.each([
    ['empty', 'token', '', /empty/],
    ['only whitespace', 'token', ' \n\t ', /empty/],
    ['no dots', 'token', 'abc', /no dots, but a JWT has three parts/],
    ['two parts', 'token', `${header}.${payload}`, /2 parts, but a JWT has three parts/],
    ['four parts', 'token', `${header}.${payload}.${SIGNATURE}.x`, /4 parts/],
    ['five parts (JWE)', 'token', 'a.b.c.d.e', /encrypted JWT \(JWE\)/],
    ['an empty header', 'header', `.${payload}.${SIGNATURE}`, /header \(first part\) is empty/],
    ['an empty payload', 'payload', `${header}..${SIGNATURE}`, /payload \(second part\) is empty/],
    ['an empty signature', 'signature', `${header}.${payload}.`, /signature \(third part\) is empty/],
    ['a bad header character', 'header', `e3$.${payload}.${SIGNATURE}`, /header .* not valid base64url: '\$' at position 2/],
    ['standard base64 in the payload', 'payload', `${header}.${payload}+.${SIGNATURE}`, /standard base64/],
    ['a header of length 4n+1', 'header', `e30xx.${payload}.${SIGNATURE}`, /cannot encode whole bytes/],
    ['padding inside the payload', 'payload', `${header}.e3=0.${SIGNATURE}`, /padding '=' at position 2/],
    ['a bad signature character', 'signature', `${header}.${payload}.abc!`, /signature .* '!' at position 3/],
    ['a cut signature', 'signature', `${header}.${payload}.AB`, /bits that belong to no byte/],
    ['invalid UTF-8 in the header', 'header', `${b64url(new Uint8Array([0x7b, 0xff, 0x7d]))}.${payload}.${SIGNATURE}`, /UTF-8 .* byte 1 \(0xFF\)/],
    ['invalid UTF-8 in the payload', 'payload', `${header}.${b64url(new Uint8Array([0x7b, 0x22, 0xc3, 0x22]))}.${SIGNATURE}`, /UTF-8/],
    ['a trailing comma in the payload', 'payload', token('{"exp":1,}'), /not valid JSON at character 8 .* Trailing comma/],
    ['garbage after the payload JSON', 'payload', token('{} x'), /not valid JSON at character 3/],
    ['a payload that is not JSON', 'payload', token('hello'), /Unknown word 'hello'/],
    ['a 19-digit number as payload', 'payload', token('7493990753256900486'), /must be a JSON object, but it is a number/],
    ['an array as payload', 'payload', token('[1]'), /an array/],
    ['a string as header', 'header', token('{}', '"HS512"'), /must be a JSON object, but it is a string/],
    ['null as header', 'header', token('{}', 'null'), /it is null/],
    ['a header that is not JSON', 'header', token('{}', "{'alg':'HS512'}"), /double quotes/],
    ['an oversized token', 'token', 'a'.repeat(MAX_TOKEN_LENGTH + 1), /at most/],
  ] as const)('%s -> a %s problem', (_label, part, input, problem) => {
    const result = decodeJwt(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.part).toBe(part);
    expect(result.problem).toMatch(problem);
    expect(result.problem).toMatch(/^The .*\.$/s);
  });

  it('accepts an empty signature only on an unsigned (alg "none") token', () => {
    const jwt = decoded(decodeJwt(`${b64url('{"alg":"none"}')}.${payload}.`));
    expect(jwt.signature).toBe('');
    expect(jwt.headerRows[0]?.meaning).toMatch(/not signed/);
  });
});

describe('decodeJwt properties', () => {
  it('never throws, for any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.array(fc.string(), { maxLength: 5 }).map((parts) => parts.join('.'))), (input) => {
        const result = decodeJwt(input);
        if (!result.ok) expect(result.problem.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws for tokens built from arbitrary bytes, and decodes every JSON object it is given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.uint8Array().map((bytes) => Buffer.from(bytes).toString('latin1'))), fc.uint8Array({ maxLength: 64 }), (text, sig) => {
        const result = decodeJwt(`${b64url(HS512_HEADER)}.${b64url(text)}.${b64url(sig)}`);
        const isObject = (() => {
          try {
            const value: unknown = JSON.parse(text);
            return typeof value === 'object' && value !== null && !Array.isArray(value);
          } catch {
            return false;
          }
        })();
        const signed = sig.length > 0;
        expect(result.ok).toBe(isObject && signed);
        if (!result.ok && isObject) expect(result.part).toBe('signature');
      }),
      { numRuns: 1000 },
    );
  });
});
