import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  SANDBOX_SUMMARY,
  type BridgeError,
  type BridgeResult,
  type ProfilesState,
  type ProfileSummary,
  type SaveProfileRequest,
  type TokenResult,
  type WidgetTokenApi,
} from '../../preload/contract';
import { BUSY_AFTER_MS, COPIED_VISIBLE_MS, createAppStore } from './store';
import { DEFAULT_SETTINGS } from '../../common/default-settings';

/** The sample token of the API document: UserID and ShopIDs are 19-digit integers. */
const SAMPLE_TOKEN =
  'eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJVc2VySUQiOjc0OTM5OTA3NTMyNTY5MDA0ODYsIkNsaWVudEtleSI6IjZhbW00dnVoNWZvMWciLCJTaG9wSURzIjpbNzQ5Mzk5MDc1MzI1NjkwMDQ4Nl0sIkV4cGlyZSI6MTcwMTA2NjAyMCwiU2VsbGVyVHlwZSI6MiwiZXhwIjoxNzAxMDY2MDIwfQ.KS15mwJ8LUC2U6Chfbmwr7PO2mGK_3wLYYaa8TM6DixdKmbG3o4kRSlCfi1a6UotpXxU0CNelLwX1G5H3sY7vw';

/** Where the fake main's sandbox runs once a sandbox token has started it. */
const SANDBOX_AT = 'http://127.0.0.1:40000';

const INVALID_URL: BridgeError = {
  kind: 'validation',
  message: 'The base URL must be https.',
  explanation: 'Secrets travel with every call.',
  resolution: 'Use an https URL.',
};

function tokenFor(profile: string): TokenResult {
  return {
    profile,
    sandbox: profile === 'sandbox',
    baseUrl: profile === 'sandbox' ? SANDBOX_AT : 'https://example.test',
    token: SAMPLE_TOKEN,
    expireAt: 1701363599,
    jwtExp: 1701066020,
    effectiveExpiryMs: 1701066020_000,
    expiryDisagreement: { expireAt: 1701363599, jwtExp: 1701066020 },
    requestId: 'req-1',
    clockSkewMs: 0,
    clockSkewWarning: null,
    receivedAtMs: 1701065720_000,
    curl: "curl 'https://example.test' -H 'x-tts-access-token: ****'",
    stringToSign: '****',
    appKey: '6abcdefgh1234',
  };
}

const ok = <T>(value: T): Promise<BridgeResult<T>> => Promise.resolve({ ok: true, value });
const fail = (error: BridgeError): Promise<BridgeResult<never>> => Promise.resolve({ ok: false, error });

