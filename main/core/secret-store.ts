/**
 * The port behind which secrets live. The real adapter is the OS keychain (keychain.ts,
 * keytar); an in-memory one exists for pure unit tests only. Implementations throw
 * KeychainUnavailableError when the store cannot be used, and never fall back to disk.
 */
import { ValidationError } from './errors';

export type SecretKind = 'app-secret' | 'access-token' | 'refresh-token';

/** Every kind a profile can hold, in the order they are listed and written. */
export const SECRET_KINDS: readonly SecretKind[] = ['app-secret', 'access-token', 'refresh-token'];

export const SECRET_LABEL: Readonly<Record<SecretKind, string>> = { 'app-secret': 'app secret', 'access-token': 'access token', 'refresh-token': 'refresh token' };

export interface SecretStore {
  get(profile: string, kind: SecretKind): Promise<string | null>;
  set(profile: string, kind: SecretKind, value: string): Promise<void>;
  /** Removes the secret; no error when it was not there. */
  delete(profile: string, kind: SecretKind): Promise<void>;
  /** Throws KeychainUnavailableError with the platform's remedy when the store cannot be used. */
  check(): Promise<void>;
}

/** A high surrogate without its low half, or a low one without its high half. */
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Refuses a secret no keychain keeps exactly, before anything is written. The keychains
 * take C strings of UTF-8: libsecret cuts a secret at a NUL without a word and turns an
 * unpaired surrogate into U+FFFD, so what came back would not be what was saved, and the
 * calls signed with it would fail far from the cause. The text never quotes the value.
 */
export function assertStorableSecret(kind: SecretKind, value: string): void {
  const label = SECRET_LABEL[kind];
  if (value.length === 0) {
    throw new ValidationError(`The ${label} is empty.`, 'An empty secret cannot be stored in the keychain.', 'Enter the value, or choose Clear to remove the stored one.');
  }
  if (value.includes('\0') || UNPAIRED_SURROGATE.test(value)) {
    throw new ValidationError(
      `The ${label} contains a character the keychain cannot store.`,
      'It holds a NUL character or a broken UTF-16 character, which the OS keychain would cut off or replace; no real secret contains one.',
      `Copy the ${label} again from its source and paste it alone.`,
    );
  }
}
