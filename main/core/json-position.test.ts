import { describe, expect, it } from 'vitest';
import { describeJsonBreak } from './json-position';

describe('describeJsonBreak', () => {
  it('gives the line and column of the break, never the text around it', () => {
    const text = '{\n  "version": 1,\n  "presentationMode": yes-please-secret\n}\n';
    const said = describeJsonBreak(text);
    expect(said).toBe('it breaks at line 3, column 23');
    expect(said).not.toContain('yes');
    expect(describeJsonBreak('{"a": nope_this_is_secret_value_here}')).toMatch(/^it breaks at line 1, column \d+$/);
  });

  it('places the usual mistakes where an editor would show them', () => {
    expect(describeJsonBreak('{"a":1}}')).toBe('it breaks at line 1, column 8');
    expect(describeJsonBreak('{"a":\n')).toBe('it breaks at line 2, column 1');
    expect(describeJsonBreak('{"a": 1 "b": 2}')).toBe('it breaks at line 1, column 9');
  });
});
