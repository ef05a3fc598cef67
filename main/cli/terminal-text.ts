/**
 * Text from a server or a token, made safe to print in a terminal. A terminal obeys what
 * it is sent: ESC and CSI sequences clear the screen or move the cursor, OSC sets the
 * window title (or, in some, the clipboard), a carriage return prints over a line, C1
 * controls act as ESC sequences in some terminals, and bidi controls reorder what is
 * shown. So such text is shown as data: every control character as a visible \uXXXX
 * escape, line breaks collapsed into a space (a message cannot fake a line of our own),
 * and long text cut with a note of how much was left out.
 *
 * The escape is the JSON one, so the writer can apply escapeControls to everything,
 * `--json` output included: inside a JSON string it is the same character, still valid JSON.
 */
import type { BridgeError } from '../../preload/contract';

/** How much of one piece of server or token text is shown (a message, a claim's value). */
export const MAX_SHOWN_CHARS = 2000;
/** Names and ids are short; more than this is not one. */
export const MAX_SHOWN_NAME_CHARS = 200;

/**
 * C0 controls but line feed and tab, DEL, C1 controls, the bidi marks, embeddings,
 * overrides and isolates, and the Unicode line and paragraph separators.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's whole purpose
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;

function escapeChar(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Every control character as a visible escape; line feeds and tabs are kept (the layout of our own text). */
export function escapeControls(text: string): string {
  CONTROL.lastIndex = 0;
  return CONTROL.test(text) ? text.replace(CONTROL, escapeChar) : text;
}

/** Cut to `max` UTF-16 units, never between the halves of a surrogate pair, with what was left out said. */
function cap(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\udc00-\udfff]/.test(text.charAt(max)) && /[\ud800-\udbff]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return `${text.slice(0, end)} … (${(text.length - end).toLocaleString('en-US')} more characters left out)`;
}

/** One piece of untrusted text for a line of terminal output: on one line, controls escaped, at most `max` characters of it. */
export function terminalText(text: string, max: number = MAX_SHOWN_CHARS): string {
  return escapeControls(cap(text.replace(LINE_BREAKS, ' '), max));
}

/** A stack for DEBUG, its first line made terminal-safe: it holds the error's message, which may be a server's. */
export function terminalStack(error: Error): string {
  const stack = error.stack ?? '';
  const at = error.message === '' ? -1 : stack.indexOf(error.message);
  return at === -1 ? stack : `${stack.slice(0, at)}${terminalText(error.message)}${stack.slice(at + error.message.length)}`;
}

/** An error's texts made terminal-safe: the message and the request id come from the server as they are. */
export function terminalError(error: BridgeError): BridgeError {
  return {
    ...error,
    message: terminalText(error.message),
    explanation: terminalText(error.explanation),
    resolution: terminalText(error.resolution),
    ...(error.requestId === undefined ? {} : { requestId: terminalText(error.requestId, MAX_SHOWN_NAME_CHARS) }),
    ...(error.code === undefined ? {} : { code: terminalText(error.code, MAX_SHOWN_NAME_CHARS) }),
  };
}
