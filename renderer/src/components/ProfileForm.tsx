import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ProfileSummary, SaveProfileRequest } from '../../../preload/contract';
import { useApp } from '../store';
import { ErrorAlert } from './ErrorAlert';
import { initialSecretDraft, secretChange, type SecretDraft } from '../secret-draft';
import { SecretField } from './SecretField';
import { AuthFields, authOptions, initialAuthDraft } from './AuthFields';

const PRODUCTION_BASE_URL = 'https://open-api.tiktokglobalshop.com';

interface ProfileFormProps {
  /** The profile being edited; absent for a new one. */
  readonly profile?: ProfileSummary;
  /** Called after a successful save (true) or on cancel (false). */
  readonly onDone: (saved: boolean) => void;
}

/**
 * The form keeps what was typed in its own state: when main rejects a save, the error
 * shows in the alert region and nothing here is lost.
 */
export function ProfileForm({ profile, onDone }: ProfileFormProps) {
  const saving = useApp((s) => s.saving);
  const saveProfile = useApp((s) => s.saveProfile);
  const [name, setName] = useState(profile?.name ?? '');
  const [baseUrl, setBaseUrl] = useState(profile?.baseUrl ?? PRODUCTION_BASE_URL);
  const [appKey, setAppKey] = useState(profile?.appKey ?? '');
  const [version, setVersion] = useState(profile?.version ?? '');
  const [appSecret, setAppSecret] = useState<SecretDraft>(() => initialSecretDraft(profile?.appSecretSet ?? false));
  const [accessToken, setAccessToken] = useState<SecretDraft>(() =>
    initialSecretDraft(profile?.accessTokenSet ?? false),
  );
  const [auth, setAuth] = useState(() => initialAuthDraft(profile));
  const titleId = useId();
  const nameId = useId();
  const baseUrlId = useId();
  const appKeyId = useId();
  const versionId = useId();

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (saving) return;
    const trimmedVersion = version.trim();
    const request: SaveProfileRequest = {
      ...(profile === undefined ? {} : { originalName: profile.name }),
      name: name.trim(),
      baseUrl: baseUrl.trim(),
      appKey: appKey.trim(),
      ...(trimmedVersion === '' ? {} : { version: trimmedVersion }),
      ...authOptions(auth, profile),
      appSecret: secretChange(appSecret),
      accessToken: secretChange(accessToken),
    };
    if (await saveProfile(request)) onDone(true);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onDone(false);
    }
  };

  return (
    // Validation is main's: its messages land in the alert region, the browser's bubbles would not.
    <form
      aria-label="Profile"
      className="profile-form"
      noValidate
      onSubmit={(event) => void submit(event)}
      onKeyDown={onKeyDown}
      aria-describedby={titleId}
    >
      <p id={titleId} className="form-title">
        {profile === undefined ? 'Create a profile' : `Editing “${profile.name}”`}
        <span className="fine-print"> Secrets go to the OS keychain and are never shown again.</span>
      </p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={nameId}>Name</label>
          <input
            id={nameId}
            className="input"
            autoFocus
            autoComplete="off"
            spellCheck={false}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={baseUrlId}>Base URL</label>
          <input
            id={baseUrlId}
            className="input mono"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            value={baseUrl}
            onChange={(event) => setBaseUrl(event.currentTarget.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={appKeyId}>App key</label>
          <input
            id={appKeyId}
            className="input mono"
            autoComplete="off"
            spellCheck={false}
            value={appKey}
            onChange={(event) => setAppKey(event.currentTarget.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={versionId}>
            API version <span className="optional">optional</span>
          </label>
          <input
            id={versionId}
            className="input mono"
            autoComplete="off"
            spellCheck={false}
            value={version}
            onChange={(event) => setVersion(event.currentTarget.value)}
          />
        </div>
        <SecretField label="App secret" isSet={profile?.appSecretSet ?? false} draft={appSecret} onChange={setAppSecret} />
        <SecretField
          label="Access token"
          isSet={profile?.accessTokenSet ?? false}
          draft={accessToken}
          onChange={setAccessToken}
        />
      </div>
      <AuthFields draft={auth} onChange={setAuth} />
      <ErrorAlert source="form" />
      <div className="form-actions">
        <button type="submit" className="button button-primary" aria-disabled={saving} aria-busy={saving}>
          Save
        </button>
        <button type="button" className="button button-quiet" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
