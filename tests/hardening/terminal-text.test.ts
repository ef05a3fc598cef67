/**
 * Text from servers and tokens that tries to drive the terminal, through the built CLI.
 * A server answers with messages, request ids and bodies carrying ESC/CSI/OSC sequences,
 * BEL, carriage returns, C1 controls and bidi overrides, and a 900 KB message (a 700 KB claim); tokens carry
 * such claim names and values; a profile's app key holds one. On every surface (the error
 * paragraph, `get` and its notes, `decode`, `profile set`, `profile list`) the terminal
 * receives no control character but the line feeds of our own layout, a server's line
 * breaks cannot start a line, long text is cut with a note, and `--json` stays valid JSON
 * that gives back the exact values (and big integers with all their digits).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearKeychainService, requireBuiltCli, runCli, type CliRun } from '../support/built-cli';

/** What a terminal would act on: every C0 control but line feed, DEL, C1, bidi controls, line separators. */
// eslint-disable-next-line no-control-regex -- the control characters a terminal obeys are what is looked for
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const HOSTILE = 'x\u001b]0;pwned\u0007\u001b[2J\u001b[1;1H\rError: fake line\r\n\u009b31m\u202egnp.exe\u0000end';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (payload: unknown) => `${b64({ alg: 'HS256', typ: 'JWT', [HOSTILE]: HOSTILE })}.${b64(payload)}.c2ln`;
const HOSTILE_TOKEN_PAYLOAD = { UserID: 7493990753256900486n, [HOSTILE]: HOSTILE, note: HOSTILE, exp: 1_900_000_000 };
/** JSON with a 19-digit integer written out, as the API sends it. */
const payloadJson = (payload: typeof HOSTILE_TOKEN_PAYLOAD) => JSON.stringify(payload, (_key, value: unknown) => (typeof value === 'bigint' ? `@@${value}@@` : value)).replace(/"@@(\d+)@@"/g, '$1');
const HOSTILE_TOKEN = `${b64({ alg: 'HS256', typ: 'JWT', [HOSTILE]: HOSTILE })}.${Buffer.from(payloadJson(HOSTILE_TOKEN_PAYLOAD)).toString('base64url')}.c2ln`;

/** The next answer of the server: a JSON value, or a raw body. */
let answer: { json: unknown } | { raw: string } = { json: null };
let server: Server;
let home: string;
/** `profile set` of the profile with the hostile app key, run first. */
let profileSetRun: CliRun;
const service = `widget-token-desk-terminal-${randomUUID()}`;

const cli = (args: readonly string[], env: Readonly<Record<string, string>> = {}, input = ''): Promise<CliRun> =>
  runCli(args, { env: { WIDGET_TOKEN_HOME: home, WIDGET_TOKEN_KEYCHAIN_SERVICE: service, ...env }, input });

function expectTerminalSafe(run: CliRun): void {
  for (const [stream, text] of [['stdout', run.stdout], ['stderr', run.stderr]] as const) {
    const found = RAW_CONTROL.exec(text);
    expect(found, `${stream} holds U+${found?.[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${found?.index}: ${JSON.stringify(text.slice(Math.max(0, (found?.index ?? 0) - 40), (found?.index ?? 0) + 40))}`).toBeNull();
    expect(text).not.toMatch(/^Error: fake line/m);
  }
}

beforeAll(async () => {
  requireBuiltCli();
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'wtd-terminal-'));
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('raw' in answer ? answer.raw : JSON.stringify(answer.json));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const set = await cli(['profile', 'set', 'hostile', '--base-url', baseUrl, '--app-key', `key${HOSTILE.replace(/\s/g, '').replaceAll('\u0000', '')}`], {
    WIDGET_TOKEN_APP_SECRET: 'terminal-app-secret',
    WIDGET_TOKEN_ACCESS_TOKEN: 'terminal-access-token',
  });
  expect(set.code, set.stderr).toBe(0);
  profileSetRun = set;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await clearKeychainService(service).catch(() => undefined);
  await fs.rm(home, { recursive: true, force: true });
});

