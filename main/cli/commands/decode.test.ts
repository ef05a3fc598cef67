/**
 * `widget-token decode` through the built CLI: exact numbers, annotated times, stdin, a
 * readable refusal of malformed input, and a module graph that leaves out the keychain,
 * the schemas and the HTTP stack.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_CLI, requireBuiltCli, runCli, STACK_LINE } from '../../../tests/support/built-cli';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

/** Shaped like the documented sample, with its expired exp (2023-11-27 06:20:20 UTC). */
const HEADER = '{"alg":"HS512","typ":"JWT"}';
const PAYLOAD = '{"UserID":7493990753256900486,"ClientKey":"abc123","ShopIDs":[7494001122334455667],"Expire":1701066020,"SellerType":2,"exp":1701066020}';
const SIGNATURE = 'c2lnbmF0dXJl';
const TOKEN = `${b64(HEADER)}.${b64(PAYLOAD)}.${SIGNATURE}`;

let work: string;

beforeAll(async () => {
  requireBuiltCli();
  work = await mkdtemp(path.join(tmpdir(), 'wtd-cli-decode-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const inShanghai = { TZ: 'Asia/Shanghai' };

describe('widget-token decode', () => {
  it('prints the header and the claims one per line, numbers exact and times annotated', async () => {
    const run = await runCli(['decode', TOKEN], { env: inShanghai });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    expect(lines).toContain('  alg  "HS512"');
    expect(lines).toContain('  UserID      7493990753256900486');
    expect(lines).toContain('  ShopIDs     [7494001122334455667]');
    expect(run.stdout).toMatch(/^ {2}exp {9}1701066020 {2}2023-11-27 14:20:20 (GMT|UTC)\+8 \(Asia\/Shanghai\) {2}2023-11-27 06:20:20 UTC {2}\(expired (\d+y( \d+d)?|\d+d( \d+h)?) ago\)$/m);
    expect(run.stdout).toMatch(/^ {2}Expire {6}1701066020 .*\(expired /m);
  });

  it('--json prints {header, claims, signature} with big integers as exact JSON numbers', async () => {
    const run = await runCli(['decode', TOKEN, '--json'], { env: inShanghai });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('"UserID": 7493990753256900486,');
    expect(run.stdout).toMatch(/"ShopIDs": \[\s*7494001122334455667\s*\]/);
    const parsed = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['header', 'claims', 'signature']);
    expect(parsed.header).toEqual({ alg: 'HS512', typ: 'JWT' });
    expect(parsed.signature).toBe(SIGNATURE);
  });

  it('reads the token from stdin with `-`, line breaks inside it and all', async () => {
    const wrapped = `${TOKEN.slice(0, 40)}\n${TOKEN.slice(40)}\n`;
    const run = await runCli(['decode', '-', '--json'], { input: wrapped });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('"UserID": 7493990753256900486,');
  });

  it.each([
    ['not-a-jwt', 'no dots'],
    [`${b64(HEADER)}.${b64('{"UserID": 7493990753256900486,}')}.${SIGNATURE}`, 'payload (second part) is not valid JSON'],
    ['', 'empty'],
  ])('refuses %j with exit 2 and the decoder\'s explanation', async (token, explanation) => {
    const run = await runCli(['decode', '-'], { input: token });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^Error: The token cannot be decoded\./);
    expect(run.stderr).toContain(explanation);
    expect(run.stderr).not.toMatch(STACK_LINE);
  });

  it('loads neither keytar, zod nor the HTTP stack', async () => {
    // Resolve hooks see every import of the process, static and dynamic, bare and built-in.
    const log = path.join(work, 'imports.log');
    const hooks = path.join(work, 'hooks.mjs');
    const register = path.join(work, 'register.mjs');
    await writeFile(
      hooks,
      `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  appendFileSync(${JSON.stringify(log)}, specifier + '\\n');
  return next(specifier, context);
}
`,
    );
    await writeFile(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
    const imports = async (args: string[]): Promise<string[]> => {
      await writeFile(log, '');
      const run = await runCli(args, { nodeArgs: ['--import', pathToFileURL(register).href], env: { WIDGET_TOKEN_HOME: work } });
      expect(run.code).toBe(0);
      return (await readFile(log, 'utf8')).split('\n').filter(Boolean);
    };

    // zod is bundled into the build's chunks, so it shows as the chunk that holds it.
    const chunksDir = path.join(path.dirname(BUILT_CLI), 'chunks');
    const holdsZod = async (specifier: string): Promise<boolean> =>
      specifier.startsWith('.') && ((await readFile(path.join(chunksDir, path.basename(specifier)), 'utf8').catch(() => '')).includes('ZodError'));
    const loadsZod = async (specifiers: readonly string[]): Promise<boolean> => (await Promise.all(specifiers.map(holdsZod))).some(Boolean);

    const decode = await imports(['decode', TOKEN]);
    expect(decode.some((specifier) => specifier.includes('decode'))).toBe(true);
    for (const heavy of ['keytar', 'zod', 'node:http', 'node:https', 'node:net', 'node:tls', 'undici']) expect(decode).not.toContain(heavy);
    expect(await loadsZod(decode)).toBe(false);
    // The same hooks do see them in a command that needs them: the check above is not vacuous.
    const get = await imports(['get', '--profile', 'sandbox']);
    expect(await loadsZod(get)).toBe(true);
    expect(get).toContain('node:http');
  });
});