/** An in-memory main: profiles, settings and a clipboard, enough to drive the store. */
function fakeMain() {
  let profiles: ProfileSummary[] = [SANDBOX_SUMMARY];
  let active = 'sandbox';
  const copied: string[] = [];
  const saved: SaveProfileRequest[] = [];
  const tokenRequests: { readonly profile?: string }[] = [];
  const state = (): ProfilesState => ({ profiles, active, keychain: { available: true } });
  const api: WidgetTokenApi = {
    listProfiles: () => ok(state()),
    selectProfile: ({ name }) => {
      active = name;
      return ok(state());
    },
    saveProfile: (request) => {
      saved.push(request);
      if (!request.baseUrl.startsWith('https://')) return fail(INVALID_URL);
      profiles = [
        ...profiles.filter((p) => p.name !== request.name),
        {
          name: request.name,
          baseUrl: request.baseUrl,
          appKey: request.appKey,
          builtIn: false,
          appSecretSet: request.appSecret.action === 'replace',
          accessTokenSet: request.accessToken.action === 'replace',
          refreshTokenSet: false,
        },
      ];
      return ok(state());
    },
    removeProfile: ({ name }) => {
      profiles = profiles.filter((p) => p.name !== name);
      if (active === name) active = 'sandbox';
      return ok(state());
    },
    repairProfiles: () => ok({ movedTo: null, state: state() }),
    getToken: (request = {}) => {
      tokenRequests.push(request);
      return ok(tokenFor(request.profile ?? active));
    },
    decodeToken: () => fail(INVALID_URL),
    copyText: ({ text }) => {
      copied.push(text);
      return ok({ copied: true });
    },
    getSettings: () => ok({ ...DEFAULT_SETTINGS, autoRefresh: true }),
    saveSettings: (settings) => ok({ ...DEFAULT_SETTINGS, ...settings }),
    appInfo: () => ok({ version: '0.1.0', shell: 'preview', platform: 'linux' }),
    checkSandboxSignature: () => ok({ verdict: 'not-sandbox' }),
    listHistory: () => ok({ entries: [] }),
    desktopStatus: () => ok({ shortcut: { accelerator: null, registered: false, problem: null }, clipboardNotes: [] }),
    // The store does not drive the authorization: its panel and dialog call the bridge themselves.
    authorizationLink: () => fail(INVALID_URL),
    connectAuthorization: () => fail(INVALID_URL),
    refreshAccessToken: () => fail(INVALID_URL),
    authStatus: () => fail(INVALID_URL),
    listShops: () => fail(INVALID_URL),
    chooseShop: () => fail(INVALID_URL),
    openAuthorizationLink: () => fail(INVALID_URL),
  };
  return { api, copied, saved, tokenRequests };
}

const DAMAGED_FILE: BridgeError = {
  kind: 'profile-data',
  message: 'The profiles file /data/profiles.json is damaged.',
  explanation: 'It is not valid JSON.',
  resolution: 'Fix the file in a text editor, or run `widget-token profile repair`.',
};

const NEWER_FILE: BridgeError = {
  kind: 'profile-data',
  message: 'The profiles file /data/profiles.json was written by a newer Widget Token Desk.',
  explanation: 'It has format version 2.',
  resolution: 'Update Widget Token Desk.',
};

const newProfile = (baseUrl: string): SaveProfileRequest => ({
  name: 'acme',
  baseUrl,
  appKey: 'key',
  appSecret: { action: 'replace', value: 'typed-secret' },
  accessToken: { action: 'keep' },
});

