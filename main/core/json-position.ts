/**
 * Where a JSON file breaks, as line and column, and nothing else. V8's messages quote the
 * text around the error for some mistakes (`Unexpected token 'y', ..."ionMode": yes-please"...
 * is not valid JSON`), and the lossless parser's sentence names what it found: a
 * hand-edited file may hold anything, a secret pasted in included (or, through a link,
 * another file), so only the position is kept. The position is the lossless parser's.
 */
import { parseLosslessJson } from '../../common/lossless-json';

export function describeJsonBreak(text: string): string {
  const parsed = parseLosslessJson(text);
  if (parsed.ok) return 'the position of the break is unknown';
  const before = text.slice(0, parsed.position);
  const line = before.split('\n').length;
  const column = parsed.position - (before.lastIndexOf('\n') + 1) + 1;
  return `it breaks at line ${line}, column ${column}`;
}
