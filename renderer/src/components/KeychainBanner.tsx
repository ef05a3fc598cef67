import { useId } from 'react';
import { useApp } from '../store';
import { CodeText } from './CodeText';

/** Shown for as long as the keychain is out of reach, not only after a failed save. */
export function KeychainBanner() {
  const keychain = useApp((s) => s.profiles?.keychain);
  const titleId = useId();
  if (keychain === undefined || keychain.available) return null;
  return (
    <section className="banner" aria-labelledby={titleId}>
      <h2 id={titleId} className="banner-title">
        Keychain unavailable
      </h2>
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
      <p className="banner-aside">
        Secrets are never written anywhere else. The built-in sandbox profile works without a keychain.
      </p>
    </section>
  );
}
