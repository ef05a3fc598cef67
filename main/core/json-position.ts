/**
 * Where a JSON file breaks, in words and as line and column, never quoting it. V8's own
 * messages quote the text around the error for some mistakes (`Unexpected token 'y',
 * ..."ionMode": yes-please"... is not valid JSON`): a hand-edited file may hold anything, a
 * secret pasted in included, so only the kind of mistake and its position are kept.
 */

/** V8 shows this many characters on each side of the error when it quotes context. */
const V8_CONTEXT = 10;

const UNEXPECTED_TOKEN = /^Unexpected token '(.*?)', (\.\.\.)?"(.*)"(\.\.\.)? is not valid JSON$/s;

function offsetOf(message: string, text: string): number | null {
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return Number(position);
  if (/^Unexpected end of JSON input/.test(message)) return text.length;
  const context = UNEXPECTED_TOKEN.exec(message);
  if (context === null) return null;
  const [, token = '', before, snippet = '', after] = context;
  const at = text.indexOf(snippet);
  if (at === -1) return null;
  if (before !== undefined) return at + V8_CONTEXT;
  if (after !== undefined) return Math.max(0, snippet.length - V8_CONTEXT);
  // The whole (short) text was quoted: the first such character outside a string is the culprit.
  const inside = snippet.indexOf(token);
  return inside === -1 ? null : at + inside;
}

function kindOf(message: string): string {
  if (UNEXPECTED_TOKEN.test(message)) return 'Unexpected character';
  return message
    .replace(/, (\.\.\.)?".*$/s, '')
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/ \(line \d+ column \d+\)$/, '')
    .replace(/ at position \d+.*$/s, '');
}

export function describeJsonError(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : '';
  const body = text.replace(/^\uFEFF/, '');
  const what = kindOf(message) || 'Not valid JSON';
  const offset = offsetOf(message, body);
  if (offset === null) return what;
  const before = body.slice(0, offset).split('\n');
  return `${what} at line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}
