import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64UrlProblem, base64UrlToBytes, utf8BytesToString } from './base64url';

function bytesOf(encoded: string): number[] {
  const result = base64UrlToBytes(encoded);
  if (!result.ok) throw new Error(`expected ${encoded} to decode: ${result.problem}`);
  return [...result.bytes];
}

describe('base64UrlToBytes', () => {
  it('decodes the RFC 4648 vectors with and without padding', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['Zg', 'f'],
      ['Zm8', 'fo'],
      ['Zm9v', 'foo'],
      ['Zm9vYg', 'foob'],
      ['Zm9vYmE', 'fooba'],
      ['Zm9vYmFy', 'foobar'],
    ];
    for (const [encoded, text] of vectors) {
      const expected = [...new TextEncoder().encode(text)];
      expect(bytesOf(encoded)).toEqual(expected);
      const padded = encoded + '='.repeat((4 - (encoded.length % 4)) % 4);
      expect(bytesOf(padded)).toEqual(expected);
    }
  });

  it("uses '-' and '_' for the bytes standard base64 writes as '+' and '/'", () => {
    expect(bytesOf('-_-_')).toEqual([0xfb, 0xff, 0xbf]);
  });

  it('decodes what Buffer encodes, for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, padded) => {
        const encoded = Buffer.from(bytes).toString(padded ? 'base64' : 'base64url').replaceAll('+', '-').replaceAll('/', '_');
        expect(bytesOf(encoded)).toEqual([...bytes]);
      }),
    );
  });

  it.each([
    ['Zm9v+g', 4, /'\+' at position 4 is not a base64url character \('\+' and '\/' belong to standard base64/],
    ['Zm9v/g', 4, /'\/' at position 4/],
    ['Zm 9v', 2, /invisible character U\+0020 at position 2/],
    ['Zm9v.', 4, /'\.' at position 4/],
    ['Zm9vé', 4, /'é' at position 4/],
    ['Zg==Zg', 2, /padding '=' at position 2 stands before the end/],
    ['Zm9vY', 4, /5 characters cannot encode whole bytes/],
    ['Zg=', 2, /1 '=' after 2 characters do not pad it/],
    ['Zg===', 2, /3 '=' after 2 characters/],
    ['Zm9v=', 4, /1 '=' after 4 characters/],
    ['Zh', 1, /carries bits that belong to no byte/],
    ['Zm9', 2, /carries bits that belong to no byte/],
  ])('rejects %j at position %i', (encoded, position, problem) => {
    const result = base64UrlToBytes(encoded);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.position).toBe(position);
    expect(result.problem).toMatch(problem);
  });

  it('never throws, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const result = base64UrlToBytes(text);
        if (!result.ok) expect(result.problem).toMatch(/\.$/);
      }),
    );
  });
});

describe('base64UrlProblem', () => {
  it('finds exactly the problem base64UrlToBytes reports, and none where it decodes, for any text', () => {
    const alphabetText = fc.string({ unit: fc.constantFrom(...'AQgw-_Zz09=+'.split('')), maxLength: 12 });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), alphabetText), (text) => {
        const decoded = base64UrlToBytes(text);
        expect(base64UrlProblem(text)).toEqual(decoded.ok ? null : decoded);
      }),
    );
  });
});

describe('utf8BytesToString', () => {
  it('decodes emoji and CJK', () => {
    expect(utf8BytesToString(new TextEncoder().encode('🦊 店铺 é'))).toEqual({ ok: true, text: '🦊 店铺 é' });
  });

  it.each([
    [[0x7b, 0xff, 0x7d], 1, 'FF'],
    [[0x41, 0xc3], 1, 'C3'],
    [[0xc0, 0xaf], 0, 'C0'],
    [[0xed, 0xa0, 0x80], 0, 'ED'],
    [[0xf4, 0x90, 0x80, 0x80], 0, 'F4'],
    [[0x41, 0x42, 0x80], 2, '80'],
  ])('refuses invalid UTF-8 %j instead of replacing it, naming byte %i', (bytes, position, hex) => {
    expect(utf8BytesToString(new Uint8Array(bytes))).toEqual({
      ok: false,
      problem: `byte ${position} (0x${hex}) starts an invalid UTF-8 sequence.`,
      position,
    });
  });

  it('decodes good bytes right after refusing bad ones', () => {
    expect(utf8BytesToString(new Uint8Array([0x41, 0xe2, 0x82])).ok).toBe(false);
    expect(utf8BytesToString(new Uint8Array([0xe2, 0x82, 0xac]))).toEqual({ ok: true, text: '€' });
  });

  it('finds the same first bad byte that a fatal decoder stops at, for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const result = utf8BytesToString(bytes);
        if (result.ok) {
          expect(result.text).toBe(new TextDecoder().decode(bytes));
          return;
        }
        expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, result.position))).not.toThrow();
      }),
    );
  });
});
