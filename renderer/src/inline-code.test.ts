import { describe, expect, it } from 'vitest';
import { splitInlineCode } from './inline-code';

describe('splitInlineCode', () => {
  it('turns backticked commands into code spans', () => {
    expect(splitInlineCode('Run `npm run build`, then `widget-token preview`.')).toEqual([
      { text: 'Run ', code: false },
      { text: 'npm run build', code: true },
      { text: ', then ', code: false },
      { text: 'widget-token preview', code: true },
      { text: '.', code: false },
    ]);
  });

  it('keeps text without backticks, or with an unpaired one, as written', () => {
    expect(splitInlineCode('Check the base URL.')).toEqual([{ text: 'Check the base URL.', code: false }]);
    expect(splitInlineCode("it's `odd")).toEqual([{ text: "it's `odd", code: false }]);
  });

  it('keeps a command that contains quotes whole', () => {
    expect(splitInlineCode("start them: `dbus-run-session -- sh -c 'gnome-keyring-daemon --unlock'` (reads stdin)")).toEqual([
      { text: 'start them: ', code: false },
      { text: "dbus-run-session -- sh -c 'gnome-keyring-daemon --unlock'", code: true },
      { text: ' (reads stdin)', code: false },
    ]);
  });
});
