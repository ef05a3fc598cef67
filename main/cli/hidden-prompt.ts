/**
 * Asks for secrets in a terminal without showing them. readline in terminal mode puts
 * the TTY in raw mode, so the kernel does not echo keystrokes, and does its own echo
 * through the output stream: that stream writes the question and then goes mute until
 * Enter, so nothing typed (nor its length) reaches the screen. The question goes to
 * stderr, keeping stdout for results.
 */
import { createInterface, type Interface } from 'node:readline';
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

export function canPrompt(): boolean {
  return process.stdin.isTTY === true;
}

export function openHiddenPrompt(): HiddenPrompt {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      if (!muted) process.stderr.write(chunk);
      callback();
    },
  });
  const rl: Interface = createInterface({ input: process.stdin, output, terminal: true });
  let pending: ((answer: string | null) => void) | null = null;
  const settle = (answer: string | null): void => {
    const resolve = pending;
    pending = null;
    muted = false;
    process.stderr.write('\n');
    resolve?.(answer);
  };
  rl.on('SIGINT', () => settle(null));
  rl.on('close', () => {
    if (pending !== null) settle(null);
  });

  return {
    ask(question) {
      return new Promise<string>((resolve, reject) => {
        pending = (answer) => (answer === null ? reject(new PromptCancelledError()) : resolve(answer));
        rl.question(question, (answer) => settle(answer));
        muted = true;
      });
    },
    close() {
      rl.close();
    },
  };
}
