import { useId } from 'react';
import type { KeychainStatus } from '../../../preload/contract';
import { useApp } from '../store';
import { CodeText } from './CodeText';

/**
 * For people who started the app from a checkout: `npm start` runs in the terminal it was
 * typed in, so the keyring must be reachable from that terminal's session.
 */
export const NPM_START_REMEDY =
  'Started with `npm start`? Stop it (Ctrl+C) and start it again from a terminal of your desktop session, where the keyring runs; over SSH or in a container, run it inside a session of its own: `dbus-run-session -- sh -c \'gnome-keyring-daemon --unlock --components=secrets; npm start\'` (it reads the keyring password on stdin).';

/** What is wrong, the platform's remedy and the `npm start` one, folded away until asked for. */
export function KeychainDetails({ keychain }: { readonly keychain: KeychainStatus }) {
  return (
    <details className="keychain-details">
      <summary>Why, and how to fix it</summary>
      {keychain.problem !== undefined && (
        <p>
          <CodeText text={keychain.problem} />
        </p>
      )}
      {keychain.remedy !== undefined && (
        <p>
          <strong>Remedy:</strong> <CodeText text={keychain.remedy} />
        </p>
      )}
      <p>
        <CodeText text={NPM_START_REMEDY} />
      </p>
    </details>
  );
}

/**
 * One line for as long as the keychain is out of reach, not only after a failed save. It
 * can be put away: the profile form says it again where secrets are typed.
 */
export function KeychainBanner() {
  const keychain = useApp((s) => s.profiles?.keychain);
  const dismissed = useApp((s) => s.keychainBannerDismissed);
  const dismiss = useApp((s) => s.dismissKeychainBanner);
  const titleId = useId();
  if (keychain === undefined || keychain.available || dismissed) return null;
  return (
    <section className="banner" aria-labelledby={titleId}>
      <div className="banner-head">
        <p>
          <strong id={titleId} className="banner-title">
            Keychain unavailable
          </strong>{' '}
          — secrets cannot be stored or read. The built-in sandbox works without it.
        </p>
        <button type="button" className="button button-quiet button-small" onClick={dismiss}>
          Dismiss
        </button>
      </div>
      <KeychainDetails keychain={keychain} />
    </section>
  );
}
