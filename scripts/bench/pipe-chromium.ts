/**
 * Chromium driven over --remote-debugging-pipe with nothing but Target, Page.navigate
 * and Runtime.evaluate: no DevTools domain is enabled, so the page runs as it does in a
 * user's browser. Playwright enables the Network domain on every page (to report its
 * requests), and that costs each fetch 3-5 ms on these machines: more than the app's own
 * work on a click. The click figure is measured here for that reason.
 *
 * The protocol: JSON messages, each ended by a NUL byte, written to the browser's fd 3
 * and read from its fd 4.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';

interface Reply {
  readonly id?: number;
  readonly result?: Record<string, unknown>;
  readonly error?: { readonly message: string };
}

export interface PipePage {
  /** Evaluates an expression in the page, awaiting a promise it returns; the value comes back as JSON. */
  evaluate<T>(expression: string): Promise<T>;
}

export interface PipeBrowser {
  /** Opens a tab on `url` and waits until `readyExpression` is true in it (polled). */
  open(url: string, readyExpression: string, timeoutMs?: number): Promise<PipePage>;
  close(): Promise<void>;
}

export async function launchPipeChromium(executablePath: string, args: readonly string[]): Promise<PipeBrowser> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'wtd-bench-chromium-'));
  const child = spawn(executablePath, ['--headless', ...args, '--remote-debugging-pipe', `--user-data-dir=${userDataDir}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
  });
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;
  const pending = new Map<number, { resolve: (result: Record<string, unknown>) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let buffered = '';
  fromBrowser.setEncoding('utf8');
  fromBrowser.on('data', (chunk: string) => {
    buffered += chunk;
    let end = buffered.indexOf('\0');
    while (end >= 0) {
      const reply = JSON.parse(buffered.slice(0, end)) as Reply;
      buffered = buffered.slice(end + 1);
      end = buffered.indexOf('\0');
      const waiting = reply.id === undefined ? undefined : pending.get(reply.id);
      if (waiting === undefined || reply.id === undefined) continue;
      pending.delete(reply.id);
      if (reply.error) waiting.reject(new Error(reply.error.message));
      else waiting.resolve(reply.result ?? {});
    }
  });
  child.once('exit', () => {
    for (const waiting of pending.values()) waiting.reject(new Error('Chromium exited'));
    pending.clear();
  });

  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId === undefined ? {} : { sessionId }) })}\0`);
    });

  const evaluateIn = async <T>(sessionId: string, expression: string): Promise<T> => {
    const result = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId);
    const details = result.exceptionDetails as { exception?: { description?: string }; text?: string } | undefined;
    if (details !== undefined) throw new Error(`in the page: ${details.exception?.description ?? details.text ?? 'an exception'}`);
    return (result.result as { value: T }).value;
  };

  await send('Browser.getVersion');

  return {
    async open(url, readyExpression, timeoutMs = 30_000) {
      const { targetId } = (await send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
      const { sessionId } = (await send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
      await send('Page.navigate', { url }, sessionId);
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        // The navigation may still be replacing the document: an evaluation then can fail.
        const ready = await evaluateIn<boolean>(sessionId, `Boolean(${readyExpression})`).catch(() => false);
        if (ready) break;
        if (performance.now() > deadline) throw new Error(`${url} was not ready within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return { evaluate: (expression) => evaluateIn(sessionId, expression) };
    },
    async close() {
      await send('Browser.close').catch(() => undefined);
      if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once('exit', resolve));
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
