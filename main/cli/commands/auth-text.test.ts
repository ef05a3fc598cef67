import { describe, expect, it } from 'vitest';
import { terminalText } from './auth-text';

describe('server text on a terminal', () => {
  it('escapes control characters and bidi overrides, collapses line breaks', () => {
    expect(terminalText('Shop\u001b[31mRED\u0007\r\nnext\u202eevil')).toBe('Shop\\u001b[31mRED\\u0007 next\\u202eevil');
  });

  it('cuts long text and says how much was left out', () => {
    const shown = terminalText('x'.repeat(250));
    expect(shown).toBe(`${'x'.repeat(200)}… (50 more characters)`);
  });

  it('leaves ordinary text, accents and CJK alone', () => {
    expect(terminalText('Boutique Émile 店铺')).toBe('Boutique Émile 店铺');
  });
});
