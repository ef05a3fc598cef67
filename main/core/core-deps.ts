import type { SecretStore } from './secret-store';
import type { DesktopStatus } from '../../preload/contract';
import type { Clock } from './clock';
import type { SandboxSignatureVerdict } from '../../preload/contract';
import type { LifecycleNotices } from './desktop/notices';

/** Where the built-in `sandbox` profile sends its calls: the shells start the sandbox on demand. */
export interface SandboxEndpoint {
  readonly baseUrl: string;
  readonly appKey: string;
  readonly appSecret: string;
  readonly accessToken: string;
  /** The sandbox's demo service ID, for the built-in profile's authorization link. */
  readonly serviceId: string;
}

/**
 * Starts the sandbox on first use and answers where it is. `runningAt` says where it
 * listens without starting it: null until a start has finished, and again once the
 * shell has closed it. Profiles show that address; only a token call starts the sandbox.
 */
export interface SandboxLauncher {
  (): Promise<SandboxEndpoint>;
  readonly runningAt: () => string | null;
  /**
   * Whether the sandbox signed `token`, checked with its key, which never leaves main.
   * A stand-in launcher (tests) may leave it out: its tokens are then not recognised.
   */
  readonly verifyToken?: (token: string) => SandboxSignatureVerdict;
}

/** Writes text to the system clipboard (Electron's clipboard in the desktop shell). */
export interface ClipboardPort {
  writeText(text: string): void | Promise<void>;
}

/** What the desktop shell reports about the shortcut and the clipboard (absent in the preview). */
export interface DesktopPort {
  status(): DesktopStatus;
}

/** What a shell hands the core when it builds the bridge handler table. */
export interface CoreDeps {
  readonly shell: 'electron' | 'preview';
  readonly appVersion: string;
  /** The profiles folder; defaults to dataDir() (WIDGET_TOKEN_HOME or the app's userData folder). */
  readonly dataDir?: string;
  readonly secrets: SecretStore;
  readonly sandbox: SandboxLauncher;
  /** Absent in the preview, where the browser copies on its own side of the bridge. */
  readonly clipboard?: ClipboardPort;
  readonly clock?: Clock;
  /** Request timeout for token calls, milliseconds (default 15 s). */
  readonly timeoutMs?: number;
  /** The Electron shell's tray, shortcut and clipboard; absent in the preview. */
  readonly desktop?: DesktopPort;
  /**
   * Desktop notifications for the access token's lifecycle (authorization ending within
   * 30 days, a refresh that failed), each said once per profile. The seller-authorization
   * work calls these; absent in the preview and the CLI, which say such things in their own way.
   */
  readonly notices?: LifecycleNotices;
  /** Opens an authorization link in the system browser: the Electron shell's shell.openExternal; absent in the preview. */
  readonly openExternal?: (url: string) => Promise<void>;
}
