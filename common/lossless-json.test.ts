import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonNode } from './json-node';
import { MAX_JSON_DEPTH, getMember, nodeToSafeNumber, parseLosslessJson, stringifyJsonNode } from './lossless-json';

function parsed(text: string): JsonNode {
  const result = parseLosslessJson(text);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse: ${result.problem}`);
  return result.value;
}

/** What JSON.parse would make of a node; only to compare with JSON.parse in tests. */
function toPlain(node: JsonNode): unknown {
  switch (node.type) {
    case 'null':
      return null;
    case 'boolean':
    case 'string':
      return node.value;
    case 'number':
      return Number(node.text);
    case 'array':
      return node.items.map(toPlain);
    case 'object':
      return Object.fromEntries(node.entries.map(([k, v]) => [k, toPlain(v)]));
  }
}

function isValidForJsonParse(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const numberText: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('', '-'),
    fc.oneof(fc.constant('0'), fc.stringMatching(/^[1-9][0-9]{0,29}$/)),
    fc.option(fc.stringMatching(/^[0-9]{1,20}$/), { nil: undefined }),
    fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.stringMatching(/^[0-9]{1,4}$/)), { nil: undefined }),
  )
  .map(([sign, int, fraction, exponent]) => `${sign}${int}${fraction === undefined ? '' : `.${fraction}`}${exponent === undefined ? '' : exponent.join('')}`);

const jsonNode: fc.Arbitrary<JsonNode> = fc.letrec<{ node: JsonNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant<JsonNode>({ type: 'null' }),
    fc.boolean().map((value): JsonNode => ({ type: 'boolean', value })),
    numberText.map((text): JsonNode => ({ type: 'number', text })),
    fc.string({ unit: 'binary' }).map((value): JsonNode => ({ type: 'string', value })),
    fc.array(tie('node'), { maxLength: 5 }).map((items): JsonNode => ({ type: 'array', items })),
    fc
      .array(fc.tuple(fc.string({ unit: 'binary', maxLength: 8 }), tie('node')), { maxLength: 5 })
      .map((entries): JsonNode => ({ type: 'object', entries })),
  ),
})).node;

/** Valid JSON with one character inserted, deleted or replaced: mostly invalid, near the boundary. */
const damagedJson: fc.Arbitrary<string> = fc
  .tuple(fc.json(), fc.nat(), fc.constantFrom('insert', 'delete', 'replace'), fc.constantFrom(...'{}[],:"\\ \t\n0123456789-+.eEtrufalsn/\u0000\u001f\u00a0\ufeff'))
  .map(([text, at, edit, ch]) => {
    const i = text.length === 0 ? 0 : at % text.length;
    if (edit === 'insert') return text.slice(0, i) + ch + text.slice(i);
    if (edit === 'delete') return text.slice(0, i) + text.slice(i + 1);
    return text.slice(0, i) + ch + text.slice(i + 1);
  });

describe('parseLosslessJson keeps what JSON.parse loses', () => {
  it('keeps a 19-digit ID digit for digit where JSON.parse rounds it', () => {
    const text = '{"UserID":7493990753256900486}';
    expect(String((JSON.parse(text) as { UserID: number }).UserID)).toBe('7493990753256901000');
    expect(getMember(parsed(text), 'UserID')).toEqual({ type: 'number', text: '7493990753256900486' });
  });

  it.each(['123456789012345678901234567890', '-123456789012345678901234567890', '-0', '0', '1.50', '-0.000000000000000000001', '1E+400', '6.02214076e23', '1e-7', '0.1e-0'])(
    'keeps the number %s exactly and writes it back the same',
    (text) => {
      const node = parsed(` [ ${text} ] `);
      expect(node).toEqual({ type: 'array', items: [{ type: 'number', text }] });
      expect(stringifyJsonNode(node)).toBe(`[${text}]`);
    },
  );

  it('keeps key order and duplicate keys as sent', () => {
    const node = parsed('{"b":1,"a":2,"b":3}');
    expect(node).toEqual({
      type: 'object',
      entries: [
        ['b', { type: 'number', text: '1' }],
        ['a', { type: 'number', text: '2' }],
        ['b', { type: 'number', text: '3' }],
      ],
    });
    expect(stringifyJsonNode(node)).toBe('{"b":1,"a":2,"b":3}');
    expect(getMember(node, 'b')).toEqual({ type: 'number', text: '3' });
  });

  it('decodes every escape, including surrogate pairs, and keeps raw unicode', () => {
    const node = parsed('["\\"\\\\\\/\\b\\f\\n\\r\\t", "\\u00e9\\u4E2D", "\\ud83d\\ude00", "🦊 店铺", "\\ud800"]');
    expect(node.type === 'array' && node.items.map((item) => (item.type === 'string' ? item.value : null))).toEqual([
      '"\\/\b\f\n\r\t',
      'é中',
      '😀',
      '🦊 店铺',
      '\ud800',
    ]);
  });

  it('reads true, false, null, strings and numbers at the top level', () => {
    expect(parsed('true')).toEqual({ type: 'boolean', value: true });
    expect(parsed('false')).toEqual({ type: 'boolean', value: false });
    expect(parsed('\n null \r\t')).toEqual({ type: 'null' });
    expect(parsed('"x"')).toEqual({ type: 'string', value: 'x' });
    expect(parsed('-12.5e3')).toEqual({ type: 'number', text: '-12.5e3' });
  });
});

describe('parseLosslessJson rejects what RFC 8259 rejects, saying what and where', () => {
  it.each([
    ['', 0, /empty/],
    ['   ', 3, /empty/],
    ['[1,]', 2, /Trailing comma before '\]'/],
    ['{"a":1,}', 6, /Trailing comma before '\}'/],
    ['[1 , \n ]', 3, /Trailing comma before '\]'/],
    ['{"a":1} x', 8, /Unexpected 'x' after the end of the JSON value/],
    ['[1 2]', 3, /Expected ',' or '\]'/],
    ['{"a":1 "b":2}', 7, /Expected ',' or '\}'/],
    ['{a:1}', 1, /member name in double quotes/],
    ["{'a':1}", 1, /double quotes/],
    ['{"a" 1}', 5, /Expected ':' after the member name "a"/],
    ['"abc', 4, /not closed/],
    ['"abc\\', 5, /not closed/],
    ['"a\nb"', 2, /U\+000A/],
    ['"\\x"', 1, /Invalid escape '\\x'/],
    ['"\\u12G4"', 1, /four hex digits/],
    ['01', 0, /cannot start with 0/],
    ['-', 1, /digit after '-'/],
    ['-a', 1, /digit after '-' but found 'a'/],
    ['1.', 2, /digit after the decimal point/],
    ['.5', 0, /digit before the decimal point/],
    ['1e+', 3, /digit in its exponent/],
    ['+1', 0, /cannot start with '\+'/],
    ['[1,}', 3, /Expected a JSON value but found '\}'/],
    ['NaN', 0, /Unknown word 'NaN'/],
    ['[Infinity]', 1, /Unknown word 'Infinity'/],
    ['tru', 0, /Unknown word 'tru'/],
    ['[', 1, /the text ended/],
    ['{"a":', 5, /the text ended/],
    ['\ufeff{}', 0, /U\+FEFF/],
    ['[1,2]]', 5, /Unexpected '\]'/],
  ])('%j -> problem at %i', (text, position, problem) => {
    const result = parseLosslessJson(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.position).toBe(position);
    expect(result.problem).toMatch(problem);
  });

  it('reports 100000 open brackets as too deep instead of overflowing the stack', () => {
    const result = parseLosslessJson('['.repeat(100_000));
    expect(result).toEqual({ ok: false, problem: `The JSON nests deeper than ${MAX_JSON_DEPTH} levels.`, position: MAX_JSON_DEPTH });
    expect(parseLosslessJson('{"a":'.repeat(100_000)).ok).toBe(false);
  });

  it(`accepts nesting up to ${MAX_JSON_DEPTH} levels`, () => {
    const text = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    expect(stringifyJsonNode(parsed(text))).toBe(text);
  });

  it('parses multi-megabyte input in one pass', () => {
    const numbers = `[${Array.from({ length: 200_000 }, (_, i) => `7493990753256900${String(i).padStart(6, '0')}`).join(',')}]`;
    const node = parsed(numbers);
    expect(node.type === 'array' && node.items.length).toBe(200_000);
    const long = `"${'a\\n'.repeat(1_000_000)}"`;
    expect(parsed(long)).toEqual({ type: 'string', value: 'a\n'.repeat(1_000_000) });
  });
});

describe('stringifyJsonNode', () => {
  it('lays out like JSON.stringify with an indent, numbers untouched', () => {
    const text = '{"id":7493990753256900486,"list":[1.50,{"x":null,"e":{}}],"empty":[],"s":"é\\u0001"}';
    const node = parsed(text);
    expect(stringifyJsonNode(node, 2)).toBe(
      ['{', '  "id": 7493990753256900486,', '  "list": [', '    1.50,', '    {', '      "x": null,', '      "e": {}', '    }', '  ],', '  "empty": [],', '  "s": "é\\u0001"', '}'].join('\n'),
    );
    expect(stringifyJsonNode(node)).toBe(text);
  });

  it('matches JSON.stringify for values JSON.parse reads exactly', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const plain: unknown = JSON.parse(text);
        const node = parsed(text);
        expect(toPlain(node)).toEqual(plain);
        expect(stringifyJsonNode(node, 2)).toBe(JSON.stringify(plain, null, 2));
      }),
    );
  });
});

describe('properties', () => {
  it('parse(stringify(node)) is the node, and the text is stable, for any value with big numbers', () => {
    fc.assert(
      fc.property(jsonNode, fc.constantFrom(undefined, 0, 2, 4), (node, indent) => {
        const text = stringifyJsonNode(node, indent);
        const back = parseLosslessJson(text);
        expect(back).toEqual({ ok: true, value: node });
        if (back.ok) expect(stringifyJsonNode(back.value, indent)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with JSON.parse on what is valid JSON, and on what it means', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string(), fc.string({ unit: 'binary' }), damagedJson), (text) => {
        const result = parseLosslessJson(text);
        expect(result.ok).toBe(isValidForJsonParse(text));
        if (result.ok) {
          expect(toPlain(result.value)).toEqual(JSON.parse(text));
        } else {
          expect(result.position).toBeGreaterThanOrEqual(0);
          expect(result.position).toBeLessThanOrEqual(text.length);
          expect(result.problem).toMatch(/^[A-Z].*\.$/s);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('nodeToSafeNumber', () => {
  it.each([
    ['1701066020', 1701066020],
    ['9007199254740991', 9007199254740991],
    ['-9007199254740991', -9007199254740991],
    ['1e3', 1000],
    ['1.0', 1],
    ['120e-1', 12],
    ['-0', 0],
    ['0e999999999999999999999', 0],
    ['9007199254740992', undefined],
    ['7493990753256900486', undefined],
    ['1.5', undefined],
    ['1e-1', undefined],
    ['1e400', undefined],
    ['1e-400', undefined],
  ])('%s -> %s', (text, expected) => {
    expect(nodeToSafeNumber({ type: 'number', text })).toBe(expected);
  });

  it('is undefined for anything but a number', () => {
    expect(nodeToSafeNumber({ type: 'string', value: '5' })).toBeUndefined();
    expect(nodeToSafeNumber(undefined)).toBeUndefined();
  });
});

describe('getMember', () => {
  it('is undefined for a missing key or a non-object', () => {
    expect(getMember(parsed('{"a":1}'), 'b')).toBeUndefined();
    expect(getMember(parsed('[["a",1]]'), 'a')).toBeUndefined();
    expect(getMember(parsed('{"a":1}'), 'constructor')).toBeUndefined();
  });
});
