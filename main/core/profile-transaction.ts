/**
 * A profile's data and its secrets change together, all or nothing, although they live in
 * two stores (profiles.json and the keychain) that share no transaction. The whole change
 * runs under the profiles lock:
 *
 * 1. stage: profiles.json gets a `staging` record, then each new secret is written to a
 *    staging account (`NAME:next:KIND`; no profile can be named `NAME:next`, names have no colon);
 * 2. commit: ONE atomic write of profiles.json holds the new data and a `committed`
 *    record saying that the staged accounts are the truth for NAME;
 * 3. apply: staged values are copied to the live accounts, cleared kinds and a rename's
 *    old entries are deleted, the staged accounts are deleted, and the record goes.
 *
 * A crash, a kill or a keychain failure before the commit leaves the old data with the
 * old secrets (the next locked operation deletes what was staged); after it, the next
 * locked operation applies again (every step can be repeated). Readers that see a
 * committed record read the staged values, so they never pair new data with old secrets.
 */
import { AppError } from './errors';
import { nameKey } from './profile';
import type { PendingSecrets, ProfilesData, ProfilesTransaction } from './profile-store';
import { SECRET_KINDS, type SecretKind, type SecretStore } from './secret-store';

/** The SecretStore "profile" under which NAME's new secrets wait for the commit. */
export function stagingSlot(name: string): string {
  return `${name}:next`;
}

/** What a change does to one profile's secrets: new values by kind, and kinds removed. */
export interface SecretPlan {
  readonly name: string;
  readonly previousName?: string;
  readonly set: ReadonlyMap<SecretKind, string>;
  readonly clear: readonly SecretKind[];
}

/** A change computed from the current data: the data to commit, its secrets, and what to answer. */
export interface ChangePlan<T> {
  readonly data: ProfilesData;
  /** null: the change touches no secret and is a plain write of the file. */
  readonly secrets: SecretPlan | null;
  readonly result: T;
}

/**
 * Finishes or undoes a save that a crash interrupted, and answers the data as it now is.
 * Must run under the profiles lock, before any other change.
 */
export async function recover(tx: ProfilesTransaction, secrets: SecretStore): Promise<ProfilesData> {
  const { pending, ...settled } = await tx.read();
  if (pending === undefined) return settled;
  if (pending.phase === 'staging') {
    for (const kind of pending.set) await secrets.delete(stagingSlot(pending.name), kind);
  } else {
    await apply(pending, secrets);
  }
  await tx.write(settled);
  return settled;
}

/** Runs one change all or nothing (see the top of this file). Must run under the profiles lock, after recover(). */
export async function commit<T>(tx: ProfilesTransaction, secrets: SecretStore, current: ProfilesData, plan: ChangePlan<T>): Promise<T> {
  if (plan.secrets === null) {
    await tx.write(plan.data);
    return plan.result;
  }
  const { name, previousName, set, clear } = plan.secrets;
  const record = { name, ...(previousName === undefined ? {} : { previousName }), set: [...set.keys()], clear: [...clear] };
  if (set.size > 0) {
    // Recorded before the first staged write, so that a kill while staging is rolled back.
    await tx.write({ ...current, pending: { ...record, phase: 'staging' } });
    try {
      for (const [kind, value] of set) await secrets.set(stagingSlot(name), kind, value);
    } catch (error) {
      await rollBack(tx, secrets, current, name, record.set);
      throw error;
    }
  }
  const committed: PendingSecrets = { ...record, phase: 'committed' };
  try {
    await tx.write({ ...plan.data, pending: committed });
  } catch (error) {
    await rollBack(tx, secrets, current, name, record.set);
    throw error;
  }
  try {
    await apply(committed, secrets);
    await tx.write(plan.data);
  } catch (error) {
    // Committed is saved: the record makes every reader see the new secrets, and the next
    // locked operation finishes the copy. Reporting a failure now would be untrue.
    if (!(error instanceof AppError)) throw error;
  }
  return plan.result;
}

/**
 * Undoes a failed stage. The keychain has just failed, so this may fail too: then the
 * staging record stays in the file and the next locked operation undoes the stage.
 */
async function rollBack(tx: ProfilesTransaction, secrets: SecretStore, current: ProfilesData, name: string, staged: readonly SecretKind[]): Promise<void> {
  try {
    for (const kind of staged) await secrets.delete(stagingSlot(name), kind);
    await tx.write(current);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
  }
}

/**
 * Makes the live accounts what the committed record says. Each step can be repeated after
 * a crash: a staged value is deleted only once its live copy is written, and a rename's old
 * entry is deleted only while its staged value still exists (on Windows, whose Credential
 * Manager ignores case, `Prod:…` and `prod:…` are one entry, which the copy has rewritten).
 */
async function apply(pending: PendingSecrets, secrets: SecretStore): Promise<void> {
  const slot = stagingSlot(pending.name);
  const staged = new Map<SecretKind, string | null>();
  for (const kind of pending.set) staged.set(kind, await secrets.get(slot, kind));
  if (pending.previousName !== undefined && pending.previousName !== pending.name) {
    for (const kind of SECRET_KINDS) {
      if (!pending.set.includes(kind) || staged.get(kind) !== null) await secrets.delete(pending.previousName, kind);
    }
  }
  for (const [kind, value] of staged) if (value !== null) await secrets.set(pending.name, kind, value);
  for (const kind of pending.clear) await secrets.delete(pending.name, kind);
  for (const kind of pending.set) await secrets.delete(slot, kind);
}

/** One secret of a stored profile as the data read says it is: a committed save's staged value wins. */
export async function readSecret(data: ProfilesData, secrets: SecretStore, name: string, kind: SecretKind): Promise<string | null> {
  const pending = data.pending;
  if (pending?.phase === 'committed' && nameKey(pending.name) === nameKey(name)) {
    if (pending.clear.includes(kind)) return null;
    // Once apply has copied a value it deletes the staged one: the live entry then holds it.
    if (pending.set.includes(kind)) return (await secrets.get(stagingSlot(pending.name), kind)) ?? secrets.get(pending.name, kind);
  }
  return secrets.get(name, kind);
}
