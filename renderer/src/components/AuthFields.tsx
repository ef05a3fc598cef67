import { useId } from 'react';
import { AUTH_REGIONS, type AuthRegion, type ProfileSummary, type SaveProfileRequest } from '../../../preload/contract';

/** The profile form's seller-authorization fields, as typed. */
export interface AuthDraft {
  readonly serviceId: string;
  readonly authRegion: AuthRegion;
  readonly authBaseUrl: string;
}

export function initialAuthDraft(profile: ProfileSummary | undefined): AuthDraft {
  return { serviceId: profile?.serviceId ?? '', authRegion: profile?.authRegion ?? 'global', authBaseUrl: profile?.authBaseUrl ?? '' };
}

/**
 * What the draft adds to a save. The chosen shop has no field here (the Shops table sets
 * it) and is sent as it is, so saving the form does not forget it.
 */
export function authOptions(draft: AuthDraft, profile: ProfileSummary | undefined): Pick<SaveProfileRequest, 'serviceId' | 'authRegion' | 'authBaseUrl' | 'shopId' | 'shopRegion'> {
  const serviceId = draft.serviceId.trim();
  const authBaseUrl = draft.authBaseUrl.trim();
  return {
    ...(serviceId === '' ? {} : { serviceId }),
    authRegion: draft.authRegion,
    ...(authBaseUrl === '' ? {} : { authBaseUrl }),
    ...(profile?.shopId === undefined ? {} : { shopId: profile.shopId }),
    ...(profile?.shopRegion === undefined ? {} : { shopRegion: profile.shopRegion }),
  };
}

interface AuthFieldsProps {
  readonly draft: AuthDraft;
  readonly onChange: (draft: AuthDraft) => void;
}

/** Service ID, auth region and auth base URL: optional, needed only to authorize a shop from the app. */
export function AuthFields({ draft, onChange }: AuthFieldsProps) {
  const serviceId = useId();
  const region = useId();
  const baseUrl = useId();
  return (
    <fieldset className="auth-fields">
      <legend>
        Seller authorization <span className="optional">optional</span>
      </legend>
      <div className="field">
        <label htmlFor={serviceId}>Service ID</label>
        <input
          id={serviceId}
          className="input mono"
          autoComplete="off"
          spellCheck={false}
          value={draft.serviceId}
          onChange={(event) => onChange({ ...draft, serviceId: event.currentTarget.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={region}>Auth region</label>
        <select
          id={region}
          className="select"
          value={draft.authRegion}
          onChange={(event) => onChange({ ...draft, authRegion: AUTH_REGIONS.find((r) => r === event.currentTarget.value) ?? 'global' })}
        >
          <option value="global">global (services.tiktokshop.com)</option>
          <option value="us">us (services.tiktokshops.us)</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={baseUrl}>Auth base URL</label>
        <input
          id={baseUrl}
          className="input mono"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          placeholder="https://auth.tiktok-shops.com"
          value={draft.authBaseUrl}
          onChange={(event) => onChange({ ...draft, authBaseUrl: event.currentTarget.value })}
        />
      </div>
    </fieldset>
  );
}
