/**
 * The keychain when it cannot be used. libsecret reads DBUS_SESSION_BUS_ADDRESS when
 * keytar first talks to D-Bus, so it is pointed at nothing before the first use; this
 * file runs in a process of its own (vitest's forks pool), so no other test's session
 * leaks in.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KeychainUnavailableError } from './errors';
import { createKeychainStore, keychainUnavailableError } from './keychain';

process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent';

const store = createKeychainStore({ service: `widget-token-desk-test-unavailable-${process.pid}` });

async function failure(promise: Promise<unknown>): Promise<KeychainUnavailableError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KeychainUnavailableError);
  return error as KeychainUnavailableError;
}

describe('without a D-Bus session (Linux)', () => {
  it.runIf(process.platform === 'linux')('check() says so plainly, with the Linux remedy', async () => {
    const error = await failure(store.check());
    expect(error.kind).toBe('keychain');
    expect(error.message).toBe('The OS keychain is not available.');
    expect(error.explanation).toContain('There is no D-Bus session bus');
    expect(error.explanation).toContain('Could not connect');
    expect(error.resolution).toContain('dbus-run-session');
    expect(error.resolution).toContain('gnome-keyring');
  });

  it.runIf(process.platform === 'linux')('every operation fails the same way, and none falls back to a file', async () => {
    await failure(store.get('alpha', 'app-secret'));
    await failure(store.delete('alpha', 'access-token'));
    const error = await failure(store.set('alpha', 'app-secret', 'do-not-echo-this-secret'));
    expect(`${error.message} ${error.explanation} ${error.resolution}`).not.toContain('do-not-echo-this-secret');
  });
});

describe('the words for each failure', () => {
  it.each([
    ['no session bus', 'Cannot autolaunch D-Bus without X11 $DISPLAY', 'There is no D-Bus session bus', 'dbus-run-session'],
    ['no keyring daemon', 'The name org.freedesktop.secrets was not provided by any .service files', 'No Secret Service is running', 'apt install gnome-keyring libsecret-1-0'],
    ['a locked keyring', 'Cannot create an item in a locked collection', 'The keyring is locked', 'Unlock the login keyring'],
    ['no login keyring', 'Object does not exist at path “/org/freedesktop/secrets/collection/login”', 'no login collection', 'gnome-keyring-daemon --unlock'],
    ['anything else', 'Something new went wrong', 'The Secret Service refused the request', 'gnome-keyring or KWallet'],
  ])('Linux, %s', (_case, said, what, remedy) => {
    const error = keychainUnavailableError(new Error(said), { stage: 'use', platform: 'linux' });
    expect(error.explanation).toContain(what);
    expect(error.explanation).toContain(`The system said: "${said.replace(/\.$/, '')}"`);
    expect(error.resolution).toContain(remedy);
  });

  it.each([
    ['darwin', 'User interaction is not allowed.', 'login keychain is locked', 'Keychain Access'],
    ['darwin', 'The specified keychain could not be found.', 'no default keychain', 'Keychain Access'],
    ['win32', 'Element not found.', 'Credential Manager refused', 'Credential Manager'],
  ] as const)('%s: %s', (platform, said, what, remedy) => {
    const error = keychainUnavailableError(new Error(said), { stage: 'use', platform });
    expect(error.explanation).toContain(what);
    expect(error.resolution).toContain(remedy);
  });

  it('keeps a value the system might echo out of the text', () => {
    const error = keychainUnavailableError(new Error('failed to store "s3cret-value"'), { stage: 'use', platform: 'linux', redact: ['s3cret-value'] });
    expect(error.explanation).not.toContain('s3cret-value');
    expect(error.explanation).toContain('«redacted»');
  });
});

describe('when the keytar module cannot be loaded', () => {
  afterEach(() => {
    vi.doUnmock('keytar');
    vi.resetModules();
  });

  it('reports a KeychainUnavailableError with the remedy, on first use only', async () => {
    vi.resetModules();
    vi.doMock('keytar', () => {
      throw new Error('libsecret-1.so.0: cannot open shared object file: No such file or directory');
    });
    const fresh = await import('./keychain');
    const errors = await import('./errors');
    const broken = fresh.createKeychainStore({ service: 'unused' });
    const error = await broken.check().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(errors.KeychainUnavailableError);
    const { explanation, resolution } = error as KeychainUnavailableError;
    expect(explanation).toContain('could not be loaded');
    // vitest wraps the loader's own message; in the app it is the dynamic linker's.
    expect(explanation).toContain('The system said:');
    expect(resolution).toContain(process.platform === 'linux' ? 'apt install libsecret-1-0' : 'Reinstall');
    expect(resolution).toContain('sandbox profile works without it');
  });
});
