import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowInScriptSrc, prerenderedPage } from '../../scripts/vite/prerender-window';
import { REPO_ROOT, requireBuiltCli } from '../support/built-cli';

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta
      http-equiv="Content-Security-Policy"
      content="default-src 'none'; script-src 'self'; style-src 'self'"
    />
    <title>t</title>
    <script type="module" crossorigin src="./assets/index.js"></script>
    <link rel="stylesheet" crossorigin href="./assets/index.css">
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>`;

const SCRIPT = '(function(){document.title="held"})();';
const hash = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('prerenderedPage', () => {
  const page = prerenderedPage(PAGE, '<button type="button">Get token</button>', SCRIPT);

  it('puts the window into #root', () => {
    expect(page).toContain('<div id="root"><button type="button">Get token</button></div>');
  });

  it("allows the inline script by its hash and nothing else: the policy's other directives are untouched", () => {
    expect(page).toContain(`content="default-src 'none'; script-src 'self' ${hash(SCRIPT)}; style-src 'self'"`);
    expect(page).not.toContain('unsafe-inline');
  });

  it('inlines the script right after the policy, before the stylesheet and the module script', () => {
    const scriptAt = page.indexOf(`<script>${SCRIPT}</script>`);
    expect(scriptAt).toBeGreaterThan(page.indexOf('Content-Security-Policy'));
    expect(scriptAt).toBeLessThan(page.indexOf('<link rel="stylesheet"'));
    expect(scriptAt).toBeLessThan(page.indexOf('<script type="module"'));
  });

  it('refuses a page it cannot prerender safely, saying why', () => {
    expect(() => prerenderedPage(PAGE.replace('<div id="root"></div>', ''), '', SCRIPT)).toThrow(/<div id="root"><\/div> exactly once/);
    expect(() => prerenderedPage(PAGE.replace('</body>', '<div id="root"></div></body>'), '', SCRIPT)).toThrow(/exactly once/);
    expect(() => prerenderedPage(PAGE.replace(/<meta\s+http-equiv[^>]*>/, ''), '', SCRIPT)).toThrow(/Content-Security-Policy in a <meta>/);
    expect(() => prerenderedPage(PAGE, '', 'x="</script>"')).toThrow(/cannot be inlined/);
  });
});

describe('allowInScriptSrc', () => {
  it('adds a source to script-src only', () => {
    expect(allowInScriptSrc("default-src 'none'; script-src 'self'; img-src 'self'", "'sha256-x'")).toBe("default-src 'none'; script-src 'self' 'sha256-x'; img-src 'self'");
  });

  it('refuses a policy without script-src: adding one would loosen what default-src allows', () => {
    expect(() => allowInScriptSrc("default-src 'none'", "'sha256-x'")).toThrow(/no script-src/);
  });
});

describe('the built page', () => {
  requireBuiltCli();
  const built = readFileSync(path.join(REPO_ROOT, 'out', 'renderer', 'index.html'), 'utf8');
  const root = /<div id="root">([\s\S]*)<\/div>\s*<\/body>/.exec(built)?.[1] ?? '';

  it('carries the first screen: the title, the profile picker (loading) and an enabled Get token', () => {
    expect(root).toContain('Widget Token Desk');
    expect(root).toMatch(/<label[^>]*>Active profile<\/label><select[^>]*disabled/);
    const getToken = /<button([^>]*)>(?:<span[^>]*><\/span>)?Get token<\/button>/.exec(root);
    expect(getToken?.[1]).toBeDefined();
    expect(getToken?.[1]).not.toMatch(/(^|\s)disabled(=|\s|$)/);
    expect(getToken?.[1]).toContain('aria-disabled="false"');
  });

  it('shows no token and no secret: the build knows of none', () => {
    expect(root).toContain('No token yet');
    expect(root).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  });
});
