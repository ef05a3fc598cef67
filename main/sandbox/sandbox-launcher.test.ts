import { afterEach, describe, expect, it } from 'vitest';
import { createSandboxLauncher, type SandboxLauncherHandle } from './sandbox-launcher';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_APP_KEY, SANDBOX_APP_SECRET } from './demo-credentials';

async function reachable(baseUrl: string): Promise<boolean> {
  try {
    await fetch(`${baseUrl}/`, { signal: AbortSignal.timeout(5_000) });
    return true;
  } catch {
    return false;
  }
}

describe('the sandbox launcher', () => {
  let launcher: SandboxLauncherHandle | undefined;
  afterEach(async () => {
    await launcher?.close();
    launcher = undefined;
  });

  it('starts the sandbox on first use and hands out its address with the public demo credentials', async () => {
    launcher = createSandboxLauncher();
    const endpoint = await launcher.launch();
    expect(endpoint.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(endpoint).toMatchObject({
      appKey: SANDBOX_APP_KEY,
      appSecret: SANDBOX_APP_SECRET,
      accessToken: SANDBOX_ACCESS_TOKEN,
    });
    expect(await reachable(endpoint.baseUrl)).toBe(true);
  });

  it('gives concurrent first calls one and the same sandbox', async () => {
    launcher = createSandboxLauncher();
    const endpoints = await Promise.all([launcher.launch(), launcher.launch(), launcher.launch()]);
    expect(new Set(endpoints.map((endpoint) => endpoint.baseUrl)).size).toBe(1);
    const later = await launcher.launch();
    expect(later.baseUrl).toBe(endpoints[0]?.baseUrl);
  });

  it('stops the sandbox on close, and a later call starts a fresh one', async () => {
    launcher = createSandboxLauncher();
    const first = await launcher.launch();
    await launcher.close();
    expect(await reachable(first.baseUrl)).toBe(false);

    const second = await launcher.launch();
    expect(await reachable(second.baseUrl)).toBe(true);
  });

  it('tells where the sandbox runs only once it has started, and not after close', async () => {
    launcher = createSandboxLauncher();
    expect(launcher.launch.runningAt()).toBeNull();
    const starting = launcher.launch();
    expect(launcher.launch.runningAt()).toBeNull();
    const endpoint = await starting;
    expect(launcher.launch.runningAt()).toBe(endpoint.baseUrl);
    await launcher.close();
    expect(launcher.launch.runningAt()).toBeNull();
  });

  it('forgets a start that close gave up on', async () => {
    launcher = createSandboxLauncher();
    const starting = launcher.launch();
    await launcher.close();
    await starting;
    expect(launcher.launch.runningAt()).toBeNull();
  });

  it('closes cleanly when the sandbox was never started', async () => {
    launcher = createSandboxLauncher();
    await expect(launcher.close()).resolves.toBeUndefined();
  });
});
