/**
 * The core as the CLI runs it: profiles in the shared data folder, secrets in the OS
 * keychain (keytar loads on first use only), and the offline sandbox started on demand
 * for the `sandbox` profile. Only the commands that need profiles or tokens import this.
 */
import { createCore, type Core } from '../core/bridge-handlers';
import { createKeychainStore } from '../core/keychain';
import type { SecretStore } from '../core/secret-store';
import { createSandboxLauncher } from '../sandbox/sandbox-launcher';

export interface CliCore extends Core {
  readonly secrets: SecretStore;
  /** Stops the sandbox if a command started it. */
  close(): Promise<void>;
}

export function openCliCore(): CliCore {
  const secrets = createKeychainStore();
  const launcher = createSandboxLauncher();
  const core = createCore({ secrets, sandbox: launcher.launch });
  return { ...core, secrets, close: launcher.close };
}
