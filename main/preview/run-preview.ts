/**
 * `widget-token preview` (and `npm start` where Electron cannot run): the core's bridge
 * table served with the built UI on 127.0.0.1 until SIGINT or SIGTERM. It prints one
 * line, the address with this run's key, and nothing else on stdout.
 */
import { existsSync } from 'node:fs';
import { version } from '../../package.json';
import { createBridgeHandlers } from '../core/bridge-handlers';
import { portRefusal, ValidationError } from '../core/errors';
import { untilStopSignal } from '../core/stop-signal';
import { createKeychainStore } from '../core/keychain';
import { createSandboxLauncher } from '../sandbox/sandbox-launcher';
import { locateBuiltApp, type BuiltApp } from '../static/built-app';
import { openInBrowser, type BrowserLaunch } from './open-browser';
import { startPreview, type PreviewOptions, type RunningPreview } from './preview-server';

export interface RunPreviewOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Open the address in the default browser. */
  readonly open?: boolean;
  /** The build output to serve; defaults to the one next to this program. */
  readonly builtApp?: BuiltApp;
  /** Stops the preview when it settles; defaults to the first SIGINT or SIGTERM. */
  readonly stop?: Promise<unknown>;
}

async function listen(options: PreviewOptions): Promise<RunningPreview> {
  const port = options.port ?? 0;
  try {
    return await startPreview(options);
  } catch (error) {
    throw portRefusal(error, port, 'preview') ?? error;
  }
}

function writeLine(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(`${text}\n`, (error) => (error ? reject(error) : resolve()));
  });
}

/** Runs until stopped, then closes the server and the sandbox and resolves. */
export async function runPreview(options: RunPreviewOptions = {}): Promise<void> {
  const built = options.builtApp ?? locateBuiltApp(import.meta.url);
  if (!existsSync(built.bridgeScriptPath)) {
    throw new ValidationError(
      "The preview's bridge script is missing.",
      'The preview serves out/preview/bridge.js, which `npm run build` writes after the app itself.',
      'Run `npm run build` in the checkout, then try again.',
    );
  }
  const sandbox = createSandboxLauncher();
  try {
    const handlers = createBridgeHandlers({
      shell: 'preview',
      appVersion: version,
      secrets: createKeychainStore(),
      sandbox: sandbox.launch,
    });
    const preview = await listen({
      port: options.port,
      handlers,
      rendererDir: built.rendererDir,
      bridgeScriptPath: built.bridgeScriptPath,
    });
    // Listening for the signals before printing: whoever reads the line may stop us at once.
    const stopped = options.stop ?? untilStopSignal();
    let launch: BrowserLaunch | null = null;
    try {
      await writeLine(`Widget Token Desk preview: ${preview.url}`);
      if (options.open) launch = await openInBrowser(preview.url, (line) => process.stderr.write(`${line}\n`));
      await stopped;
    } finally {
      await launch?.close();
      await preview.close();
    }
  } finally {
    await sandbox.close();
  }
}
