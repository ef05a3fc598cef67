import { describe, expect, it } from 'vitest';
import { describeJsonError } from './json-position';

function describe_(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return describeJsonError(error, text);
  }
  throw new Error('the text parsed');
}

describe('describeJsonError', () => {
  it('gives the line and column of an unquoted word, without quoting it', () => {
    const text = '{\n  "version": 1,\n  "presentationMode": yes-please-secret\n}\n';
    const said = describe_(text);
    expect(said).toBe('Unexpected character at line 3, column 23');
    expect(said).not.toContain('yes');
    // V8 points at the first character that cannot continue a literal: the o of "nope" (n could start null).
    expect(describe_('{"a": nope}')).toBe('Unexpected character at line 1, column 8');
    expect(describe_('{"averylongkeyname_that_is_long": nope_this_is_secret_value_here}')).toBe('Unexpected character at line 1, column 36');
    expect(describe_('nope_this_is_secret_value_here and more')).toBe('Unexpected character at line 1, column 2');
  });

  it('keeps the kind of mistake where V8 gives a position', () => {
    expect(describe_('{"a":1}}')).toBe('Unexpected non-whitespace character after JSON at line 1, column 8');
    expect(describe_('{"a":\n')).toBe('Unexpected end of JSON input at line 2, column 1');
    expect(describe_('{"a": "secret\nvalue"}')).toBe('Bad control character in string literal at line 1, column 14');
    expect(describe_('{"a": 1 "b": 2}')).toBe("Expected ',' or '}' after property value at line 1, column 9");
  });
});
