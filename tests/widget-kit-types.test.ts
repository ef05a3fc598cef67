/**
 * The copy variants compiled against `@tiktokshop/widget-kit`'s published types
 * (dist/types/index.d.ts) with the TypeScript compiler: what a developer pastes must type
 * check in their page, and a wrong shape (the FAQ's most common failure) must not.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { widgetKitAuthInfo, widgetKitConfigSnippet } from '../common/widget-kit';
import { REPO_ROOT } from './support/built-cli';

let dir = '';

beforeAll(async () => {
  // Inside the checkout, so that `@tiktokshop/widget-kit` and `react` resolve from its node_modules.
  await mkdir(path.join(REPO_ROOT, '.tmp'), { recursive: true });
  dir = await mkdtemp(path.join(REPO_ROOT, '.tmp', 'widget-kit-types-'));
});

afterAll(async () => {
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

/** The compiler's errors for one file, as text ('' when it type checks). */
async function compile(name: string, source: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, source);
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    jsx: ts.JsxEmit.ReactJSX,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: [],
    skipLibCheck: true,
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
    .join('\n');
}

const TOKEN = 'eyJhbGciOiJIUzUxMiJ9.eyJleHAiOjE3MDEwNjYwMjB9.c2ln';

/** What a page's getToken() resolves, typed by the package itself (AuthInfo is not exported by name). */
function getTokenReturning(json: string): string {
  return `import type { Applications } from '@tiktokshop/widget-kit';
export const getToken: Applications['getToken'] = async () => (${json});
`;
}

describe('widget-kit copy variants against @tiktokshop/widget-kit 1.0.4 types', () => {
  it('the widget-kit variant is what getToken() must resolve', async () => {
    const copied = widgetKitAuthInfo(TOKEN, 1701066020);
    expect(JSON.parse(copied)).toEqual({ token: TOKEN, expire_at: '1701066020' });
    expect(await compile('auth-info.ts', getTokenReturning(copied))).toBe('');
  });

  it('a numeric expire_at, or a missing one, does not compile', async () => {
    expect(await compile('numeric-expire.ts', getTokenReturning(JSON.stringify({ token: TOKEN, expire_at: 1701066020 })))).toMatch(/expire_at/);
    expect(await compile('missing-expire.ts', getTokenReturning(JSON.stringify({ token: TOKEN })))).toMatch(/expire_at/);
  });

  it('the plain JS config snippet compiles with the profile values filled in', async () => {
    const snippet = widgetKitConfigSnippet({ appKey: '6abcdefgh1234', shopId: '7494001122334455667', shopRegion: 'GB' }, 'js');
    expect(snippet).toContain('appKey: "6abcdefgh1234"');
    expect(snippet).toContain('shopId: "7494001122334455667"');
    expect(snippet).toContain('oecRegion: "GB"');
    expect(snippet).toContain("fetch('/api/widget-token'");
    expect(snippet).toMatch(/minted server-side[\s\S]*app secret must never reach a browser/);
    expect(await compile('config.ts', snippet)).toBe('');
  });

  it('a getToken() that resolves expire_at as a number does not compile', async () => {
    const snippet = widgetKitConfigSnippet({ appKey: '6abcdefgh1234' }, 'js').replace('expire_at: String(body.expire_at)', 'expire_at: Number(body.expire_at)');
    expect(snippet).toContain('Number(body.expire_at)');
    expect(await compile('config-numeric.ts', snippet)).toMatch(/expire_at/);
  });

  it('the React snippet compiles, with placeholders that say what to fill in when no shop is chosen', async () => {
    const snippet = widgetKitConfigSnippet({ appKey: '6abcdefgh1234' }, 'react');
    expect(snippet).toContain('shopId: "YOUR_SHOP_ID", // the shop id');
    expect(snippet).toContain('oecRegion: "YOUR_SHOP_REGION", //');
    expect(await compile('widget.tsx', snippet)).toBe('');
  });

  it('a typed value cannot break out of its string', async () => {
    const snippet = widgetKitConfigSnippet({ appKey: `x", evil: "1</script>`, shopRegion: 'G\u2028B' }, 'js');
    expect(snippet).not.toContain('</script>');
    expect(await compile('hostile.ts', snippet)).toBe('');
  });
});
