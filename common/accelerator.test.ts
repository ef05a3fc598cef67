import { describe, expect, it } from 'vitest';
import { acceleratorProblem, DEFAULT_GLOBAL_SHORTCUT } from './accelerator';

describe('acceleratorProblem', () => {
  it('accepts the default and usual shortcuts', () => {
    for (const ok of [DEFAULT_GLOBAL_SHORTCUT, 'CmdOrCtrl+Shift+K', 'Alt+F5', 'Super+Space', 'Ctrl+Alt+num5', 'Control+Shift+/']) {
      expect(acceleratorProblem(ok)).toBeNull();
    }
  });

  it('refuses a bare key, an unknown modifier or key, a repeated modifier, and empty text', () => {
    expect(acceleratorProblem('T')).toMatch(/needs at least one modifier/);
    expect(acceleratorProblem('Hyper+T')).toMatch(/"Hyper" is not a modifier/);
    expect(acceleratorProblem('Ctrl+Alt+Banana')).toMatch(/"Banana" is not a key/);
    expect(acceleratorProblem('Ctrl+Ctrl+T')).toMatch(/named twice/);
    expect(acceleratorProblem('')).toMatch(/turn the shortcut off/);
    expect(acceleratorProblem(`Ctrl+${'A'.repeat(100)}`)).toMatch(/at most/);
  });
});
