/**
 * Which profile a command that takes `--profile` works with: the one named, else the
 * active one, else the built-in sandbox (said on stderr, since its tokens are not valid
 * on TikTok Shop). Naming a profile here does not make it the active one.
 */
import { SANDBOX_PROFILE } from '../../preload/contract';
import type { ProfileStore } from '../core/profile-store';
import { SANDBOX_FALLBACK_NOTE } from './commands/get';
import { note } from './output';

export async function chosenProfile(store: ProfileStore, named: string | undefined): Promise<string> {
  if (named !== undefined) return named;
  const active = await store.getActive();
  if (active !== null) return active;
  await note(SANDBOX_FALLBACK_NOTE);
  return SANDBOX_PROFILE;
}
