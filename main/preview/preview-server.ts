/**
 * The browser preview: the built renderer served on 127.0.0.1, and the core's bridge
 * handler table reachable over HTTP. Any page in the user's browser can send requests
 * here, so every request must prove where it comes from:
 * - Host must be exactly our `127.0.0.1:<port>` (a rebound DNS name reaches the same
 *   socket with a different Host),
 * - Origin, when present, must be exactly our origin,
 * - bridge calls must carry this run's random key, which only the printed URL holds.
 * A request that fails gets 403 and the word Forbidden: nothing that helps a prober, and
 * no request data is ever echoed back.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import {
  METHOD_NAMES,
  PREVIEW_BRIDGE_PATH,
  PREVIEW_KEY_HEADER,
  type BridgeError,
  type BridgeMethodName,
  type BridgeResult,
} from '../../preload/contract';
import type { BridgeHandlerTable } from '../core/bridge-handler-table';
import { toBridgeError } from '../core/error-mapping';
import { pageContentSecurityPolicy, pageSecurityHeaders } from '../static/page-security';
import { readRendererFile } from '../static/renderer-files';

export interface PreviewOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly handlers: BridgeHandlerTable;
  /** The built renderer (out/renderer). */
  readonly rendererDir: string;
  /** The built bridge script (out/preview/bridge.js), served as /bridge.js. */
  readonly bridgeScriptPath: string;
}

export interface RunningPreview {
  /** The page's address with this run's key in its fragment: `http://127.0.0.1:<port>/#k=<key>`. */
  readonly url: string;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

export const MAX_BRIDGE_BODY_BYTES = 64 * 1024;
/**
 * Open connections kept at most: a browser uses a handful per page. Beyond it, the oldest
 * idle one is closed for each new one, so idle sockets (any local page can open hundreds)
 * never use up the process's file descriptors (256 by default on macOS) and a real call
 * always gets through.
 */
const MAX_OPEN_CONNECTIONS = 64;
/** Past this many, even with every connection busy, new ones are refused: the descriptors stay below 256. */
const HARD_MAX_CONNECTIONS = 160;
/**
 * Idle sockets are timed out too: one that sends nothing for 10 s (node:http times out
 * only requests, not a socket that never starts one), a request's headers within 10 s and
 * its body within 30 s, a kept-alive connection after 5 s without a request.
 */
const IDLE_SOCKET_MS = 10_000;
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
const BRIDGE_SCRIPT_PATH = '/bridge.js';
const BRIDGE_SCRIPT_TAG = `<script defer src=".${BRIDGE_SCRIPT_PATH}"></script>`;
const METHODS = new Set<string>(METHOD_NAMES);

/**
 * The page with the bridge script in its <head>, before the first module script. Deferred
 * scripts, classic or module, run in document order once the page is parsed, so
 * window.widgetToken exists by the time the UI starts, and the page's prerendered window
 * is not held up while the bridge script loads.
 */
export function injectBridgeScript(html: string): string {
  const firstModule = html.search(/<script\b[^>]*\btype\s*=\s*["']?module\b/i);
  if (firstModule >= 0) return `${html.slice(0, firstModule)}${BRIDGE_SCRIPT_TAG}\n${html.slice(firstModule)}`;
  const headEnd = html.search(/<\/head>/i);
  if (headEnd >= 0) return `${html.slice(0, headEnd)}${BRIDGE_SCRIPT_TAG}\n${html.slice(headEnd)}`;
  return `${BRIDGE_SCRIPT_TAG}\n${html}`;
}

function bridgeFailure(message: string, explanation: string, resolution: string): BridgeResult<never> {
  const error: BridgeError = { kind: 'validation', message, explanation, resolution };
  return { ok: false, error };
}

const MALFORMED_JSON = bridgeFailure(
  'The preview received a request it could not read.',
  'A bridge call carries its request as a JSON body, and this one was not valid JSON.',
  'Reload the page. If it keeps happening, report it.',
);
const WRONG_CONTENT_TYPE = bridgeFailure(
  'The preview received a request in the wrong format.',
  'A bridge call must be sent with Content-Type: application/json.',
  'Reload the page. If it keeps happening, report it.',
);
const TOO_LARGE = bridgeFailure(
  'The request is too large.',
  `A bridge call may carry at most ${MAX_BRIDGE_BODY_BYTES / 1024} KiB; a widget token and a profile are far smaller.`,
  'Check what was pasted into the form, then try again.',
);
const UNKNOWN_METHOD = bridgeFailure(
  'The preview does not know this bridge method.',
  'The page asked for an operation the preview server does not offer; the page and the server may come from different builds.',
  'Run `npm run build`, restart the preview and open the new URL it prints.',
);

/** Compares digests so that neither the length nor the content of the key leaks through timing. */
function sameKey(presented: string, key: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(key));
}

function isMethodName(name: string): name is BridgeMethodName {
  return METHODS.has(name);
}

function isJsonContentType(header: string | undefined): boolean {
  return header?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

type BodyOutcome = { readonly ok: true; readonly text: string } | { readonly ok: false };

/** Reads the body up to the limit; past it, stops collecting and reports it as too large. */
function readBody(request: IncomingMessage, limit: number): Promise<BodyOutcome> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        resolve({ ok: false });
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (!tooLarge) resolve({ ok: true, text: Buffer.concat(chunks).toString('utf8') });
    });
    request.on('error', reject);
  });
}

