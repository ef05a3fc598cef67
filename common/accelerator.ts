/**
 * Electron accelerators ("CommandOrControl+Alt+Shift+T"), checked before one is saved:
 * Electron's globalShortcut throws on a malformed one, and a global shortcut without a
 * modifier would swallow that key in every other program. Both the settings file's schema
 * and the Settings view use this, so they refuse the same strings.
 */

export const DEFAULT_GLOBAL_SHORTCUT = 'CommandOrControl+Alt+Shift+T';

const MODIFIERS = new Set(
  ['Command', 'Cmd', 'Control', 'Ctrl', 'CommandOrControl', 'CmdOrCtrl', 'Alt', 'Option', 'AltGr', 'Shift', 'Super', 'Meta'].map((m) => m.toLowerCase()),
);

const NAMED_KEYS = new Set(
  [
    'Plus', 'Space', 'Tab', 'Capslock', 'Numlock', 'Scrolllock', 'Backspace', 'Delete', 'Insert', 'Return', 'Enter',
    'Up', 'Down', 'Left', 'Right', 'Home', 'End', 'PageUp', 'PageDown', 'Escape', 'Esc', 'PrintScreen',
    'num0', 'num1', 'num2', 'num3', 'num4', 'num5', 'num6', 'num7', 'num8', 'num9',
    'numdec', 'numadd', 'numsub', 'nummult', 'numdiv',
  ].map((k) => k.toLowerCase()),
);

const MAX_LENGTH = 80;

function isKey(part: string): boolean {
  if (/^[A-Za-z0-9]$/.test(part)) return true;
  if (/^F([1-9]|1[0-9]|2[0-4])$/i.test(part)) return true;
  if (/^[)!@#$%^&*(:;<>=?_~{}|"',./`[\]\\-]$/.test(part)) return true;
  return NAMED_KEYS.has(part.toLowerCase());
}

/** Why `text` is not a usable global shortcut, or null when it is. */
export function acceleratorProblem(text: string): string | null {
  if (text.length === 0) return 'Enter a shortcut such as CommandOrControl+Alt+Shift+T, or turn the shortcut off.';
  if (text.length > MAX_LENGTH) return `A shortcut is at most ${MAX_LENGTH} characters.`;
  const parts = text.split('+');
  const key = parts.pop() ?? '';
  if (parts.length === 0) return 'A global shortcut needs at least one modifier (CommandOrControl, Alt, Shift...), or it would take that key from every other program.';
  const unknown = parts.find((part) => !MODIFIERS.has(part.toLowerCase()));
  if (unknown !== undefined) return `"${unknown}" is not a modifier: use CommandOrControl, Control, Command, Alt, Option, Shift or Super.`;
  if (new Set(parts.map((p) => p.toLowerCase())).size !== parts.length) return 'A modifier is named twice.';
  if (!isKey(key)) return `"${key}" is not a key Electron knows: use a letter, a digit, F1-F24 or a named key such as Space.`;
  return null;
}
