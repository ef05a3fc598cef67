import { describe, expect, it } from 'vitest';
import { MASK, maskData, secretMasker } from './secret-mask';

describe('secretMasker', () => {
  const secret = 'tok "quoted"/+&=ü-1';
  const mask = secretMasker([secret, '', null, undefined]);

  it('masks a secret as it is, JSON-escaped (\\uXXXX in either case included) and URL-encoded', () => {
    const json = JSON.stringify(secret).slice(1, -1);
    const forms = [secret, json, json.replace('ü', '\\u00fc'), json.replace('ü', '\\u00FC'), encodeURIComponent(secret), new URLSearchParams({ v: secret }).toString().slice(2)];
    for (const form of forms) expect(mask(`before ${form} after`)).toBe(`before ${MASK} after`);
  });

  it('masks the trimmed secret too, and a longer secret whole when it contains a shorter one', () => {
    expect(secretMasker(['  padded-secret\n'])('x padded-secret y')).toBe(`x ${MASK} y`);
    expect(secretMasker(['abc', 'xxabcxx'])('1 xxabcxx 2 abc')).toBe(`1 ${MASK} 2 ${MASK}`);
  });

  it('leaves text alone when no secret is given, and takes a secret with a lone surrogate', () => {
    expect(secretMasker([])('nothing \u0000 to mask')).toBe('nothing \u0000 to mask');
    expect(secretMasker(['a\ud800b'])('xa\ud800by')).toBe(`x${MASK}y`);
  });
});

describe('maskData', () => {
  const mask = secretMasker(['s3cret']);

  it('masks strings at any depth, keys included, and keeps numbers, booleans and null', () => {
    const value = { code: 7, ok: true, none: null, list: ['a s3cret', { s3cret: 's3cret' }], ['__proto__']: 's3cret' };
    const parsed = JSON.parse(JSON.stringify(value)) as unknown;
    expect(maskData(parsed, mask)).toEqual({ code: 7, ok: true, none: null, list: [`a ${MASK}`, { [MASK]: MASK }], ['__proto__']: MASK });
  });

  it('walks 200 000 levels of nesting without overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(200_000)}"s3cret"${']'.repeat(200_000)}`) as unknown;
    let inner = maskData(deep, mask);
    for (let depth = 0; depth < 200_000; depth += 1) inner = (inner as unknown[])[0];
    expect(inner).toBe(MASK);
  });
});

describe('secretMasker, built again only for other secrets', () => {
  it('masks what the list in hand names, even when the list before it joined to the same text', () => {
    expect(secretMasker(['a\u0000b'])('a\u0000b')).toBe(MASK);
    expect(secretMasker(['a', 'b'])('a b')).toBe(`${MASK} ${MASK}`);
  });
});
