/**
 * A SecretStore in memory, for pure unit tests only: everything that touches real
 * secrets is tested against the OS keychain (keychain.ts). Nothing here ever reaches disk.
 */
import type { SecretKind, SecretStore } from './secret-store';

export function createMemorySecretStore(): SecretStore {
  const secrets = new Map<string, string>();
  const key = (profile: string, kind: SecretKind) => `${profile}:${kind}`;
  return {
    get: async (profile, kind) => secrets.get(key(profile, kind)) ?? null,
    set: async (profile, kind, value) => {
      secrets.set(key(profile, kind), value);
    },
    delete: async (profile, kind) => {
      secrets.delete(key(profile, kind));
    },
    check: async () => undefined,
  };
}
