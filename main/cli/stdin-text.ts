/**
 * What was piped or pasted into stdin, for the commands that take `-` in place of a value
 * (a token, an authorization code): it stays out of the process list and shell history.
 */
import { note } from './output';

/**
 * Reads stdin until it ends or holds more than `maxBytes`: a little more than that may come
 * back, enough for the caller to say "too long". On a terminal, `hint` says what to paste.
 */
export async function readStdinText(hint: string, maxBytes: number): Promise<string> {
  if (process.stdin.isTTY) await note(hint);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(buffer);
    size += buffer.length;
    if (size > maxBytes) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}
