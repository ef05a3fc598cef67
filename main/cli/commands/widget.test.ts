/**
 * The widget integration on the command line, as a user runs it: the built CLI in a child
 * process, on a fresh data folder and the built-in sandbox. `get --format`, `exec`,
 * `widget check` and `widget explain`. The profile with a shop needs the keychain: run
 * inside a Secret Service session (scripts/test.sh).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearKeychainService, requireBuiltCli, runCli, spawnCli, STACK_LINE } from '../../../tests/support/built-cli';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_APP_KEY, SANDBOX_APP_SECRET, SANDBOX_SECOND_SHOP_ID, SANDBOX_SHOP_ID } from '../../sandbox/demo-credentials';
import { startSandbox, type RunningSandbox } from '../../sandbox/sandbox-server';

let home: string;
const service = `widget-token-cli-widget-test-${randomUUID()}`;
const env = (extra: Record<string, string> = {}): Record<string, string> => ({ WIDGET_TOKEN_HOME: home, WIDGET_TOKEN_KEYCHAIN_SERVICE: service, ...extra });

beforeAll(() => requireBuiltCli());

beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'wtd-cli-widget-'));
});

afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

afterAll(async () => {
  await clearKeychainService(service);
});

function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** A JWT with this exact payload text (unsigned for the checks: the widget SDK's key is TikTok's). */
function jwt(payloadText: string): string {
  return `${b64url('{"alg":"HS512","typ":"JWT"}')}.${b64url(payloadText)}.c2lnbmF0dXJl`;
}

describe('widget-token get --format', () => {
  it('widget-kit prints {"token","expire_at"} with expire_at a string of the seconds in exp', async () => {
    const run = await runCli(['get', '--format', 'widget-kit'], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\{"token":"[\w-]+\.[\w-]+\.[\w-]+","expire_at":"\d{10}"\}\n$/);
    const { token, expire_at: expireAt } = JSON.parse(run.stdout) as { token: string; expire_at: string };
    const exp = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8').replace(/\d{16,}/g, '0')) as { exp: number };
    expect(expireAt).toBe(String(exp.exp));
  });

  it('env prints WIDGET_TOKEN and WIDGET_TOKEN_EXPIRE_AT lines, and --json is --format json', async () => {
    const run = await runCli(['get', '--format', 'env'], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^WIDGET_TOKEN=[\w-]+\.[\w-]+\.[\w-]+\nWIDGET_TOKEN_EXPIRE_AT=\d{10}\n$/);
    const json = await runCli(['get', '--format', 'json'], { env: env() });
    expect(json.code).toBe(0);
    expect(Object.keys(JSON.parse(json.stdout) as object)).toEqual(['profile', 'token', 'expireAt', 'jwtExp', 'requestId', 'claims', 'header']);
  });

  it('refuses an unknown format and --json with another format (exit 2, nothing on stdout)', async () => {
    for (const args of [['get', '--format', 'yaml'], ['get', '--json', '--format', 'env']]) {
      const run = await runCli(args, { env: env() });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('--format');
    }
  });
});

/** A node script that prints what the command sees in its environment. */
const PRINT_ENV = `process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('WIDGET_TOKEN')))))`;

describe('widget-token exec', () => {
  it('runs the command with the token, its expiry and the profile in its environment, and no secret', async () => {
    const run = await runCli(['exec', '--', process.execPath, '-e', PRINT_ENV], {
      env: env({ WIDGET_TOKEN_APP_SECRET: 'app-secret-must-not-pass', WIDGET_TOKEN_ACCESS_TOKEN: 'access-token-must-not-pass', WIDGET_TOKEN_REFRESH_TOKEN: 'refresh-token-must-not-pass' }),
    });
    expect(run.code).toBe(0);
    const seen = JSON.parse(run.stdout) as Record<string, string>;
    expect(seen.WIDGET_TOKEN).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(seen.WIDGET_TOKEN_EXPIRE_AT).toMatch(/^\d{10}$/);
    expect(Number(seen.WIDGET_TOKEN_EXPIRE_AT) - Date.now() / 1000).toBeGreaterThan(200);
    expect(seen.WIDGET_TOKEN_PROFILE).toBe('sandbox');
    for (const secret of ['WIDGET_TOKEN_APP_SECRET', 'WIDGET_TOKEN_ACCESS_TOKEN', 'WIDGET_TOKEN_REFRESH_TOKEN']) expect(Object.keys(seen)).not.toContain(secret);
    // The rest of the environment passes through.
    expect(seen.WIDGET_TOKEN_HOME).toBe(home);
    expect(run.stdout + run.stderr).not.toMatch(/must-not-pass/);
  });

  it("exits with the command's exit code, and 128+N when signal N ended it", async () => {
    const failing = await runCli(['exec', '--', process.execPath, '-e', 'process.exit(7)'], { env: env() });
    expect(failing.code).toBe(7);
    const killed = await runCli(['exec', '--', process.execPath, '-e', "process.kill(process.pid, 'SIGTERM')"], { env: env() });
    expect(killed.code).toBe(128 + 15);
  });

  it('passes a SIGTERM sent to it on to the command, and exits as the command did', async () => {
    const child = spawnCli(['exec', '--', process.execPath, '-e', "process.stdout.write('ready\\n'); setInterval(() => undefined, 1000)"], { env: env() });
    child.stdin.end();
    await new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => (chunk.toString().includes('ready') ? resolve() : undefined)));
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await closed).toBe(128 + 15);
  });

  it('passes the arguments after -- untouched, options included', async () => {
    const run = await runCli(['exec', '--', process.execPath, '-e', 'process.stdout.write(JSON.stringify(process.argv.slice(1)))', '--', '--json', '-h'], { env: env() });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(['--json', '-h']);
  });

  it('is a usage error without -- or with a command that does not exist (exit 2, no stack)', async () => {
    const noDashes = await runCli(['exec', 'true'], { env: env() });
    expect(noDashes.code).toBe(2);
    expect(noDashes.stderr).toContain('needs `--` before the command');
    const missing = await runCli(['exec', '--', 'widget-token-no-such-command-7f3a'], { env: env() });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('was not found');
    expect(missing.stderr).not.toMatch(STACK_LINE);
  });
});

