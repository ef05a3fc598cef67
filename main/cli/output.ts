import { escapeControls } from './terminal-text';

/**
 * Where the CLI writes. stdout carries only the result (a token, JSON, a table) so that
 * `$(widget-token get)` and pipes into jq stay clean; notes and errors go to stderr.
 * Each write resolves once the stream has taken the text, so exiting right after loses nothing.
 * Whatever is written, no control character reaches the terminal but line feeds and tabs:
 * the last guard for text from servers and tokens that a command did not already make safe.
 */

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    // A closed pipe (`widget-token get | head -c 10`) is not an error worth a message.
    stream.write(escapeControls(text), () => resolve());
  });
}

export function writeOut(text: string): Promise<void> {
  return write(process.stdout, text);
}

export function writeErr(text: string): Promise<void> {
  return write(process.stderr, text);
}

/** A note for the person at the terminal, never for a script reading stdout. */
export function note(text: string): Promise<void> {
  return writeErr(`${text}\n`);
}
