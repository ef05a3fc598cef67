import type { SecretChange } from '../../preload/contract';

/**
 * A secret in the form. Secrets are write-only: a stored one is never shown or sent back,
 * only kept, replaced with a new value, or cleared.
 */
export type SecretDraft =
  | { readonly mode: 'stored' }
  | { readonly mode: 'clear' }
  | { readonly mode: 'input'; readonly value: string };

export function initialSecretDraft(isSet: boolean): SecretDraft {
  return isSet ? { mode: 'stored' } : { mode: 'input', value: '' };
}

/** An empty input means "leave it as it is", whether or not something is stored. */
export function secretChange(draft: SecretDraft): SecretChange {
  switch (draft.mode) {
    case 'stored':
      return { action: 'keep' };
    case 'clear':
      return { action: 'clear' };
    case 'input':
      return draft.value === '' ? { action: 'keep' } : { action: 'replace', value: draft.value };
  }
}
