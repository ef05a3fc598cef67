/**
 * The SecretStore on the OS keychain, through keytar (Secret Service on Linux, Keychain
 * on macOS, Credential Manager on Windows). keytar is a native module: it is loaded on
 * first use only, so that commands and screens that need no secret (the sandbox profile,
 * `decode`) work on machines where it cannot load. Every failure becomes a
 * KeychainUnavailableError with the platform's remedy; there is no plain-text fallback.
 */
import { randomUUID } from 'node:crypto';
import type * as KeytarModule from 'keytar';
import { KeychainUnavailableError } from './errors';
import { assertStorableSecret, type SecretKind, type SecretStore } from './secret-store';

export const DEFAULT_KEYCHAIN_SERVICE = 'widget-token-desk';

/**
 * The account check() writes and removes; without a colon it can never be a profile's.
 * Each check has its own: when the app and the CLI probed one shared account at the same
 * moment, one deleted the item the other was still writing, and the keychain looked broken.
 */
function probeAccount(): string {
  return `keychain-probe-${process.pid}-${randomUUID()}`;
}

/** The keychain account of one secret of one profile. */
export function keychainAccount(profile: string, kind: SecretKind): string {
  return `${profile}:${kind}`;
}

export interface KeychainStoreOptions {
  /** Defaults to WIDGET_TOKEN_KEYCHAIN_SERVICE, else `widget-token-desk`. */
  readonly service?: string;
}

export function createKeychainStore(options: KeychainStoreOptions = {}): SecretStore & { readonly service: string } {
  const service = options.service ?? (process.env.WIDGET_TOKEN_KEYCHAIN_SERVICE || DEFAULT_KEYCHAIN_SERVICE);
  let keytar: Promise<typeof KeytarModule> | undefined;

  async function use<T>(operation: (api: typeof KeytarModule) => Promise<T>, value?: string): Promise<T> {
    let api: typeof KeytarModule;
    try {
      keytar ??= loadKeytar();
      api = await keytar;
    } catch (error) {
      throw keychainUnavailableError(error, { stage: 'load' });
    }
    try {
      return await operation(api);
    } catch (error) {
      throw keychainUnavailableError(error, { stage: 'use', redact: value === undefined ? [] : [value] });
    }
  }

  return {
    service,
    get: (profile, kind) => use((api) => api.getPassword(service, keychainAccount(profile, kind))),
    set: async (profile, kind, value) => {
      // keytar would refuse an empty value with an error that reads like a broken keychain,
      // and keep a value with a NUL or an unpaired surrogate only in part.
      assertStorableSecret(kind, value);
      await use((api) => api.setPassword(service, keychainAccount(profile, kind), value), value);
    },
    delete: async (profile, kind) => {
      await use((api) => api.deletePassword(service, keychainAccount(profile, kind)));
    },
    check: async () => {
      // Only a write shows that secrets can be stored: on Linux, reads succeed with no
      // login collection or a locked one, and on macOS reading existing entries can prompt.
      await use(async (api) => {
        const account = probeAccount();
        await api.setPassword(service, account, 'probe');
        await api.deletePassword(service, account);
      });
    },
  };
}

async function loadKeytar(): Promise<typeof KeytarModule> {
  // keytar is CommonJS: under Node's ESM loader its functions sit on the default export.
  const module: typeof KeytarModule & { default?: typeof KeytarModule } = await import('keytar');
  return module.default ?? module;
}

interface Situation {
  readonly what: string;
  readonly remedy?: string;
}

const LINUX_REMEDY =
  'Install and unlock a Secret Service keyring (gnome-keyring or KWallet), e.g. `sudo apt install gnome-keyring libsecret-1-0`, and run Widget Token Desk inside a desktop session. Over SSH or in a container, start one with `dbus-run-session` and `gnome-keyring-daemon --unlock --components=secrets`.';
const MAC_REMEDY =
  'Open Keychain Access, unlock the login keychain (File > Unlock Keychain "login"), and allow Widget Token Desk when macOS asks. If there is no login keychain, create one with Keychain Access > Keychain First Aid.';
const WINDOWS_REMEDY =
  'Open Credential Manager (Control Panel > User Accounts > Credential Manager > Windows Credentials) and check that it works for your account; a temporary or roaming profile that failed to load cannot store credentials. Sign out and in again, then retry.';

function platformRemedy(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return MAC_REMEDY;
  if (platform === 'win32') return WINDOWS_REMEDY;
  return LINUX_REMEDY;
}

