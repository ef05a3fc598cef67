/**
 * `widget-token sandbox` through the built CLI: it prints where it listens and the public
 * demo credentials, answers real calls, and stops cleanly (exit 0) on SIGTERM or SIGINT.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltCli, runCli, spawnCli, STACK_LINE } from '../../../tests/support/built-cli';
import { sign } from '../../core/sign';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_APP_KEY, SANDBOX_APP_SECRET, SANDBOX_SERVICE_ID } from '../../sandbox/demo-credentials';
import { WIDGET_TOKEN_PATH } from '../../sandbox/sandbox-server';

beforeAll(() => requireBuiltCli());

/** Starts `widget-token sandbox ...` and resolves with its stdout once `done` says enough was printed. */
async function startCli(args: string[], done: (stdout: string) => boolean) {
  const child = spawnCli(['sandbox', ...args]);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (done(stdout)) resolve();
    });
    void exited.then(() => reject(new Error(`sandbox exited early: ${stderr}`)));
  });
  return {
    child,
    firstOutput: stdout,
    async stop(signal: NodeJS.Signals) {
      child.kill(signal);
      const [code, killedBy] = await exited;
      return { code, killedBy, stdout, stderr };
    },
  };
}

async function callSandbox(baseUrl: string): Promise<{ code: number; data?: { widget_token: { token: string } } }> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const query = { app_key: SANDBOX_APP_KEY, timestamp };
  const url = `${baseUrl}${WIDGET_TOKEN_PATH}?${new URLSearchParams({ ...query, sign: sign({ path: WIDGET_TOKEN_PATH, query }, SANDBOX_APP_SECRET) })}`;
  const response = await fetch(url, { headers: { 'x-tts-access-token': SANDBOX_ACCESS_TOKEN } });
  return (await response.json()) as { code: number; data?: { widget_token: { token: string } } };
}

describe('widget-token sandbox', () => {
  it('--json --port 0 prints exactly one parseable line, serves the contract, and exits 0 on SIGTERM', async () => {
    const running = await startCli(['--json', '--port', '0'], (stdout) => stdout.includes('\n'));
    const line = JSON.parse(running.firstOutput) as Record<string, string>;
    expect(Object.keys(line)).toEqual(['baseUrl', 'appKey', 'appSecret', 'accessToken', 'serviceId']);
    expect(line.serviceId).toBe(SANDBOX_SERVICE_ID);
    expect(line).toMatchObject({ appKey: SANDBOX_APP_KEY, appSecret: SANDBOX_APP_SECRET, accessToken: SANDBOX_ACCESS_TOKEN });
    expect(line.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(line.baseUrl).not.toMatch(/:0$/);

    const answer = await callSandbox(line.baseUrl ?? '');
    expect(answer.code).toBe(0);
    expect(answer.data?.widget_token.token).toMatch(/^eyJ/);

    const stopped = await running.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    expect(stopped.stdout.split('\n')).toEqual([running.firstOutput.trimEnd(), '']);
    expect(stopped.stderr).toBe('');
  });

  it('prints its base URL and the demo credentials for people, and exits 0 on Ctrl+C (SIGINT)', async () => {
    const running = await startCli([], (stdout) => stdout.includes('Ctrl+C'));
    const baseUrl = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(running.firstOutput)?.[1];
    expect(baseUrl).toBeDefined();
    expect(running.firstOutput).toContain('not valid on TikTok Shop');
    for (const value of [SANDBOX_APP_KEY, SANDBOX_APP_SECRET, SANDBOX_ACCESS_TOKEN]) expect(running.firstOutput).toContain(value);
    const stopped = await running.stop('SIGINT');
    expect(stopped.code).toBe(0);
  });

  it('listens on the port it is given, and exits 4 with one paragraph when that port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const run = await runCli(['sandbox', '--port', String(port)]);
      expect(run.code).toBe(4);
      expect(run.stderr).toMatch(new RegExp(`^Error: Port ${port} on 127\\.0\\.0\\.1 is already in use\\.`));
      expect(run.stderr).not.toMatch(STACK_LINE);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });

  it('issues access and refresh tokens with the lifetimes --access-ttl and --refresh-ttl give', async () => {
    const running = await startCli(['--json', '--access-ttl', '120', '--refresh-ttl', '600'], (stdout) => stdout.includes('\n'));
    const { baseUrl = '', serviceId = '' } = JSON.parse(running.firstOutput) as Record<string, string>;
    const approved = await fetch(`${baseUrl}/open/authorize?service_id=${serviceId}&state=abc`, { redirect: 'manual' });
    const code = new URL(approved.headers.get('location') ?? '', baseUrl).searchParams.get('code') ?? '';
    const query = new URLSearchParams({ app_key: SANDBOX_APP_KEY, app_secret: SANDBOX_APP_SECRET, auth_code: code, grant_type: 'authorized_code' });
    const answer = (await (await fetch(`${baseUrl}/api/v2/token/get?${query.toString()}`)).json()) as { data: { access_token_expire_in: number; refresh_token_expire_in: number } };
    const now = Date.now() / 1000;
    expect(answer.data.access_token_expire_in - now).toBeGreaterThan(115);
    expect(answer.data.access_token_expire_in - now).toBeLessThanOrEqual(120);
    expect(answer.data.refresh_token_expire_in - now).toBeGreaterThan(595);
    expect((await running.stop('SIGTERM')).code).toBe(0);
  });

  it.each([['--access-ttl', '0'], ['--refresh-ttl', '1.5'], ['--access-ttl', 'week']])('refuses %s %s with exit 2', async (option, value) => {
    const run = await runCli(['sandbox', option, value]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`The value of ${option} ("${value}") is not valid.`);
  });
});
