/**
 * A Vite build plugin for the renderer: index.html leaves the build with the window's
 * first screen already in it, so the window shows, and Get token can be pressed, before
 * the app's JavaScript has loaded and run (on a slow machine that is a few hundred ms of
 * React starting up). React then hydrates that markup (renderer/src/main.tsx).
 *
 * Clicks and shortcuts made in between are held by a small script inlined in the page
 * (renderer/src/early-input.ts) and replayed once the app is live. The page's Content
 * Security Policy allows that one script by its SHA-256 hash, and no other inline script.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { build, runnerImport, type Plugin } from 'vite';

interface PrerenderModule {
  renderWindow(): string;
}

const ROOT_ELEMENT = '<div id="root"></div>';
const CSP_META = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)("\s*\/?>)/i;

/** The window's first screen, rendered from the renderer's source by Vite's module runner. */
async function renderWindow(rendererRoot: string): Promise<string> {
  const { module } = await runnerImport<PrerenderModule>(path.join(rendererRoot, 'src', 'prerender.tsx'), {
    configFile: false,
    root: rendererRoot,
    logLevel: 'error',
  });
  return module.renderWindow();
}

/** The early-input script, bundled and minified into one self-contained statement. */
async function earlyInputScript(rendererRoot: string): Promise<string> {
  const result = await build({
    configFile: false,
    root: rendererRoot,
    logLevel: 'silent',
    build: {
      write: false,
      minify: true,
      lib: { entry: path.join(rendererRoot, 'src', 'early-input.ts'), formats: ['iife'], name: 'widgetTokenEarlyInput' },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  const chunks = outputs.flatMap((output) => ('output' in output ? output.output : [])).filter((item) => item.type === 'chunk');
  const [chunk] = chunks;
  if (chunk === undefined || chunks.length !== 1) throw new Error(`prerender: expected one early-input chunk, got ${chunks.length}`);
  return chunk.code.trim();
}

/** `'sha256-…'`, as a CSP source, of an inline script's exact text. */
export function scriptHashSource(script: string): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}

/** The policy with `source` added to its script-src directive (which it must have). */
export function allowInScriptSrc(policy: string, source: string): string {
  const directives = policy.split(';').map((directive) => directive.trim());
  const at = directives.findIndex((directive) => /^script-src(\s|$)/i.test(directive));
  if (at < 0) throw new Error('prerender: the page\'s Content-Security-Policy has no script-src directive');
  return directives.map((directive, index) => (index === at ? `${directive} ${source}` : directive)).join('; ');
}

/**
 * index.html with the window's markup in #root and the early-input script, allowed by its
 * hash, right after the policy that allows it. It goes before the stylesheet: an inline
 * script after a stylesheet waits for it to load, and holds up parsing while it does.
 */
export function prerenderedPage(html: string, markup: string, script: string): string {
  if (html.split(ROOT_ELEMENT).length !== 2) throw new Error(`prerender: index.html must contain ${ROOT_ELEMENT} exactly once`);
  if (/<\/script/i.test(script)) throw new Error('prerender: the early-input script cannot be inlined (it contains "</script")');
  const policyMeta = CSP_META.exec(html);
  if (policyMeta === null) throw new Error('prerender: index.html must declare its Content-Security-Policy in a <meta>');
  const [tag, before = '', policy = '', after = ''] = policyMeta;
  const withPolicy = `${before}${allowInScriptSrc(policy, scriptHashSource(script))}${after}`;
  const end = policyMeta.index + tag.length;
  const withScript = `${html.slice(0, policyMeta.index)}${withPolicy}\n    <script>${script}</script>${html.slice(end)}`;
  return withScript.replace(ROOT_ELEMENT, `<div id="root">${markup}</div>`);
}

export function prerenderWindow(options: { readonly rendererRoot: string }): Plugin {
  return {
    name: 'widget-token-desk:prerender-window',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      async handler(html) {
        const [markup, script] = await Promise.all([renderWindow(options.rendererRoot), earlyInputScript(options.rendererRoot)]);
        return prerenderedPage(html, markup, script);
      },
    },
  };
}