function linuxSituation(detail: string): Situation {
  if (/autolaunch D-Bus|DBUS_SESSION_BUS_ADDRESS|could not connect|dbus/i.test(detail) && !/org\.freedesktop\.secrets/.test(detail)) {
    return {
      what: 'There is no D-Bus session bus, so the Secret Service (the Linux keychain) cannot be reached. This happens over SSH, in containers and in CI.',
      remedy:
        'Run Widget Token Desk inside a desktop session, where D-Bus and the keyring start with your login. Elsewhere start both yourself: `dbus-run-session -- sh -c \'gnome-keyring-daemon --unlock --components=secrets; widget-token ...\'` (it reads the keyring password on stdin). Install them with `sudo apt install dbus gnome-keyring libsecret-1-0` if they are missing.',
    };
  }
  if (/org\.freedesktop\.secrets|not provided by any \.service/i.test(detail)) {
    return {
      what: 'No Secret Service is running: neither gnome-keyring nor KWallet answers on the session bus.',
      remedy:
        'Install a keyring (`sudo apt install gnome-keyring libsecret-1-0`, or enable the Secret Service in KWallet), then log in to the desktop again or start it with `gnome-keyring-daemon --start --components=secrets`.',
    };
  }
  if (/locked/i.test(detail)) {
    return {
      what: 'The keyring is locked, and no unlock prompt could be shown.',
      remedy:
        'Unlock the login keyring (Passwords and Keys / Seahorse, KWallet Manager, or `gnome-keyring-daemon --unlock` with your password on stdin), then retry.',
    };
  }
  if (/collection|object does not exist/i.test(detail)) {
    return {
      what: 'The keyring has no login collection to store secrets in, and no prompt could be shown to create one.',
      remedy:
        'Log in to a desktop session once so that the login keyring is created, or create it in Passwords and Keys (Seahorse). Without a desktop, `gnome-keyring-daemon --unlock --components=secrets` creates it with the password it reads on stdin.',
    };
  }
  if (/cancel|dismiss/i.test(detail)) {
    return { what: 'The keyring prompt was dismissed, so the keyring stayed locked.', remedy: 'Retry and unlock the keyring when it asks.' };
  }
  return { what: 'The Secret Service refused the request.' };
}

function macSituation(detail: string): Situation {
  if (/interaction is not allowed|passphrase|not correct|locked/i.test(detail)) {
    return { what: 'The login keychain is locked, or macOS did not allow Widget Token Desk to use it.' };
  }
  if (/could not be found|no default keychain/i.test(detail)) {
    return { what: 'macOS has no default keychain for this user.' };
  }
  return { what: 'The macOS keychain refused the request.' };
}

/**
 * What went wrong with the keychain, in words, and the platform's remedy. Exported so
 * the wording for each platform can be tested here, where only the Linux keychain runs.
 * `redact` holds values that must not appear in the text, should the OS echo them.
 */
export function keychainUnavailableError(
  cause: unknown,
  options: { stage: 'load' | 'use'; platform?: NodeJS.Platform; redact?: readonly string[] },
): KeychainUnavailableError {
  const platform = options.platform ?? process.platform;
  const detail = describeCause(cause, options.redact ?? []);
  let situation: Situation;
  if (options.stage === 'load') {
    situation = {
      what: 'The keychain module (keytar) could not be loaded, so secrets can be neither stored nor read.',
      remedy:
        platform === 'linux'
          ? 'Install libsecret (`sudo apt install libsecret-1-0`) and a keyring (gnome-keyring or KWallet), then reinstall Widget Token Desk. The built-in sandbox profile works without it.'
          : 'Reinstall Widget Token Desk; its keychain module is missing or was built for another system. The built-in sandbox profile works without it.',
    };
  } else if (platform === 'darwin') {
    situation = macSituation(detail);
  } else if (platform === 'win32') {
    situation = { what: 'Windows Credential Manager refused the request.' };
  } else {
    situation = linuxSituation(detail);
  }
  const said = detail ? ` The system said: "${detail}".` : '';
  return new KeychainUnavailableError(
    'The OS keychain is not available.',
    `${situation.what}${said} Secrets are kept only in the keychain, never in a file, so profiles that need them cannot be used until it works.`,
    situation.remedy ?? platformRemedy(platform),
  );
}

function describeCause(cause: unknown, redact: readonly string[]): string {
  let text = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : '';
  for (const value of redact) {
    if (value) text = text.split(value).join('«redacted»');
  }
  text = text.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
