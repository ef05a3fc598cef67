/**
 * Asks for secrets in a terminal without showing them. readline in terminal mode puts
 * the TTY in raw mode, so the kernel does not echo keystrokes, and would do its own echo
 * through its output stream: it is given one that drops everything, always, so nothing
 * typed or pasted (nor its length) ever reaches the screen. The questions are written
 * to stderr here, keeping stdout for results.
 *
 * A paste can hold several answers ("secret\naccess-token\n" in one write): every line
 * is kept in order, and a line that arrives before its question answers the next one.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { ValidationError } from '../core/errors';

/** Ctrl+C or Ctrl+D at the prompt: nothing is saved. */
export class PromptCancelledError extends ValidationError {
  constructor() {
    super('Cancelled at the prompt.', 'Nothing was saved.', '');
  }
}

export interface HiddenPrompt {
  ask(question: string): Promise<string>;
  close(): void;
}

export interface PromptStreams {
  readonly input: NodeJS.ReadableStream;
  /** Where the questions go; never what is typed. */
  readonly output: NodeJS.WritableStream;
}

export function canPrompt(): boolean {
  return process.stdin.isTTY === true;
}

export function openHiddenPrompt(streams: PromptStreams = { input: process.stdin, output: process.stderr }): HiddenPrompt {
  const { output } = streams;
  const mute = new Writable({
    write(_chunk: Buffer | string, _encoding, callback) {
      callback();
    },
  });
  // No history: the answers are secrets, and nothing should keep them once they are read.
  const rl = createInterface({ input: streams.input, output: mute, terminal: true, historySize: 0 });
  const early: string[] = [];
  let pending: ((answer: string | null) => void) | null = null;
  let ended = false;

  const answer = (line: string | null): void => {
    const resolve = pending;
    pending = null;
    output.write('\n');
    resolve?.(line);
  };
  rl.on('line', (line) => {
    if (pending === null) early.push(line);
    else answer(line);
  });
  const end = (): void => {
    ended = true;
    early.length = 0;
    if (pending !== null) answer(null);
  };
  rl.on('SIGINT', end);
  rl.on('close', () => {
    // Ctrl+D: lines already given still answer their questions; the prompts after them are cancelled.
    ended = true;
    if (pending !== null) answer(null);
  });

  return {
    ask(question) {
      output.write(question);
      const ready = early.shift();
      if (ready !== undefined) {
        output.write('\n');
        return Promise.resolve(ready);
      }
      if (ended) {
        output.write('\n');
        return Promise.reject(new PromptCancelledError());
      }
      return new Promise<string>((resolve, reject) => {
        pending = (line) => (line === null ? reject(new PromptCancelledError()) : resolve(line));
      });
    },
    close() {
      rl.close();
    },
  };
}