describe('widget-token widget check', () => {
  it('passes a fresh sandbox token: ClientKey and expiry passed, shop and region not checked (exit 0)', async () => {
    const run = await runCli(['widget', 'check', '--json'], { env: env() });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { failed: boolean; checks: { id: string; state: string; prevents: string }[] };
    expect(report.failed).toBe(false);
    expect(report.checks.map((c) => [c.id, c.state, c.prevents])).toEqual([
      ['client-key', 'passed', '36017008'],
      ['shop', 'not checked', '36017009'],
      ['expiry', 'passed', '36017005'],
      ['region', 'not checked', 'I01008'],
    ]);
  });

  it('fails a token issued to another app key, showing both values and the error it prevents (exit 1)', async () => {
    const token = jwt(`{"UserID":7493990753256900486,"ClientKey":"6otherapp0000","ShopIDs":[${SANDBOX_SHOP_ID}],"exp":${Math.floor(Date.now() / 1000) + 300}}`);
    const run = await runCli(['widget', 'check', '-', '--profile', 'sandbox'], { env: env(), input: `Bearer ${token}\n` });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAILED\s+ClientKey claim equals the profile's app key\s+\(prevents 36017008 app_key mismatch\)$/m);
    expect(run.stdout).toContain('ClientKey claim: 6otherapp0000');
    expect(run.stdout).toContain(`profile's app key: ${SANDBOX_APP_KEY}`);
  });

  it('compares --shop-id digit for digit: the last digit differing fails, the same ID passes', async () => {
    const other = (SANDBOX_SHOP_ID + 1n).toString();
    const failing = await runCli(['widget', 'check', '--shop-id', other], { env: env() });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain(`ShopIDs claim: [${SANDBOX_SHOP_ID}, ${SANDBOX_SECOND_SHOP_ID}]`);
    expect(failing.stdout).toContain(`profile's shop: ${other}`);
    const passing = await runCli(['widget', 'check', '--shop-id', SANDBOX_SHOP_ID.toString()], { env: env() });
    expect(passing.code).toBe(0);
    expect(passing.stdout).toMatch(/^passed\s+The profile's shop is in ShopIDs/m);
  });

  it('fails an expired token and shows what is left against the 60 s the SDK needs', async () => {
    const token = jwt(`{"ClientKey":"${SANDBOX_APP_KEY}","ShopIDs":[${SANDBOX_SHOP_ID}],"exp":${Math.floor(Date.now() / 1000) - 5}}`);
    const run = await runCli(['widget', 'check', token, '--profile', 'sandbox'], { env: env() });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAILED\s+At least 60 s left before expiry\s+\(prevents 36017005 Token expired\)$/m);
    expect(run.stdout).toContain('exp: 0 s left');
  });

  it('escapes control characters a token puts in its claims', async () => {
    const token = jwt(`{"ClientKey":"evil\\u001b[2Jkey","exp":${Math.floor(Date.now() / 1000) + 300}}`);
    const run = await runCli(['widget', 'check', token, '--profile', 'sandbox'], { env: env() });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('\u001b');
    expect(run.stdout).toContain('evil\\u001b[2Jkey');
  });

  it("checks a profile's own shop and region: all four pass (keychain)", async () => {
    const sandbox: RunningSandbox = await startSandbox();
    try {
      const set = await runCli(
        ['profile', 'set', 'shop-gb', '--base-url', sandbox.baseUrl, '--app-key', SANDBOX_APP_KEY, '--shop-id', SANDBOX_SHOP_ID.toString(), '--shop-region', 'GB'],
        { env: env({ WIDGET_TOKEN_APP_SECRET: SANDBOX_APP_SECRET, WIDGET_TOKEN_ACCESS_TOKEN: SANDBOX_ACCESS_TOKEN }) },
      );
      expect(set.code).toBe(0);
      const run = await runCli(['widget', 'check', '--profile', 'shop-gb'], { env: env() });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout.match(/^passed\s/gm)).toHaveLength(4);
      expect(run.stdout).toContain('oecRegion will be GB.');
    } finally {
      await sandbox.close();
    }
  });

  it('names an unknown profile as a usage error (exit 2)', async () => {
    const run = await runCli(['widget', 'check', 'x.y.z', '--profile', 'ghost'], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('There is no profile "ghost"');
  });
});

describe('widget-token widget explain', () => {
  it('explains a code with its resolution and what to check', async () => {
    const run = await runCli(['widget', 'explain', '36017009'], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^36017009 Shop not in token\n/);
    expect(run.stdout).toContain('What to do: ');
    expect(run.stdout).toContain('What to check: The ShopIDs claim');
  });

  it('refuses an unknown code with the list of known ones (exit 2)', async () => {
    const run = await runCli(['widget', 'explain', '12345'], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('36017005, 36017006, 36017008, 36017009, 36017010, 36004003, I01008');
  });
});
