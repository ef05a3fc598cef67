import type { JsonNode } from './json-node';

/**
 * Strict JSON (RFC 8259) that keeps what `JSON.parse` throws away: each number's
 * source text, key order and duplicate keys. Tokens carry 19-digit IDs; a viewer
 * that rounds them shows a different seller.
 */

export type LosslessJsonResult =
  | { readonly ok: true; readonly value: JsonNode }
  /** `position` is the 0-based index (UTF-16 code unit) in the text where the problem was found. */
  | { readonly ok: false; readonly problem: string; readonly position: number };

/**
 * Deeper input is refused rather than parsed: code that walks a node (rendering,
 * stringifying) recurses, and no real token nests anywhere near this.
 */
export const MAX_JSON_DEPTH = 256;

class JsonSyntaxError extends Error {
  constructor(
    readonly problem: string,
    readonly position: number,
  ) {
    super(problem);
  }
}

type Frame =
  | { readonly kind: 'array'; readonly items: JsonNode[] }
  | { readonly kind: 'object'; readonly entries: (readonly [string, JsonNode])[]; key: string };

const NUMBER_PATTERN = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const WORD_PATTERN = /[A-Za-z_$][A-Za-z0-9_$]*/y;
const HEX4_PATTERN = /^[0-9A-Fa-f]{4}$/;

const SIMPLE_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['"', '"'],
  ['\\', '\\'],
  ['/', '/'],
  ['b', '\b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
]);

