/**
 * A process that saves one profile against the real keychain and stops dead at a chosen
 * step of the save, saying so on stdout, so that the test can SIGKILL it right there:
 *   node script.mjs DIR SERVICE STEP REQUEST_JSON
 * STEP: staging (one new secret staged), committed (the commit written, nothing applied),
 * deleting-old (a rename's old entries about to go), applying (one live secret copied),
 * cleaning (every live secret copied, staged ones about to go), or none.
 * The pauses live in a SecretStore wrapper here: the product has no test hook.
 */
import { createKeychainStore } from '../../../main/core/keychain';
import { ProfileService, type ProfileSave } from '../../../main/core/profile-service';
import { ProfileStore } from '../../../main/core/profile-store';
import type { SecretStore } from '../../../main/core/secret-store';

const [dir = '', service = '', step = 'none', requestJson = '{}'] = process.argv.slice(2);
const keychain = createKeychainStore({ service });
const count = { stagedSets: 0, liveSets: 0, liveDeletes: 0, stagedDeletes: 0 };

async function pauseIf(condition: boolean, at: string): Promise<void> {
  if (!condition) return;
  process.stdout.write(`paused at ${at}\n`);
  // Holds the process (and the profiles lock) until the test kills it.
  await new Promise<never>(() => setInterval(() => undefined, 1000));
}

const staged = (profile: string) => profile.endsWith(':next');

const secrets: SecretStore = {
  get: (profile, kind) => keychain.get(profile, kind),
  check: () => keychain.check(),
  set: async (profile, kind, value) => {
    if (staged(profile)) {
      count.stagedSets += 1;
      await pauseIf(step === 'staging' && count.stagedSets === 2, step);
    } else {
      count.liveSets += 1;
      await pauseIf(step === 'committed' && count.liveSets === 1, step);
      await pauseIf(step === 'applying' && count.liveSets === 2, step);
    }
    await keychain.set(profile, kind, value);
  },
  delete: async (profile, kind) => {
    if (staged(profile)) {
      count.stagedDeletes += 1;
      await pauseIf(step === 'cleaning' && count.stagedDeletes === 1, step);
    } else {
      count.liveDeletes += 1;
      await pauseIf(step === 'deleting-old' && count.liveDeletes === 1, step);
    }
    await keychain.delete(profile, kind);
  },
};

const request = JSON.parse(requestJson) as ProfileSave;
await new ProfileService(new ProfileStore({ dir }), secrets, { runningAt: () => null }).save(request);
process.stdout.write('saved\n');
