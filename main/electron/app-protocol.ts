/**
 * The window loads the built renderer from app://app/, not file://: a custom standard,
 * secure scheme gives the page a real origin of its own (so CSP 'self' and the
 * navigation guard mean something) and serves only the renderer's folder.
 */
import { protocol } from 'electron';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pageContentSecurityPolicy, pageSecurityHeaders } from '../static/page-security';
import { readRendererFile } from '../static/renderer-files';

export const APP_SCHEME = 'app';
const APP_HOST = 'app';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Whether a URL is one of ours. (Node's URL gives custom schemes the origin "null", so compare the parts.) */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * Must run before the app is ready. codeCache lets V8 keep the compiled app script between
 * launches, as it does for http(s) pages: Electron allows it only for standard schemes.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, codeCache: true } }]);
}

function plain(status: number, text: string, headers: Readonly<Record<string, string>>): Response {
  return new Response(text, { status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** Answers one app:// request from the renderer folder. */
export function createAppResponder(rendererDir: string): (request: Request) => Promise<Response> {
  let headers: Promise<Readonly<Record<string, string>>> | undefined;
  const securityHeaders = () =>
    (headers ??= fs.readFile(path.join(rendererDir, 'index.html'), 'utf8').then((html) =>
      pageSecurityHeaders(pageContentSecurityPolicy(html)),
    ));

  return async (request) => {
    const security = await securityHeaders();
    if (request.method !== 'GET') return plain(405, 'Method Not Allowed', security);
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return plain(404, 'Not Found', security);
    const file = await readRendererFile(rendererDir, url.pathname);
    if (file === null) return plain(404, 'Not Found', security);
    return new Response(new Uint8Array(file.body), {
      status: 200,
      headers: { ...security, 'Content-Type': file.contentType },
    });
  };
}

/** Must run once the app is ready. */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppResponder(rendererDir));
}