/** How a character is named in a problem sentence, so invisible ones can be found. */
function describeChar(text: string, position: number): string {
  const code = text.codePointAt(position);
  if (code === undefined) return 'the end of the text';
  if (code < 0x20 || code === 0x7f || code === 0xfeff || (code >= 0x80 && code <= 0x9f)) {
    return `the invisible character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `'${String.fromCodePoint(code)}'`;
}

/**
 * The parser is a loop over an explicit stack, not recursion, so hostile nesting
 * costs a problem sentence instead of a stack overflow; every character is looked
 * at a bounded number of times, so work grows linearly with the text.
 */
class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parse(): JsonNode {
    const stack: Frame[] = [];
    this.skipWhitespace();
    if (this.pos >= this.text.length) {
      throw new JsonSyntaxError('The text is empty or only whitespace: expected a JSON value.', this.pos);
    }
    for (;;) {
      let value: JsonNode | undefined = this.openOrScalar(stack);
      while (value !== undefined) {
        const frame = stack.at(-1);
        if (frame === undefined) {
          this.skipWhitespace();
          if (this.pos < this.text.length) {
            throw new JsonSyntaxError(`Unexpected ${describeChar(this.text, this.pos)} after the end of the JSON value.`, this.pos);
          }
          return value;
        }
        value = frame.kind === 'array' ? this.continueArray(frame, value, stack) : this.continueObject(frame, value, stack);
      }
    }
  }

  /**
   * Reads a value at the current position. Returns it when complete; returns
   * undefined after pushing a frame for a non-empty array or object, whose first
   * value the main loop reads next (so nesting never deepens the JS call stack).
   */
  private openOrScalar(stack: Frame[]): JsonNode | undefined {
    this.skipWhitespace();
    const ch = this.text[this.pos];
    if (ch === '[' || ch === '{') {
      if (stack.length >= MAX_JSON_DEPTH) {
        throw new JsonSyntaxError(`The JSON nests deeper than ${MAX_JSON_DEPTH} levels.`, this.pos);
      }
      this.pos++;
      this.skipWhitespace();
      if (ch === '[') {
        if (this.text[this.pos] === ']') {
          this.pos++;
          return { type: 'array', items: [] };
        }
        stack.push({ kind: 'array', items: [] });
        return undefined;
      }
      if (this.text[this.pos] === '}') {
        this.pos++;
        return { type: 'object', entries: [] };
      }
      stack.push({ kind: 'object', entries: [], key: this.readKey() });
      return undefined;
    }
    return this.readScalar();
  }

  /** After an array item: a comma and the next item, or the closing bracket. */
  private continueArray(frame: Extract<Frame, { kind: 'array' }>, item: JsonNode, stack: Frame[]): JsonNode | undefined {
    frame.items.push(item);
    this.skipWhitespace();
    const ch = this.text[this.pos];
    if (ch === ']') {
      this.pos++;
      stack.pop();
      return { type: 'array', items: frame.items };
    }
    if (ch === ',') {
      const comma = this.pos++;
      this.skipWhitespace();
      if (this.text[this.pos] === ']') {
        throw new JsonSyntaxError("Trailing comma before ']': remove the comma or add another item.", comma);
      }
      return this.openOrScalar(stack);
    }
    throw new JsonSyntaxError(`Expected ',' or ']' after an array item but found ${describeChar(this.text, this.pos)}.`, this.pos);
  }

  /** After a member's value: a comma and the next member, or the closing brace. */
  private continueObject(frame: Extract<Frame, { kind: 'object' }>, value: JsonNode, stack: Frame[]): JsonNode | undefined {
    frame.entries.push([frame.key, value]);
    this.skipWhitespace();
    const ch = this.text[this.pos];
    if (ch === '}') {
      this.pos++;
      stack.pop();
      return { type: 'object', entries: frame.entries };
    }
    if (ch === ',') {
      const comma = this.pos++;
      this.skipWhitespace();
      if (this.text[this.pos] === '}') {
        throw new JsonSyntaxError("Trailing comma before '}': remove the comma or add another member.", comma);
      }
      frame.key = this.readKey();
      return this.openOrScalar(stack);
    }
    throw new JsonSyntaxError(`Expected ',' or '}' after an object member but found ${describeChar(this.text, this.pos)}.`, this.pos);
  }

  /** A member name and its colon. */
  private readKey(): string {
    this.skipWhitespace();
    const ch = this.text[this.pos];
    if (ch !== '"') {
      const hint = ch === "'" ? ' (JSON strings use double quotes)' : '';
      throw new JsonSyntaxError(`Expected a member name in double quotes but found ${describeChar(this.text, this.pos)}${hint}.`, this.pos);
    }
    const key = this.readString();
    this.skipWhitespace();
    if (this.text[this.pos] !== ':') {
      throw new JsonSyntaxError(`Expected ':' after the member name ${JSON.stringify(key)} but found ${describeChar(this.text, this.pos)}.`, this.pos);
    }
    this.pos++;
    return key;
  }

  private readScalar(): JsonNode {
    const ch = this.text[this.pos];
    if (ch === '"') return { type: 'string', value: this.readString() };
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return this.readNumber();
    if (ch === undefined) throw new JsonSyntaxError('Expected a JSON value but the text ended.', this.pos);
    if (ch === "'") throw new JsonSyntaxError('JSON strings use double quotes, not single quotes.', this.pos);
    if (ch === '+') throw new JsonSyntaxError("A JSON number cannot start with '+'.", this.pos);
    if (ch === '.') throw new JsonSyntaxError("A JSON number needs a digit before the decimal point.", this.pos);
    WORD_PATTERN.lastIndex = this.pos;
    const word = WORD_PATTERN.exec(this.text)?.[0] ?? '';
    if (word === 'true' || word === 'false' || word === 'null') {
      this.pos += word.length;
      return word === 'null' ? { type: 'null' } : { type: 'boolean', value: word === 'true' };
    }
    if (word.length > 0) {
      const shown = word.length > 20 ? `${word.slice(0, 20)}…` : word;
      throw new JsonSyntaxError(`Unknown word '${shown}': a JSON value is a string, number, object, array, true, false or null.`, this.pos);
    }
    throw new JsonSyntaxError(`Expected a JSON value but found ${describeChar(this.text, this.pos)}.`, this.pos);
  }

  private readNumber(): JsonNode {
    const start = this.pos;
    NUMBER_PATTERN.lastIndex = start;
    const match = NUMBER_PATTERN.exec(this.text);
    const text = match?.[0] ?? '';
    const end = start + text.length;
    const next = this.text[end];
    if (text === '') {
      throw new JsonSyntaxError(`A number needs a digit after '-' but found ${describeChar(this.text, start + 1)}.`, start + 1);
    }
    if (next !== undefined && next >= '0' && next <= '9') {
      throw new JsonSyntaxError('A number cannot start with 0 followed by more digits.', start);
    }
    // A second '.' or 'e' is not this number's business: the caller reports it as stray text.
    if (next === '.' && !/[.eE]/.test(text)) {
      throw new JsonSyntaxError(`A number needs a digit after the decimal point but found ${describeChar(this.text, end + 1)}.`, end + 1);
    }
    if ((next === 'e' || next === 'E') && !/[eE]/.test(text)) {
      const afterSign = this.text[end + 1] === '+' || this.text[end + 1] === '-' ? end + 2 : end + 1;
      throw new JsonSyntaxError(`A number needs a digit in its exponent but found ${describeChar(this.text, afterSign)}.`, afterSign);
    }
    this.pos = end;
    return { type: 'number', text };
  }

  /** Reads a string starting at its opening quote; copies runs of plain characters in one slice each. */
  private readString(): string {
    const open = this.pos;
    this.pos++;
    let out = '';
    let runStart = this.pos;
    for (;;) {
      const code = this.text.charCodeAt(this.pos);
      if (Number.isNaN(code)) {
        throw new JsonSyntaxError(`The string that starts at position ${open} is not closed: the text ends before its closing quote.`, this.pos);
      }
      if (code === 0x22) {
        out += this.text.slice(runStart, this.pos);
        this.pos++;
        return out;
      }
      if (code < 0x20) {
        throw new JsonSyntaxError(`A string contains ${describeChar(this.text, this.pos)}, which must be written as an escape such as \\n or \\u0000.`, this.pos);
      }
      if (code === 0x5c) {
        out += this.text.slice(runStart, this.pos);
        out += this.readEscape();
        runStart = this.pos;
        continue;
      }
      this.pos++;
    }
  }

  /**
   * One escape sequence. A `\u` escape yields one UTF-16 code unit, so an escaped
   * surrogate pair becomes one character once both halves are appended; a lone
   * escaped surrogate is kept as is, as `JSON.parse` does.
   */
  private readEscape(): string {
    const at = this.pos;
    const kind = this.text[at + 1];
    if (kind === 'u') {
      const hex = this.text.slice(at + 2, at + 6);
      if (!HEX4_PATTERN.test(hex)) {
        throw new JsonSyntaxError('A \\u escape in a string needs exactly four hex digits.', at);
      }
      this.pos = at + 6;
      return String.fromCharCode(Number.parseInt(hex, 16));
    }
    if (kind === undefined) {
      throw new JsonSyntaxError('A string is not closed: the text ends inside an escape sequence.', at + 1);
    }
    const simple = SIMPLE_ESCAPES.get(kind);
    if (simple === undefined) {
      throw new JsonSyntaxError(`Invalid escape '\\${kind}' in a string: JSON allows \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX.`, at);
    }
    this.pos = at + 2;
    return simple;
  }

  private skipWhitespace(): void {
    for (;;) {
      const code = this.text.charCodeAt(this.pos);
      if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return;
      this.pos++;
    }
  }
}

/** Parses JSON text without losing a digit; never throws. */
export function parseLosslessJson(text: string): LosslessJsonResult {
  try {
    return { ok: true, value: new Parser(text).parse() };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { ok: false, problem: error.problem, position: error.position };
    throw error;
  }
}

/**
 * JSON text for a node, numbers exactly as in the source. `indent` > 0 lays it out
 * like `JSON.stringify(value, null, indent)`; without it the text is compact.
 */
export function stringifyJsonNode(node: JsonNode, indent?: number): string {
  const unit = indent !== undefined && indent > 0 ? ' '.repeat(Math.min(Math.floor(indent), 10)) : '';
  return write(node, unit, '');
}

function write(node: JsonNode, unit: string, currentIndent: string): string {
  switch (node.type) {
    case 'null':
      return 'null';
    case 'boolean':
      return node.value ? 'true' : 'false';
    case 'number':
      return node.text;
    case 'string':
      return JSON.stringify(node.value);
    case 'array': {
      if (node.items.length === 0) return '[]';
      const inner = currentIndent + unit;
      const parts = node.items.map((item) => write(item, unit, inner));
      return unit === '' ? `[${parts.join(',')}]` : `[\n${inner}${parts.join(`,\n${inner}`)}\n${currentIndent}]`;
    }
    case 'object': {
      if (node.entries.length === 0) return '{}';
      const inner = currentIndent + unit;
      const separator = unit === '' ? ':' : ': ';
      const parts = node.entries.map(([key, value]) => `${JSON.stringify(key)}${separator}${write(value, unit, inner)}`);
      return unit === '' ? `{${parts.join(',')}}` : `{\n${inner}${parts.join(`,\n${inner}`)}\n${currentIndent}}`;
    }
  }
}

/**
 * The value of member `key` of an object node. With duplicate keys the last one
 * wins, as in `JSON.parse` and most servers; the full list stays in `entries`.
 */
export function getMember(node: JsonNode, key: string): JsonNode | undefined {
  if (node.type !== 'object') return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) {
    const entry = node.entries[i];
    if (entry !== undefined && entry[0] === key) return entry[1];
  }
  return undefined;
}

const SHORT_INTEGER = /^-?(?:0|[1-9][0-9]{0,14})$/;
const DECIMAL_PARTS = /^(-?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * The node as a JS number, only when it is a number node whose value is an integer
 * that a double holds exactly (|n| <= 2^53 - 1), so the result can be trusted for
 * arithmetic such as time claims. `1e3` and `1.0` count; `1.5` and 19-digit IDs do not.
 * `-0` yields 0.
 */
export function nodeToSafeNumber(node: JsonNode | undefined): number | undefined {
  if (node?.type !== 'number') return undefined;
  // Plain integers of up to 15 digits (every time claim) are below 2^53: no need to reason on digits. `|| 0` turns -0 into 0.
  if (SHORT_INTEGER.test(node.text)) return Number(node.text) || 0;
  const parts = DECIMAL_PARTS.exec(node.text);
  if (parts === null) return undefined;
  const [, sign = '', intPart = '', fraction = '', exponentText = '0'] = parts;
  // The value is digits × 10^exponent; reason on the digit string so no step rounds.
  let digits = (intPart + fraction).replace(/^0+/, '');
  if (digits === '') return 0;
  // Up to 15 exponent digits the arithmetic below is exact; longer ones are no sane integer anyway.
  if (exponentText.replace(/^[+-]?0*/, '').length > 15) return undefined;
  let exponent = Number.parseInt(exponentText, 10) - fraction.length;
  const trailingZeros = digits.length - digits.replace(/0+$/, '').length;
  digits = digits.slice(0, digits.length - trailingZeros);
  exponent += trailingZeros;
  if (exponent < 0 || digits.length + exponent > 16) return undefined;
  const magnitude = BigInt(digits + '0'.repeat(exponent));
  if (magnitude > MAX_SAFE) return undefined;
  return Number(sign === '-' ? -magnitude : magnitude);
}
