/**
 * The renderer's initial JavaScript: the scripts inlined in the built index.html, its
 * module scripts, the chunks it preloads, and everything they import statically, each
 * gzipped. Chunks only reached through import() load later and are not counted.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Figure } from './figures';
import { fixed } from './figures';

const HTML_SCRIPT = /<script\b[^>]*\bsrc="([^"]+\.js)"/g;
const HTML_INLINE_SCRIPT = /<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g;
const HTML_PRELOAD = /<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+\.js)"/g;
/** `import x from "./a.js"`, `import "./a.js"`, `export * from "./a.js"`, minified or not; never `import(`. */
const STATIC_IMPORT = /(?:\bimport|\bexport)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g;

export interface InitialScript {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

export async function initialScripts(rendererDir: string): Promise<InitialScript[]> {
  const html = await readFile(path.join(rendererDir, 'index.html'), 'utf8');
  const pending = [...html.matchAll(HTML_SCRIPT), ...html.matchAll(HTML_PRELOAD)].map((match) => path.resolve(rendererDir, match[1] ?? ''));
  const seen = new Map<string, InitialScript>();
  const inline = [...html.matchAll(HTML_INLINE_SCRIPT)].map((match) => match[1] ?? '').join('');
  if (inline.length > 0) {
    const content = Buffer.from(inline, 'utf8');
    seen.set('index.html', { file: 'index.html (inline scripts)', bytes: content.length, gzipBytes: gzipSync(content, { level: 6 }).length });
  }
  while (pending.length > 0) {
    const file = pending.pop() ?? '';
    if (seen.has(file)) continue;
    const content = await readFile(file);
    // Level 6, what web servers and CDNs use by default.
    seen.set(file, { file: path.relative(rendererDir, file), bytes: content.length, gzipBytes: gzipSync(content, { level: 6 }).length });
    for (const match of content.toString('utf8').matchAll(STATIC_IMPORT)) pending.push(path.resolve(path.dirname(file), match[1] ?? ''));
  }
  return [...seen.values()];
}

export async function bundleFigure(rendererDir: string): Promise<Figure> {
  const scripts = await initialScripts(rendererDir);
  if (scripts.length === 0) throw new Error(`no script in ${rendererDir}/index.html`);
  const kb = scripts.reduce((sum, script) => sum + script.gzipBytes, 0) / 1000;
  return {
    id: 'renderer-initial-js-gzip',
    title: 'renderer initial JavaScript, gzipped',
    unit: 'KB',
    subject: { min: kb, median: kb, max: kb, n: 1 },
    baseline: null,
    compared: { value: kb, text: `${fixed(kb)} KB` },
    budget: '<= 100 KB',
    pass: kb <= 100,
    notes: [
      `KB = 1000 bytes, gzip level 6; ${scripts.map((script) => `${script.file} ${fixed(script.bytes / 1000)} KB raw, ${fixed(script.gzipBytes / 1000)} KB gzipped`).join('; ')}. The preview's bridge.js (not part of the renderer) is not counted.`,
    ],
    details: { scripts },
  };
}
