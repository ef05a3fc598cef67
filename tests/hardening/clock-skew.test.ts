/**
 * A computer whose clock is wrong. The offline sandbox runs on a clock of its own, set
 * minutes away from the app's, and checks the timestamp window as TikTok does
 * ([now - 5 min, now + 30 s]). Both clocks stand still on a whole second, so the Date
 * header states the sandbox's time exactly and the measured skew can be quoted exactly.
 * Too far off: the call fails with 36009004, the message names the timestamp, and the
 * answer says how far off the clock is (measured from the Date header) and how to fix it.
 * A little off (20 s): the token comes, with a warning.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BridgeResult, TokenResult } from '../../preload/contract';
import { createBridgeHandlers } from '../../main/core/bridge-handlers';
import type { Clock } from '../../main/core/clock';
import { createMemorySecretStore } from '../../main/core/memory-secret-store';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_APP_KEY, SANDBOX_APP_SECRET, SANDBOX_SERVICE_ID } from '../../main/sandbox/demo-credentials';
import { startSandbox, type RunningSandbox } from '../../main/sandbox/sandbox-server';

/** "Now" for the app: a whole second, so that nothing is lost to the Date header's resolution. */
const LOCAL_MS = Math.floor(Date.now() / 1000) * 1000;
const localClock: Clock = { nowMs: () => LOCAL_MS };

let home: string;
let sandbox: RunningSandbox | undefined;

beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'wtd-skew-'));
});

afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
  await fs.rm(home, { recursive: true, force: true });
});

/** A token for the built-in sandbox profile, with the sandbox's clock `offsetMs` from the app's. */
async function tokenWithSandboxAt(offsetMs: number): Promise<BridgeResult<TokenResult>> {
  const running = await startSandbox({ clock: { nowMs: () => LOCAL_MS + offsetMs } });
  sandbox = running;
  const handlers = createBridgeHandlers({
    shell: 'preview',
    appVersion: '0.0.0-skew',
    dataDir: home,
    secrets: createMemorySecretStore(),
    clock: localClock,
    sandbox: Object.assign(async () => ({ baseUrl: running.baseUrl, appKey: SANDBOX_APP_KEY, appSecret: SANDBOX_APP_SECRET, accessToken: SANDBOX_ACCESS_TOKEN, serviceId: SANDBOX_SERVICE_ID }), {
      runningAt: () => running.baseUrl,
    }),
  });
  return handlers.getToken({});
}

function errorOf(result: BridgeResult<TokenResult>) {
  if (result.ok) throw new Error(`expected the call to fail, got a token with skew ${result.value.clockSkewMs} ms`);
  return result.error;
}

describe('a clock far from the server', () => {
  it('10 minutes behind: 36009004 naming the timestamp, the measured 10 min, and the fix', async () => {
    const error = errorOf(await tokenWithSandboxAt(10 * 60_000));
    expect(error).toMatchObject({ kind: 'api', code: '36009004' });
    expect(error.message).toMatch(/timestamp/);
    expect(error.message).toMatch(/earlier than 5 minutes/);
    expect(error.explanation).toMatch(/^The offline sandbox rejected the timestamp/);
    expect(error.resolution).toContain("This computer's clock is 10m behind the server's.");
    expect(error.resolution).toMatch(/more than 5 minutes old/);
    expect(error.resolution).toMatch(/automatic time synchronisation \(NTP\)/);
    expect(error.requestId).toMatch(/^\d{14}[0-9A-F]{20}$/);
  });

  it('2 minutes ahead: 36009004 naming the timestamp, the measured 2 min, and the fix', async () => {
    const error = errorOf(await tokenWithSandboxAt(-2 * 60_000));
    expect(error).toMatchObject({ kind: 'api', code: '36009004' });
    expect(error.message).toMatch(/timestamp/);
    expect(error.message).toMatch(/later than 30 seconds/);
    expect(error.explanation).toMatch(/^The offline sandbox rejected the timestamp/);
    expect(error.resolution).toContain("This computer's clock is 2m ahead of the server's.");
    expect(error.resolution).toMatch(/more than 30 s in the future/);
    expect(error.resolution).toMatch(/automatic time synchronisation \(NTP\)/);
  });
});

describe('a clock a little off', () => {
  it.each([
    ['behind', 20_000],
    ['ahead of', -20_000],
  ])('20 s %s the server: the token comes, with the skew and a warning', async (direction, offsetMs) => {
    const result = await tokenWithSandboxAt(offsetMs);
    if (!result.ok) throw new Error(`expected a token, got ${result.error.message}`);
    expect(result.value.sandbox).toBe(true);
    expect(result.value.clockSkewMs).toBe(offsetMs);
    expect(result.value.clockSkewWarning).toContain(`This computer's clock is 20s ${direction} the server's.`);
    expect(result.value.clockSkewWarning).toMatch(/still accepts/);
    // The countdown runs on the server's clock: the sandbox issued the token 300 s after its own now.
    expect(result.value.effectiveExpiryMs).toBe(LOCAL_MS + offsetMs + 300_000);
  });

  it('a few seconds: the token comes with no warning', async () => {
    const result = await tokenWithSandboxAt(3_000);
    if (!result.ok) throw new Error(`expected a token, got ${result.error.message}`);
    expect(result.value).toMatchObject({ clockSkewMs: 3_000, clockSkewWarning: null });
  });
});