describe('server text that tries to drive the terminal', () => {
  it('an API error: message and request_id escaped, one paragraph on one line', async () => {
    answer = { json: { code: 36009004, message: HOSTILE, request_id: `RID${HOSTILE}` } };
    const run = await cli(['get', '--profile', 'hostile']);
    expect(run.code).toBe(3);
    expectTerminalSafe(run);
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect(run.stderr).toContain('\\u001b]0;pwned\\u0007\\u001b[2J');
    expect(run.stderr).toContain('\\u202egnp.exe');
  });

  it('with DEBUG set, the stack printed after the paragraph keeps the message on its line, escaped', async () => {
    answer = { json: { code: 36009004, message: HOSTILE, request_id: 'RID-DEBUG' } };
    const run = await cli(['get', '--profile', 'hostile'], { DEBUG: '1' });
    expect(run.code).toBe(3);
    expectTerminalSafe(run);
    expect(run.stderr).toMatch(/^ApiError: x\\u001b\]0;pwned/m);
    expect(run.stderr).toMatch(/^\s+at /m);
  });

  it('a 900 KB message: cut, with how much was left out', async () => {
    answer = { json: { code: 98001001, message: 'm'.repeat(900_000), request_id: 'RID-LONG' } };
    const run = await cli(['get', '--profile', 'hostile']);
    expect(run.code).toBe(3);
    expect(run.stderr.length).toBeLessThan(5000);
    expect(run.stderr).toContain('… (898,000 more characters left out)');
    expect(run.stderr).toContain('request_id: RID-LONG');
  });

  it('a body that is not JSON, quoted in the error: escaped', async () => {
    answer = { raw: `<html><title>${HOSTILE}</title></html>` };
    const run = await cli(['get', '--profile', 'hostile']);
    expect(run.code).toBe(4);
    expectTerminalSafe(run);
  });

  it('a token and claims carrying controls: `get` prints the token escaped, its notes escaped', async () => {
    answer = { json: { code: 0, message: HOSTILE, request_id: HOSTILE, data: { widget_token: { token: `not${HOSTILE.replace(/\s/g, '')}a.jwt`, expire_at: 1_900_000_000 } } } };
    const run = await cli(['get', '--profile', 'hostile']);
    expect(run.code, run.stderr).toBe(0);
    expectTerminalSafe(run);
    expect(run.stderr).toContain('the token is not a readable JWT');
  });

  it('`get --json` stays valid JSON with the exact values, big integers included', async () => {
    answer = { json: { code: 0, message: 'Success', request_id: HOSTILE, data: { widget_token: { token: HOSTILE_TOKEN, expire_at: 1_900_000_000 } } } };
    const run = await cli(['get', '--profile', 'hostile', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expectTerminalSafe(run);
    const parsed = JSON.parse(run.stdout) as { requestId: string; claims: Record<string, unknown>; header: Record<string, unknown> };
    expect(parsed.requestId).toBe(HOSTILE);
    expect(parsed.claims[HOSTILE]).toBe(HOSTILE);
    expect(parsed.header[HOSTILE]).toBe(HOSTILE);
    expect(run.stdout).toContain('"UserID": 7493990753256900486');
  });
});

describe('token text that tries to drive the terminal', () => {
  it('`decode`: claim names and values escaped, one line each', async () => {
    const run = await cli(['decode', HOSTILE_TOKEN]);
    expect(run.code, run.stderr).toBe(0);
    expectTerminalSafe(run);
    expect(run.stdout).toContain('7493990753256900486');
    // Header: 3 rows; claims: 4 rows; two titles, the signature line and the final newline.
    expect(run.stdout.split('\n')).toHaveLength(3 + 4 + 2 + 1 + 1);
  });

  it('`decode -`: a 700 KB claim is cut with a note', async () => {
    const run = await cli(['decode', '-'], {}, jwt({ blob: 'b'.repeat(700_000), exp: 1_900_000_000 }));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.length).toBeLessThan(5000);
    expect(run.stdout).toContain('… (698,002 more characters left out)');
  });

  it('`decode --json`: valid JSON, the exact values', async () => {
    const run = await cli(['decode', HOSTILE_TOKEN, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expectTerminalSafe(run);
    const parsed = JSON.parse(run.stdout) as { claims: Record<string, unknown> };
    expect(parsed.claims.note).toBe(HOSTILE);
  });
});

describe('profile text that tries to drive the terminal', () => {
  it('`profile set` repeats the app key escaped', () => {
    expectTerminalSafe(profileSetRun);
    expect(profileSetRun.stdout).toContain('\\u001b]0;pwned');
  });

  it('`profile list` and `profile list --json`', async () => {
    const table = await cli(['profile', 'list']);
    expect(table.code, table.stderr).toBe(0);
    expectTerminalSafe(table);
    expect(table.stdout).toContain('\\u001b]0;pwned');
    const json = await cli(['profile', 'list', '--json']);
    expect(json.code, json.stderr).toBe(0);
    expectTerminalSafe(json);
    const rows = JSON.parse(json.stdout) as { name: string; appKey: string }[];
    expect(rows.find((row) => row.name === 'hostile')?.appKey).toBe(`key${HOSTILE.replace(/\s/g, '').replaceAll('\u0000', '')}`);
  });

  it('an invalid profile name quoted in the error', async () => {
    const run = await cli(['profile', 'set', `bad${HOSTILE.replace('\u0000', '')}`, '--base-url', 'https://open-api.tiktokglobalshop.com', '--app-key', 'k'], { WIDGET_TOKEN_APP_SECRET: 's', WIDGET_TOKEN_ACCESS_TOKEN: 't' });
    expect(run.code).toBe(2);
    expectTerminalSafe(run);
  });
});
