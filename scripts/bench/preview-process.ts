/**
 * `widget-token preview --port 0 --no-open` from the build under test, as a child process:
 * the UI the browser figures load, with the sandbox inside it started on first use.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { PREVIEW_BRIDGE_PATH, PREVIEW_KEY_HEADER, type BridgeResult, type TokenResult } from '../../preload/contract';
import { benchEnv } from './child-env';

const PRINTED = /^Widget Token Desk preview: (\S+)$/m;

export interface PreviewProcess {
  /** The printed address, with this run's key in its fragment. */
  readonly url: string;
  readonly origin: string;
  /** Asks the running preview for a token, as the page's bridge does. */
  getToken(): Promise<TokenResult>;
  stop(): Promise<void>;
}

export function startPreviewProcess(appDir: string, home: string): Promise<PreviewProcess> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [path.join(appDir, 'main', 'cli.js'), 'preview', '--port', '0', '--no-open'], {
    env: benchEnv(home),
    stdio: 'pipe',
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));

  async function stop(): Promise<void> {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  }

  return new Promise((resolve, reject) => {
    let printed = false;
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the preview printed no address within 30 s; stderr: ${stderr}`));
    }, 30_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      if (!printed) reject(new Error(`the preview exited (${code}) before printing its address; stderr: ${stderr}`));
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const url = PRINTED.exec(stdout)?.[1];
      if (url === undefined || printed) return;
      printed = true;
      clearTimeout(timer);
      const parsed = new URL(url);
      const key = new URLSearchParams(parsed.hash.slice(1)).get('k') ?? '';
      resolve({
        url,
        origin: parsed.origin,
        async getToken() {
          const response = await fetch(`${parsed.origin}${PREVIEW_BRIDGE_PATH}/getToken`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', [PREVIEW_KEY_HEADER]: key },
            body: JSON.stringify({ profile: 'sandbox' }),
          });
          const result = (await response.json()) as BridgeResult<TokenResult>;
          if (!result.ok) throw new Error(`the preview's getToken failed: ${result.error.message}`);
          return result.value;
        },
        stop,
      });
    });
  });
}

/** The sandbox's base URL, read from the curl command a token result carries. */
export function sandboxBaseUrl(result: TokenResult): string {
  const match = /'(http:\/\/127\.0\.0\.1:\d+)\/authorization\//.exec(result.curl);
  if (match?.[1] === undefined) throw new Error('the token result names no loopback sandbox');
  return match[1];
}
