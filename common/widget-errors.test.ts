import { describe, expect, it } from 'vitest';
import { WIDGET_ERROR_CODES, WIDGET_ERRORS, explainWidgetError } from './widget-errors';

describe('widget SDK error explanations', () => {
  it('explains every code of the contract with a resolution and what to check', () => {
    expect([...WIDGET_ERROR_CODES].sort()).toEqual(['36004003', '36017005', '36017006', '36017008', '36017009', '36017010', 'I01008']);
    for (const code of WIDGET_ERROR_CODES) {
      const entry = WIDGET_ERRORS[code];
      expect(entry.code).toBe(code);
      for (const text of [entry.title, entry.explanation, entry.resolution, entry.check]) expect(text.length).toBeGreaterThan(8);
    }
  });

  it('ties each code to what to look at in the token', () => {
    expect(WIDGET_ERRORS['36017008'].check).toContain('ClientKey');
    expect(WIDGET_ERRORS['36017009'].check).toContain('ShopIDs');
    expect(WIDGET_ERRORS['36017005'].check).toContain('exp');
    expect(WIDGET_ERRORS.I01008.check).toContain('region');
  });

  it('finds a code however it was typed, and nothing for an unknown one', () => {
    expect(explainWidgetError(' i01008 ')?.title).toBe('Shop/region mismatch');
    expect(explainWidgetError('36017008')?.title).toBe('app_key mismatch');
    expect(explainWidgetError('12345')).toBeUndefined();
    expect(explainWidgetError('__proto__')).toBeUndefined();
  });
});