export async function startPreview(options: PreviewOptions): Promise<RunningPreview> {
  const { handlers } = options;
  const key = randomBytes(32).toString('base64url');
  const [indexHtml, bridgeScript] = await Promise.all([
    readFile(path.join(options.rendererDir, 'index.html'), 'utf8'),
    readFile(options.bridgeScriptPath),
  ]);
  const page = Buffer.from(injectBridgeScript(indexHtml), 'utf8');
  const securityHeaders = pageSecurityHeaders(pageContentSecurityPolicy(indexHtml));

  // Known once the socket listens, before any request can arrive.
  let expectedHost = '';
  let expectedOrigin = '';

  function send(
    response: ServerResponse,
    status: number,
    body: Buffer | string,
    contentType: string,
    extra: Readonly<Record<string, string>> = {},
  ): void {
    const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    response.writeHead(status, {
      ...securityHeaders,
      ...extra,
      'Content-Type': contentType,
      'Content-Length': String(payload.length),
    });
    response.end(response.req.method === 'HEAD' ? undefined : payload);
  }

  function sendText(response: ServerResponse, status: number, text: string, extra?: Record<string, string>): void {
    send(response, status, text, 'text/plain; charset=utf-8', extra);
  }

  function sendJson(response: ServerResponse, status: number, value: unknown, extra?: Record<string, string>): void {
    send(response, status, JSON.stringify(value), 'application/json; charset=utf-8', extra);
  }

  function forbidden(response: ServerResponse): void {
    sendText(response, 403, 'Forbidden');
  }

  async function serveBridge(request: IncomingMessage, response: ServerResponse, method: string): Promise<void> {
    if (request.method !== 'POST') {
      sendText(response, 405, 'Method Not Allowed', { Allow: 'POST' });
      return;
    }
    const presented = request.headers[PREVIEW_KEY_HEADER];
    if (typeof presented !== 'string' || !sameKey(presented, key)) {
      forbidden(response);
      return;
    }
    if (!isMethodName(method)) {
      sendJson(response, 404, UNKNOWN_METHOD);
      return;
    }
    if (!isJsonContentType(request.headers['content-type'])) {
      sendJson(response, 415, WRONG_CONTENT_TYPE);
      return;
    }
    const declared = Number(request.headers['content-length'] ?? 0);
    // Closing the connection stops a client that keeps sending after the refusal.
    const tooLarge = () => sendJson(response, 413, TOO_LARGE, { Connection: 'close' });
    if (declared > MAX_BRIDGE_BODY_BYTES) {
      tooLarge();
      return;
    }
    const body = await readBody(request, MAX_BRIDGE_BODY_BYTES);
    if (!body.ok) {
      tooLarge();
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.text);
    } catch {
      sendJson(response, 400, MALFORMED_JSON);
      return;
    }
    const result = await handlers[method](parsed);
    sendJson(response, 200, result);
  }

  async function serveStatic(request: IncomingMessage, response: ServerResponse, urlPath: string): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendText(response, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
      return;
    }
    if (urlPath === '/' || urlPath === '/index.html') {
      send(response, 200, page, 'text/html; charset=utf-8');
      return;
    }
    if (urlPath === BRIDGE_SCRIPT_PATH) {
      send(response, 200, bridgeScript, 'text/javascript; charset=utf-8');
      return;
    }
    const file = await readRendererFile(options.rendererDir, urlPath);
    if (file === null) {
      sendText(response, 404, 'Not Found');
      return;
    }
    send(response, 200, file.body, file.contentType);
  }

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.headers.host !== expectedHost) {
      forbidden(response);
      return;
    }
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== expectedOrigin) {
      forbidden(response);
      return;
    }
    const target = request.url ?? '';
    if (!target.startsWith('/')) {
      sendText(response, 400, 'Bad Request');
      return;
    }
    const urlPath = target.split(/[?#]/, 1)[0] ?? '/';
    if (urlPath.startsWith(`${PREVIEW_BRIDGE_PATH}/`)) {
      await serveBridge(request, response, urlPath.slice(PREVIEW_BRIDGE_PATH.length + 1));
      return;
    }
    await serveStatic(request, response, urlPath);
  }

  // Open sockets, oldest first, and those with a request in flight.
  const open = new Set<Socket>();
  const busy = new Set<Socket>();

  const server = createServer({ headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS, connectionsCheckingInterval: 1_000 }, (request, response) => {
    const { socket } = request;
    busy.add(socket);
    response.on('close', () => busy.delete(socket));
    serve(request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      sendJson(response, 500, { ok: false, error: toBridgeError(error) });
    });
  });

  server.maxConnections = HARD_MAX_CONNECTIONS;
  // A call in flight may wait longer than that without a byte moving (the keychain, the API's own timeout): only idle sockets go.
  server.setTimeout(IDLE_SOCKET_MS, (socket: Socket) => {
    if (!busy.has(socket)) socket.destroy();
  });
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.on('close', () => {
      open.delete(socket);
      busy.delete(socket);
    });
    if (open.size <= MAX_OPEN_CONNECTIONS) return;
    for (const oldest of open) {
      if (oldest !== socket && !busy.has(oldest)) {
        // Out of the count at once: its 'close' comes later, and the next arrival must pick another.
        open.delete(oldest);
        oldest.destroy();
        return;
      }
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  expectedHost = `127.0.0.1:${port}`;
  expectedOrigin = `http://${expectedHost}`;

  let closing: Promise<void> | undefined;
  return {
    url: `${expectedOrigin}/#k=${key}`,
    origin: expectedOrigin,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
