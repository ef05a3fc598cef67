/**
 * The built renderer's files, looked up from a URL path. Both shells serve the same
 * folder (the Electron shell over app://, the preview over loopback HTTP), and both must
 * refuse anything outside it: traversal, encoded separators, dotfiles, symlinks out.
 */
// Used through the module object: in a packaged app Electron swaps these functions for
// asar-aware ones after startup, and named bindings could keep the originals.
import fs from 'node:fs/promises';
import path from 'node:path';

export interface RendererFile {
  readonly body: Buffer;
  readonly contentType: string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/** With `X-Content-Type-Options: nosniff`, an unknown type is never run as script. */
export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The safe relative path for a URL path (still percent-encoded, without query), or null.
 * Every segment must be a plain name: no empty, `.` or `..` segment, no leading dot
 * (dotfiles), no separator or NUL smuggled in through percent-encoding.
 */
export function safeRelativePath(urlPath: string): string | null {
  if (!urlPath.startsWith('/')) return null;
  const raw = urlPath === '/' ? ['index.html'] : urlPath.slice(1).split('/');
  const segments: string[] = [];
  for (const encoded of raw) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return null;
    }
    if (segment.length === 0 || segment.startsWith('.') || /[/\\:\0]/.test(segment)) return null;
    segments.push(segment);
  }
  return segments.join('/');
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative.length > 0 && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** The file the URL path names under rootDir, or null when there is none it may serve. */
export async function readRendererFile(rootDir: string, urlPath: string): Promise<RendererFile | null> {
  const relative = safeRelativePath(urlPath);
  if (relative === null) return null;
  const root = path.resolve(rootDir);
  const candidate = path.resolve(root, relative);
  if (!isInside(root, candidate)) return null;
  try {
    // A symlink inside the folder must not lead out of it.
    const [realRoot, realFile] = await Promise.all([fs.realpath(root), fs.realpath(candidate)]);
    if (!isInside(realRoot, realFile) || !(await fs.stat(realFile)).isFile()) return null;
    return { body: await fs.readFile(realFile), contentType: contentTypeFor(realFile) };
  } catch {
    return null;
  }
}
