import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { ProfileSummary, SaveProfileRequest } from '../../../preload/contract';
import { useApp } from '../store';
import { ErrorAlert } from './ErrorAlert';
import { initialSecretDraft, secretChange, type SecretDraft } from '../secret-draft';
import { SecretField } from './SecretField';
import { endpointPathWarning, FIELD_ORDER, profileProblems, type FieldProblems, type ProfileField } from '../profile-checks';
import { KeychainDetails } from './KeychainBanner';
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
  const keychain = useApp((s) => s.profiles?.keychain);
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
  const fieldIds: Readonly<Record<ProfileField, string>> = { name: nameId, baseUrl: baseUrlId, appKey: appKeyId, version: versionId };
  const [problems, setProblems] = useState<FieldProblems>({});
  // Set on a refused Save: the first bad field takes focus once the messages are drawn.
  const focusFirst = useRef(false);
  useEffect(() => {
    if (!focusFirst.current) return;
    focusFirst.current = false;
    const first = FIELD_ORDER.find((field) => problems[field] !== undefined);
    if (first !== undefined) document.getElementById(fieldIds[first])?.focus();
  });

  /** A field's message goes as soon as the field is edited: it may be right now, and Save checks again. */
  const edit = (field: ProfileField, setter: (value: string) => void) => (value: string) => {
    setter(value);
    if (problems[field] !== undefined) setProblems(({ [field]: _gone, ...rest }) => rest);
  };

  /** aria-invalid and aria-describedby for a field, tying its message (and its hint) to it. */
  const invalidProps = (field: ProfileField, hintId?: string) => {
    const bad = problems[field] !== undefined;
    const describedBy = [bad ? `${fieldIds[field]}-problem` : undefined, hintId].filter((id) => id !== undefined).join(' ');
    return { 'aria-invalid': bad ? ('true' as const) : undefined, 'aria-describedby': describedBy === '' ? undefined : describedBy };
  };
  const problemText = (field: ProfileField): ReactNode =>
    problems[field] === undefined ? null : (
      <p id={`${fieldIds[field]}-problem`} className="field-problem">
        {problems[field]}
      </p>
    );
  const versionHintId = `${versionId}-hint`;
  const baseUrlWarningId = `${baseUrlId}-warning`;
  const baseUrlWarning = endpointPathWarning(baseUrl);
  const secretsTyped = appSecret.mode === 'input' || accessToken.mode === 'input';

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (saving) return;
    const found = profileProblems({ name, baseUrl, appKey, version });
    if (Object.keys(found).length > 0) {
      focusFirst.current = true;
      setProblems(found);
      return;
    }
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
      {keychain !== undefined && !keychain.available && (
        <div className="note note-warning" role="note">
          <p>
            <strong>The OS keychain is unavailable</strong>, so the app secret and access token cannot be stored:
            {secretsTyped ? ' saving with them will fail until it works.' : ' a profile that needs them cannot be used until it works.'} Nothing
            is ever written anywhere else.
          </p>
          <KeychainDetails keychain={keychain} />
        </div>
      )}
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
            onChange={(event) => edit('name', setName)(event.currentTarget.value)}
            {...invalidProps('name')}
          />
          {problemText('name')}
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
            onChange={(event) => edit('baseUrl', setBaseUrl)(event.currentTarget.value)}
            {...invalidProps('baseUrl', baseUrlWarning === null || problems.baseUrl !== undefined ? undefined : baseUrlWarningId)}
          />
          {problemText('baseUrl')}
          {baseUrlWarning !== null && problems.baseUrl === undefined && (
            <p id={baseUrlWarningId} className="field-warning">
              {baseUrlWarning}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={appKeyId}>App key</label>
          <input
            id={appKeyId}
            className="input mono"
            autoComplete="off"
            spellCheck={false}
            value={appKey}
            onChange={(event) => edit('appKey', setAppKey)(event.currentTarget.value)}
            {...invalidProps('appKey')}
          />
          {problemText('appKey')}
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
            placeholder="e.g. 202401"
            value={version}
            onChange={(event) => edit('version', setVersion)(event.currentTarget.value)}
            {...invalidProps('version', versionHintId)}
          />
          {problemText('version')}
          <p id={versionHintId} className="field-hint">
            Sent as the <code>version</code> query parameter. Leave it empty unless your app is told to send one.
          </p>
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