describe('the app store', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts on the sandbox profile with the saved settings', async () => {
    const main = fakeMain();
    const store = createAppStore(() => main.api);
    await store.getState().init();
    expect(store.getState().profiles?.active).toBe('sandbox');
    expect(store.getState().settings.autoRefresh).toBe(true);
    expect(store.getState().error).toBeNull();
  });

  it('shows a profile chosen elsewhere (the tray, the CLI) when the profiles are read again, and drops the other profile\'s token', async () => {
    const main = fakeMain();
    const store = createAppStore(() => main.api);
    await store.getState().init();
    await main.api.saveProfile(newProfile('https://open-api.tiktokglobalshop.com'));
    await store.getState().fetchToken();
    expect(store.getState().token?.profile).toBe('sandbox');
    await main.api.selectProfile({ name: 'acme' });
    await store.getState().refreshProfiles();
    expect(store.getState().profiles?.active).toBe('acme');
    expect(store.getState().token).toBeNull();
  });

  it('decodes a fetched token once, keeping 19-digit claims exact', async () => {
    const main = fakeMain();
    const store = createAppStore(() => main.api);
    await store.getState().init();
    await store.getState().fetchToken();
    const { decoded, token } = store.getState();
    expect(token?.profile).toBe('sandbox');
    expect(decoded?.ok).toBe(true);
    if (decoded?.ok !== true) return;
    const byName = new Map(decoded.claimRows.map((row) => [row.name, row.valueText]));
    expect(byName.get('UserID')).toBe('7493990753256900486');
    expect(byName.get('ShopIDs')).toBe('[7493990753256900486]');
  });

  it('shows where the sandbox runs once its first token has started it, and no other profile changes', async () => {
    const main = fakeMain();
    const store = createAppStore(() => main.api);
    await store.getState().init();
    await store.getState().saveProfile(newProfile('https://acme.example'));
    await store.getState().selectProfile('sandbox');
    const baseUrls = () => store.getState().profiles?.profiles.map((p) => [p.name, p.baseUrl]);
    expect(baseUrls()).toEqual([
      ['sandbox', SANDBOX_SUMMARY.baseUrl],
      ['acme', 'https://acme.example'],
    ]);
    await store.getState().fetchToken();
    expect(baseUrls()).toEqual([
      ['sandbox', SANDBOX_AT],
      ['acme', 'https://acme.example'],
    ]);
  });

  it('copies the chosen variant and shows "Copied" for a moment', async () => {
    const main = fakeMain();
    const store = createAppStore(() => main.api);
    await store.getState().init();
    await store.getState().fetchToken();
    await store.getState().copy('json');
    expect(JSON.parse(main.copied[0] ?? '')).toEqual({ token: SAMPLE_TOKEN, expire_at: 1701363599 });
    expect(store.getState().copied).toBe('json');
    vi.advanceTimersByTime(COPIED_VISIBLE_MS);
    expect(store.getState().copied).toBeNull();
  });

  it('shows a rejected save beside the form and keeps the form open', async () => {
    const main = fakeMain();
    const store = createAppStore(() => main.api);
    await store.getState().init();
    store.getState().openEditor({ mode: 'new' });
    expect(await store.getState().saveProfile(newProfile('http://example.com'))).toBe(false);
    expect(store.getState().error).toEqual(INVALID_URL);
    expect(store.getState().errorSource).toBe('form');
    expect(store.getState().editor).toEqual({ mode: 'new' });
    expect(store.getState().profiles?.active).toBe('sandbox');
  });

  it('makes a saved profile the active one and closes the form', async () => {
    const main = fakeMain();
    const store = createAppStore(() => main.api);
    await store.getState().init();
    await store.getState().fetchToken();
    store.getState().openEditor({ mode: 'new' });
    expect(await store.getState().saveProfile(newProfile('https://open-api.tiktokglobalshop.com'))).toBe(true);
    expect(store.getState().profiles?.active).toBe('acme');
    expect(store.getState().editor).toBeNull();
    expect(store.getState().error).toBeNull();
    // The sandbox token belongs to the sandbox profile, not to the one now active.
    expect(store.getState().token).toBeNull();
  });

  it('keeps a token that arrives after the user switched profiles for its own profile, and says so', async () => {
    const main = fakeMain();
    let answer: (value: BridgeResult<TokenResult>) => void = () => undefined;
    main.api = {
      ...main.api,
      getToken: () => new Promise((resolve) => (answer = resolve)),
    };
    const store = createAppStore(() => main.api);
    await store.getState().init();
    await store.getState().saveProfile(newProfile('https://open-api.tiktokglobalshop.com'));
    await store.getState().selectProfile('sandbox');
    const fetching = store.getState().fetchToken();
    await store.getState().selectProfile('acme');
    answer({ ok: true, value: tokenFor('sandbox') });
    await fetching;
    expect(store.getState().token).toBeNull();
    expect(store.getState().fetching).toBe(false);
    expect(store.getState().notice).toBe('The token for “sandbox” arrived after you switched to “acme”. It is kept: choose “sandbox” again to see it.');
    await store.getState().selectProfile('sandbox');
    expect(store.getState().token?.profile).toBe('sandbox');
    expect(store.getState().notice).toBeNull();
  });

  it('names the profile the user just chose, even before main has answered the choice', async () => {
    const main = fakeMain();
    const store = createAppStore(() => main.api);
    await store.getState().init();
    await store.getState().saveProfile(newProfile('https://open-api.tiktokglobalshop.com'));
    await store.getState().selectProfile('sandbox');
    let chosen: (value: BridgeResult<ProfilesState>) => void = () => undefined;
    const answered = main.api.selectProfile;
    main.api = { ...main.api, selectProfile: (request) => new Promise((resolve) => (chosen = (value) => void answered(request).then(() => resolve(value)))) };
    const choosing = store.getState().selectProfile('acme');
    expect(store.getState().profiles?.active).toBe('acme');
    await store.getState().fetchToken();
    expect(main.tokenRequests.at(-1)).toEqual({ profile: 'acme' });
    expect(store.getState().token?.profile).toBe('acme');
    chosen({ ok: true, value: { profiles: store.getState().profiles?.profiles ?? [], active: 'acme', keychain: { available: true } } });
    await choosing;
    expect(store.getState().token?.profile).toBe('acme');
  });

  it('puts the selection back and says why when main refuses the choice', async () => {
    const main = fakeMain();
    const store = createAppStore(() => ({ ...main.api, selectProfile: () => fail(DAMAGED_FILE) }));
    await store.getState().init();
    await store.getState().fetchToken();
    await store.getState().selectProfile('elsewhere');
    expect(store.getState().profiles?.active).toBe('sandbox');
    expect(store.getState().token?.profile).toBe('sandbox');
    expect(store.getState().error).toEqual(DAMAGED_FILE);
  });

  it("remembers each profile's last token for the session and shows it again on coming back", async () => {
    const main = fakeMain();
    const store = createAppStore(() => main.api);
    await store.getState().init();
    await store.getState().fetchToken();
    await store.getState().saveProfile(newProfile('https://open-api.tiktokglobalshop.com'));
    expect(store.getState().token).toBeNull();
    await store.getState().fetchToken('auto');
    expect(store.getState().token?.profile).toBe('acme');
    expect(store.getState().refreshedAutomatically).toBe(true);
    await store.getState().selectProfile('sandbox');
    expect(store.getState().token?.profile).toBe('sandbox');
    expect(store.getState().refreshedAutomatically).toBe(false);
    await store.getState().removeProfile('acme');
    expect([...store.getState().tokenMemory.keys()]).toEqual(['sandbox']);
  });

  it('says when the token just copied had already expired', async () => {
    const main = fakeMain();
    const store = createAppStore(() => main.api);
    await store.getState().init();
    await store.getState().fetchToken();
    await store.getState().copy('token');
    expect(store.getState().copied).toBe('token');
    expect(store.getState().copiedExpired).toBe(true);
  });

  it('records which profile a failed token call was for, and when', async () => {
    const main = fakeMain();
    const store = createAppStore(() => ({ ...main.api, getToken: () => fail(INVALID_URL) }));
    await store.getState().init();
    await store.getState().fetchToken();
    expect(store.getState().errorProfile).toBe('sandbox');
    expect(store.getState().errorAtMs).toBe(Date.now());
  });

  it('shows the busy state only for a call that takes a while, and never sends a second call meanwhile', async () => {
    const main = fakeMain();
    let calls = 0;
    let answer: (value: BridgeResult<TokenResult>) => void = () => undefined;
    const store = createAppStore(() => ({
      ...main.api,
      getToken: () => {
        calls += 1;
        return new Promise((resolve) => (answer = resolve));
      },
    }));
    await store.getState().init();
    const first = store.getState().fetchToken();
    expect(store.getState().fetching).toBe(false);
    void store.getState().fetchToken();
    vi.advanceTimersByTime(BUSY_AFTER_MS);
    expect(store.getState().fetching).toBe(true);
    void store.getState().fetchToken();
    expect(calls).toBe(1);
    answer({ ok: true, value: tokenFor('sandbox') });
    await first;
    expect(store.getState().fetching).toBe(false);
    expect(store.getState().token?.requestId).toBe('req-1');
    vi.advanceTimersByTime(BUSY_AFTER_MS);
    expect(store.getState().fetching).toBe(false);
  });

  it('turns a bridge that throws into a readable error', async () => {
    const main = fakeMain();
    const store = createAppStore(() => ({ ...main.api, getToken: () => Promise.reject(new Error('socket hang up')) }));
    await store.getState().fetchToken();
    const { error } = store.getState();
    expect(error?.message).toBe('The app did not answer.');
    expect(error?.resolution).toContain('widget-token preview');
    expect(JSON.stringify(error)).not.toContain('socket hang up');
  });

  it('with an unreadable profiles file, offers just the sandbox and asks for sandbox tokens by name', async () => {
    const main = fakeMain();
    const store = createAppStore(() => ({ ...main.api, listProfiles: () => fail(DAMAGED_FILE) }));
    await store.getState().init();
    expect(store.getState().profilesStatus).toBe('unreadable');
    expect(store.getState().profiles?.profiles.map((p) => [p.name, p.builtIn])).toEqual([['sandbox', true]]);
    expect(store.getState().profiles?.active).toBe('sandbox');
    expect(store.getState().error).toEqual(DAMAGED_FILE);
    await store.getState().fetchToken();
    // Without a name main would look up the active profile, which is in the unreadable file.
    expect(main.tokenRequests).toEqual([{ profile: 'sandbox' }]);
    expect(store.getState().token?.profile).toBe('sandbox');
    expect(store.getState().profiles?.profiles.map((p) => p.baseUrl)).toEqual([SANDBOX_AT]);
    expect(store.getState().profilesStatus).toBe('unreadable');
  });

  it('moves the damaged file aside, loads the profiles left and says where the file went until a profile is saved', async () => {
    const main = fakeMain();
    const movedTo = '/data/profiles.json.corrupt-2024-01-01T00-00-00-000Z';
    const store = createAppStore(() => ({
      ...main.api,
      listProfiles: () => fail(DAMAGED_FILE),
      repairProfiles: async () => ({ ok: true, value: { movedTo, state: { profiles: [SANDBOX_SUMMARY], active: 'sandbox', keychain: { available: true } } } }),
    }));
    await store.getState().init();
    expect(await store.getState().repairProfiles()).toBe(true);
    expect(store.getState().profilesStatus).toBe('ready');
    expect(store.getState().repairedTo).toBe(movedTo);
    expect(store.getState().error).toBeNull();
    expect(store.getState().profiles?.profiles).toEqual([SANDBOX_SUMMARY]);

    expect(await store.getState().saveProfile(newProfile('https://open-api.tiktokglobalshop.com'))).toBe(true);
    expect(store.getState().repairedTo).toBeNull();
  });

  it('keeps offering the sandbox and the repair when moving the file is refused', async () => {
    const main = fakeMain();
    const store = createAppStore(() => ({ ...main.api, listProfiles: () => fail(NEWER_FILE), repairProfiles: () => fail(NEWER_FILE) }));
    await store.getState().init();
    expect(await store.getState().repairProfiles()).toBe(false);
    expect(store.getState().profilesStatus).toBe('unreadable');
    expect(store.getState().error).toEqual(NEWER_FILE);
    expect(store.getState().repairedTo).toBeNull();
    expect(store.getState().repairing).toBe(false);
  });

  it('offers no sandbox fallback when the profiles failed for another reason (the app did not answer)', async () => {
    const main = fakeMain();
    const store = createAppStore(() => ({ ...main.api, listProfiles: () => Promise.reject(new Error('gone')) }));
    await store.getState().init();
    expect(store.getState().profilesStatus).toBe('failed');
    expect(store.getState().profiles).toBeNull();
  });

  it('keeps the old setting when saving auto-refresh fails', async () => {
    const main = fakeMain();
    const store = createAppStore(() => ({ ...main.api, saveSettings: () => fail(INVALID_URL) }));
    await store.getState().init();
    await store.getState().setAutoRefresh(false);
    expect(store.getState().settings.autoRefresh).toBe(true);
    expect(store.getState().error).toEqual(INVALID_URL);
  });
});
