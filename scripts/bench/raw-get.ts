/**
 * The baseline of the network figures: the same signed GET of the sandbox's widget-token
 * endpoint as the app makes, sent with node:http over a kept-alive connection and read to
 * the end, with nothing else around it (no envelope parsing, no JWT decoding, no UI).
 */
import { Agent, request } from 'node:http';
import { sign } from '../../main/core/sign';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_APP_KEY, SANDBOX_APP_SECRET } from '../../main/sandbox/demo-credentials';
import { WIDGET_TOKEN_PATH } from '../../main/core/widget-token-client';

export interface RawGet {
  /** One round trip; resolves with the body so a caller can check it was a token. */
  get(): Promise<string>;
  close(): void;
}

/** A URL the sandbox accepts for the next few minutes (its timestamp window is 5 min). */
export function signedPath(nowMs: number): string {
  const query = { app_key: SANDBOX_APP_KEY, timestamp: String(Math.floor(nowMs / 1000)) };
  const params = new URLSearchParams({ ...query, sign: sign({ path: WIDGET_TOKEN_PATH, query }, SANDBOX_APP_SECRET) });
  params.sort();
  return `${WIDGET_TOKEN_PATH}?${params.toString()}`;
}

export function rawGet(baseUrl: string): RawGet {
  const base = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let signedAt = 0;
  let pathAndQuery = '';
  return {
    get() {
      // Re-signed once a minute, well inside the window, so signing is not part of the figure.
      const now = Date.now();
      if (now - signedAt > 60_000) {
        signedAt = now;
        pathAndQuery = signedPath(now);
      }
      return new Promise((resolve, reject) => {
        const outgoing = request(
          {
            host: base.hostname,
            port: base.port,
            path: pathAndQuery,
            method: 'GET',
            agent,
            headers: { 'content-type': 'application/json', 'x-tts-access-token': SANDBOX_ACCESS_TOKEN },
          },
          (response) => {
            let body = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => (body += chunk));
            response.on('end', () => (response.statusCode === 200 ? resolve(body) : reject(new Error(`the sandbox answered ${response.statusCode}: ${body}`))));
            response.on('error', reject);
          },
        );
        outgoing.on('error', reject);
        outgoing.end();
      });
    },
    close() {
      agent.destroy();
    },
  };
}
