/**
 * The port behind which secrets live. The real adapter is the OS keychain (keychain.ts,
 * keytar); an in-memory one exists for pure unit tests only. Implementations throw
 * KeychainUnavailableError when the store cannot be used, and never fall back to disk.
 */
export type SecretKind = 'app-secret' | 'access-token';

export interface SecretStore {
  get(profile: string, kind: SecretKind): Promise<string | null>;
  set(profile: string, kind: SecretKind, value: string): Promise<void>;
  /** Removes the secret; no error when it was not there. */
  delete(profile: string, kind: SecretKind): Promise<void>;
  /** Throws KeychainUnavailableError with the platform's remedy when the store cannot be used. */
  check(): Promise<void>;
}
