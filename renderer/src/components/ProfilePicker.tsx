import { useId, useRef } from 'react';
import type { ProfileSummary } from '../../../preload/contract';
import { useApp } from '../store';
import { ProfileForm } from './ProfileForm';

export function ProfilePicker() {
  const profiles = useApp((s) => s.profiles);
  const status = useApp((s) => s.profilesStatus);
  const editor = useApp((s) => s.editor);
  const confirmingRemove = useApp((s) => s.confirmingRemove);
  const selectProfile = useApp((s) => s.selectProfile);
  const openEditor = useApp((s) => s.openEditor);
  const setConfirmingRemove = useApp((s) => s.setConfirmingRemove);
  const removeProfile = useApp((s) => s.removeProfile);
  const repairProfiles = useApp((s) => s.repairProfiles);
  const repairing = useApp((s) => s.repairing);
  const repairedTo = useApp((s) => s.repairedTo);
  const selectId = useId();
  const builtInNoteId = useId();
  const confirmId = useId();
  const selectRef = useRef<HTMLSelectElement>(null);
  const newRef = useRef<HTMLButtonElement>(null);
  const editRef = useRef<HTMLButtonElement>(null);

  const active = profiles?.profiles.find((p) => p.name === profiles.active);
  const editable = active !== undefined && !active.builtIn;
  const editing = editor?.mode === 'edit' ? profiles?.profiles.find((p) => p.name === editor.name) : undefined;

  // The button that opened the form disappears from focus while typing; give focus back to
  // where the user will go next: the picker after a save, the opener after a cancel.
  const closeEditor = (saved: boolean): void => {
    const opener = editor?.mode === 'new' ? newRef.current : editRef.current;
    openEditor(null);
    (saved ? selectRef.current : opener)?.focus();
  };

  const confirmRemove = async (name: string): Promise<void> => {
    await removeProfile(name);
    selectRef.current?.focus();
  };

  // The button goes away once the file is moved: focus goes on to the picker. After a
  // refusal it stays, and so does focus, next to the alert that says why.
  const repair = async (): Promise<void> => {
    if (await repairProfiles()) selectRef.current?.focus();
  };

  return (
    <section className="card profile-card">
      <div className="profile-row">
        <div className="field-inline">
          <label htmlFor={selectId} className="field-label">
            Active profile
          </label>
          <select
            id={selectId}
            ref={selectRef}
            className="select"
            value={profiles?.active ?? ''}
            disabled={profiles === null}
            onChange={(event) => void selectProfile(event.currentTarget.value)}
          >
            {profiles === null ? (
              <option value="">{status === 'failed' ? 'Profiles unavailable' : 'Loading…'}</option>
            ) : (
              profiles.profiles.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                </option>
              ))
            )}
          </select>
        </div>
        <div className="profile-actions">
          <button ref={newRef} type="button" className="button button-secondary" onClick={() => openEditor({ mode: 'new' })}>
            New profile
          </button>
          <button
            ref={editRef}
            type="button"
            className="button button-secondary"
            disabled={!editable}
            aria-describedby={active?.builtIn === true ? builtInNoteId : undefined}
            onClick={() => active !== undefined && openEditor({ mode: 'edit', name: active.name })}
          >
            Edit profile
          </button>
          <button
            type="button"
            className="button button-quiet button-danger"
            disabled={!editable}
            aria-expanded={confirmingRemove}
            aria-controls={confirmingRemove ? confirmId : undefined}
            onClick={() => setConfirmingRemove(!confirmingRemove)}
          >
            Remove profile
          </button>
        </div>
      </div>

      {/* Here rather than in the alert: getting a sandbox token clears the alert, and this must stay. */}
      {status === 'unreadable' && (
        <div className="note note-warning note-with-action" role="group" aria-label="Damaged profiles file">
          <p>
            The profiles file could not be read, so only the built-in sandbox is offered. Moving the file aside keeps it,
            renamed, and lets you create profiles again; their secrets stay in the keychain.
          </p>
          <button
            type="button"
            className="button button-secondary"
            aria-disabled={repairing}
            aria-busy={repairing}
            onClick={() => void repair()}
          >
            Move damaged file aside
          </button>
        </div>
      )}

      {repairedTo !== null && (
        <p className="note" role="status">
          The damaged profiles file was moved to <span className="mono">{repairedTo}</span>. Create your profiles again: the
          secrets of the old ones are still in the keychain, under their names.
        </p>
      )}

      {active !== undefined && <ProfileDetails profile={active} builtInNoteId={builtInNoteId} />}

      {confirmingRemove && active !== undefined && editable && (
        <div id={confirmId} className="confirm" role="group" aria-label="Confirm removal">
          <p>
            Remove <strong>{active.name}</strong> and its keychain entries? This cannot be undone.
          </p>
          <div className="confirm-actions">
            <button type="button" className="button button-danger-solid" onClick={() => void confirmRemove(active.name)}>
              Yes, remove
            </button>
            <button type="button" className="button button-quiet" onClick={() => setConfirmingRemove(false)}>
              Keep profile
            </button>
          </div>
        </div>
      )}

      {editor !== null && (editor.mode === 'new' || editing !== undefined) && (
        <ProfileForm
          key={editor.mode === 'new' ? 'new' : `edit:${editor.name}`}
          {...(editing === undefined ? {} : { profile: editing })}
          onDone={closeEditor}
        />
      )}
    </section>
  );
}

function ProfileDetails({ profile, builtInNoteId }: { readonly profile: ProfileSummary; readonly builtInNoteId: string }) {
  if (profile.builtIn) {
    return (
      <div className="profile-details">
        <p className="sandbox-note" id={builtInNoteId}>
          <span className="badge badge-sandbox">Sandbox</span> Offline sandbox on this machine: its tokens are{' '}
          <strong>not valid on TikTok Shop</strong>. Built in, so there is nothing to set up, edit or remove.
        </p>
        <p className="profile-facts mono">{profile.baseUrl}</p>
      </div>
    );
  }
  return (
    <div className="profile-details">
      <dl className="profile-facts">
        <div>
          <dt>Base URL</dt>
          <dd className="mono">{profile.baseUrl}</dd>
        </div>
        <div>
          <dt>App key</dt>
          <dd className="mono">{profile.appKey}</dd>
        </div>
        {profile.version !== undefined && (
          <div>
            <dt>Version</dt>
            <dd className="mono">{profile.version}</dd>
          </div>
        )}
        <div>
          <dt>App secret</dt>
          <dd data-set={profile.appSecretSet}>{profile.appSecretSet ? 'stored' : 'not set'}</dd>
        </div>
        <div>
          <dt>Access token</dt>
          <dd data-set={profile.accessTokenSet}>{profile.accessTokenSet ? 'stored' : 'not set'}</dd>
        </div>
      </dl>
    </div>
  );
}
