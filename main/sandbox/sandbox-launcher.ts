/**
 * Starts the offline sandbox the first time the `sandbox` profile needs it, so a shell
 * that is never asked for a sandbox token never opens a port. The shells hand `launch`
 * to the core (CoreDeps.sandbox) and call `close` when they stop.
 */
import type { SandboxEndpoint, SandboxLauncher } from '../core/core-deps';
import { NetworkError } from '../core/errors';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_APP_KEY, SANDBOX_APP_SECRET, SANDBOX_SERVICE_ID } from './demo-credentials';
import { verifySandboxJwt } from './sandbox-jwt-verify';
import { startSandbox, type RunningSandbox } from './sandbox-server';

export interface SandboxLauncherHandle {
  readonly launch: SandboxLauncher;
  /** Stops the sandbox if it was started; a later launch starts a fresh one. */
  close(): Promise<void>;
}

export function createSandboxLauncher(): SandboxLauncherHandle {
  // One promise, not one server: calls that arrive while the first start is still
  // under way must share it rather than open a second port.
  let starting: Promise<RunningSandbox> | null = null;
  // The started sandbox, for runningAt, which must answer without waiting for a start.
  let started: RunningSandbox | null = null;

  function start(): Promise<RunningSandbox> {
    const attempt = startSandbox().then(
      (running) => {
        // A start that close() gave up on is not this launcher's sandbox any more.
        if (starting === attempt) started = running;
        return running;
      },
      () => {
        // A failed start is not remembered: the next request tries again.
        if (starting === attempt) starting = null;
        throw new NetworkError(
          'The offline sandbox could not start.',
          'The built-in sandbox profile runs a small server on 127.0.0.1, and it could not listen there.',
          'Try again; if it keeps failing, check that this machine allows local network connections on 127.0.0.1.',
        );
      },
    );
    starting = attempt;
    return attempt;
  }

  const launch: SandboxLauncher = Object.assign(
    async (): Promise<SandboxEndpoint> => {
      const running = await (starting ?? start());
      return {
        baseUrl: running.baseUrl,
        appKey: SANDBOX_APP_KEY,
        appSecret: SANDBOX_APP_SECRET,
        accessToken: SANDBOX_ACCESS_TOKEN,
        serviceId: SANDBOX_SERVICE_ID,
      };
    },
    { runningAt: (): string | null => started?.baseUrl ?? null, verifyToken: verifySandboxJwt },
  );

  async function close(): Promise<void> {
    const pending = starting;
    starting = null;
    started = null;
    if (!pending) return;
    const running = await pending.catch(() => null);
    await running?.close();
  }

  return { launch, close };
}
