import { describe, expect, it } from 'vitest';
import { escapeControls, terminalError, terminalStack, terminalText } from './terminal-text';

describe('terminalText', () => {
  it('escapes ESC, BEL, C1, DEL and bidi controls visibly, and collapses line breaks into one space', () => {
    expect(terminalText('a\u001b]0;t\u0007b\r\nc\u2028d\u0085e\u009b\u007f\u202e\u2066f\tg')).toBe('a\\u001b]0;t\\u0007b c d e\\u009b\\u007f\\u202e\\u2066f g');
  });

  it('cuts long text with how much was left out, never between the halves of a surrogate pair', () => {
    expect(terminalText('x'.repeat(2500))).toBe(`${'x'.repeat(2000)} … (500 more characters left out)`);
    expect(terminalText(`abc${'🔑'.repeat(10)}`, 4)).toBe('abc … (20 more characters left out)');
    expect(terminalText('short', 10)).toBe('short');
  });
});

describe('escapeControls', () => {
  it('keeps line feeds and tabs, and leaves JSON valid and equal', () => {
    const json = `${JSON.stringify({ v: 'a\u0085\u202e\u007fb' }, null, 2)}\n`;
    const escaped = escapeControls(json);
    expect(escaped).not.toMatch(/[\u0085\u202e\u007f]/);
    expect(JSON.parse(escaped)).toEqual({ v: 'a\u0085\u202e\u007fb' });
    expect(escapeControls('a\tb\nc')).toBe('a\tb\nc');
  });
});

describe('terminalStack', () => {
  it('puts the message of a DEBUG stack on one line, controls escaped, and keeps the frames', () => {
    const error = new Error('server says\r\nError: fake\u001b[2J');
    const [first, second] = terminalStack(error).split('\n');
    expect(first).toBe('Error: server says Error: fake\\u001b[2J');
    expect(second).toMatch(/^\s+at /);
  });
});

describe('terminalError', () => {
  it('makes every text of an error safe, the request id and code included', () => {
    const error = terminalError({ kind: 'api', code: '1\u001b', message: 'm\u001b[2J', explanation: 'e\n', resolution: 'r', requestId: 'id\r' });
    expect(error).toEqual({ kind: 'api', code: '1\\u001b', message: 'm\\u001b[2J', explanation: 'e ', resolution: 'r', requestId: 'id ' });
  });
});
