import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openHiddenPrompt, PromptCancelledError } from './hidden-prompt';

function prompt() {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.setEncoding('utf8').on('data', (chunk: string) => (shown += chunk));
  return { input, prompt: openHiddenPrompt({ input, output }), shown: () => shown };
}

describe('the hidden prompt', () => {
  it('shows only the questions when both answers are pasted in one write, and gives each its own', async () => {
    const { input, prompt: p, shown } = prompt();
    const first = p.ask('App secret: ');
    input.write('pasted-secret\rpasted-token\r');
    expect(await first).toBe('pasted-secret');
    expect(await p.ask('Access token: ')).toBe('pasted-token');
    p.close();
    expect(shown()).toBe('App secret: \nAccess token: \n');
  });

  it('keeps a line typed before its question for that question', async () => {
    const { input, prompt: p, shown } = prompt();
    input.write('early\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await p.ask('Q: ')).toBe('early');
    p.close();
    expect(shown()).toBe('Q: \n');
  });

  it('is cancelled by Ctrl+C, and by Ctrl+D once the lines given are used up', async () => {
    const interrupted = prompt();
    const asked = interrupted.prompt.ask('Q: ');
    interrupted.input.write('\u0003');
    await expect(asked).rejects.toBeInstanceOf(PromptCancelledError);
    interrupted.prompt.close();

    const ended = prompt();
    ended.input.write('given\n\u0004');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await ended.prompt.ask('Q1: ')).toBe('given');
    await expect(ended.prompt.ask('Q2: ')).rejects.toBeInstanceOf(PromptCancelledError);
    expect(ended.shown()).not.toContain('given');
  });
});
