import { createStore, useStore, type StoreApi } from 'zustand';
import {
  SANDBOX_SUMMARY,
  type AppInfo,
  type BridgeError,
  type BridgeResult,
  type ProfilesState,
  type SaveProfileRequest,
  type Settings,
  type SettingsChange,
  type TokenResult,
  type WidgetTokenApi,
} from '../../preload/contract';
import type { JwtDecodeResult } from '../../common/jwt-types';
import { decodeJwt } from '../../common/jwt';
import { DEFAULT_SETTINGS } from '../../common/default-settings';
import { bridge, settle } from './bridge';
import { copyText, type CopyKind } from './copy-variants';

/** Which profile the form edits: a new one, or an existing one by its current name. */
export type Editor = { readonly mode: 'new' } | { readonly mode: 'edit'; readonly name: string };

/** How long "Copied" stays visible after a copy. */
export const COPIED_VISIBLE_MS = 2_000;

/**
 * A fetch shows its busy state (the spinner) only once it has taken this long. The sandbox
 * and a nearby API answer well within it: the spinner would only flash, and drawing it
 * would hold up the token it announces (`npm run bench`, click -> claims).
 */
export const BUSY_AFTER_MS = 150;

/**
 * What the picker offers while the profiles file cannot be read: the built-in sandbox,
 * which needs neither that file nor the keychain. Whether the keychain works is not known
 * then, and the sandbox does not need it, so no keychain banner is raised on a guess.
 */
export const SANDBOX_ONLY: ProfilesState = { profiles: [SANDBOX_SUMMARY], active: SANDBOX_SUMMARY.name, keychain: { available: true } };

export interface AppState {
  readonly profiles: ProfilesState | null;
  /**
   * 'failed' when the profiles could not be loaded at start (the alert says why);
   * 'unreadable' when that was the profiles file itself (kind 'profile-data'): then
   * `profiles` is SANDBOX_ONLY and repairProfiles() is offered.
   */
  readonly profilesStatus: 'loading' | 'ready' | 'failed' | 'unreadable';
  /** Where repairProfiles() moved the damaged file, shown until a profile is saved. */
  readonly repairedTo: string | null;
  readonly repairing: boolean;
  readonly settings: Settings;
  readonly appInfo: AppInfo | null;
  readonly token: TokenResult | null;
  /** Decoded once when the token arrives, so nothing re-decodes while the countdown ticks. */
  readonly decoded: JwtDecodeResult | null;
  readonly error: BridgeError | null;
  /** Where the error belongs: a rejected save shows beside the form, anything else under Get token. */
  readonly errorSource: 'form' | 'app';
  /** A token call has been under way for BUSY_AFTER_MS or more. */
  readonly fetching: boolean;
  readonly saving: boolean;
  readonly copied: CopyKind | null;
  readonly editor: Editor | null;
  readonly confirmingRemove: boolean;

  init(): Promise<void>;
  fetchToken(): Promise<void>;
  copy(kind: CopyKind): Promise<void>;
  selectProfile(name: string): Promise<void>;
  /** Resolves true when saved (the profile is then active and the form closed). */
  saveProfile(request: SaveProfileRequest): Promise<boolean>;
  removeProfile(name: string): Promise<void>;
  /** Moves the damaged profiles file aside (main keeps it, renamed) and loads what is left; resolves true when it did. */
  repairProfiles(): Promise<boolean>;
  setAutoRefresh(on: boolean): Promise<void>;
  /** Reads the profiles again (the tray or the CLI may have changed them); quiet when it fails. */
  refreshProfiles(): Promise<void>;
  /** Saves the given settings; resolves the error when main refused them (the Settings view shows it), else null. */
  saveSettings(change: SettingsChange): Promise<BridgeError | null>;
  openEditor(editor: Editor | null): void;
  setConfirmingRemove(on: boolean): void;
  dismissError(): void;
}

export function createAppStore(api: () => WidgetTokenApi = bridge): StoreApi<AppState> {
  let copiedTimer: ReturnType<typeof setTimeout> | undefined;
  // One token call at a time, from the first moment: `fetching` only turns on later.
  let fetchInFlight = false;

  return createStore<AppState>()((set, get) => {
    function call<T>(fn: (a: WidgetTokenApi) => Promise<BridgeResult<T>>): Promise<BridgeResult<T>> {
      return settle(api(), fn);
    }

    /**
     * The sandbox starts with its first token, on a port chosen then: the profiles loaded
     * before it say so in words, and the token brings the address to show instead.
     */
    function withSandboxAt(baseUrl: string): Partial<Pick<AppState, 'profiles'>> {
      const { profiles } = get();
      if (profiles === null || !profiles.profiles.some((p) => p.builtIn && p.baseUrl !== baseUrl)) return {};
      return { profiles: { ...profiles, profiles: profiles.profiles.map((p) => (p.builtIn ? { ...p, baseUrl } : p)) } };
    }

    /** A token belongs to one profile: once another profile is active it is no longer the one to show. */
    function applyProfiles(profiles: ProfilesState): void {
      const { token } = get();
      const keep = token !== null && token.profile === profiles.active;
      const loaded = { profiles, profilesStatus: 'ready' as const };
      set(keep ? loaded : { ...loaded, token: null, decoded: null, copied: null });
    }

    return {
      profiles: null,
      profilesStatus: 'loading',
      repairedTo: null,
      repairing: false,
      settings: DEFAULT_SETTINGS,
      appInfo: null,
      token: null,
      decoded: null,
      error: null,
      errorSource: 'app',
      fetching: false,
      saving: false,
      copied: null,
      editor: null,
      confirmingRemove: false,

      async init() {
        const [profiles, settings, info] = await Promise.all([
          call((a) => a.listProfiles()),
          call((a) => a.getSettings()),
          call((a) => a.appInfo()),
        ]);
        if (profiles.ok) set({ profiles: profiles.value, profilesStatus: 'ready' });
        // The active profile is in the unreadable file too: only the sandbox can be named for sure.
        else if (profiles.error.kind === 'profile-data') set({ profiles: SANDBOX_ONLY, profilesStatus: 'unreadable' });
        else set({ profilesStatus: 'failed' });
        if (settings.ok) set({ settings: settings.value });
        if (info.ok) set({ appInfo: info.value });
        const failed = [profiles, settings, info].find((r) => !r.ok);
        if (failed && !failed.ok) set({ error: failed.error, errorSource: 'app' });
      },

      async fetchToken() {
        if (fetchInFlight) return;
        fetchInFlight = true;
        const profile = get().profiles?.active;
        if (get().error !== null) set({ error: null });
        const busy = setTimeout(() => set({ fetching: true }), BUSY_AFTER_MS);
        let result: BridgeResult<TokenResult>;
        try {
          result = await call((a) => a.getToken(profile === undefined ? {} : { profile }));
        } finally {
          clearTimeout(busy);
          fetchInFlight = false;
        }
        // The user may have switched profiles while the call was in flight.
        if (profile !== undefined && get().profiles?.active !== profile) {
          set({ fetching: false });
          return;
        }
        if (!result.ok) {
          set({ fetching: false, error: result.error, errorSource: 'app' });
          return;
        }
        const token = result.value;
        set({ fetching: false, token, decoded: decodeJwt(token.token), copied: null, ...(token.sandbox ? withSandboxAt(token.baseUrl) : {}) });
      },

      async copy(kind) {
        const { token } = get();
        if (token === null) return;
        const result = await call((a) => a.copyText({ text: copyText(kind, token) }));
        if (!result.ok) {
          set({ error: result.error, errorSource: 'app', copied: null });
          return;
        }
        clearTimeout(copiedTimer);
        set({ copied: kind });
        copiedTimer = setTimeout(() => set({ copied: null }), COPIED_VISIBLE_MS);
      },

      async selectProfile(name) {
        set({ error: null, confirmingRemove: false });
        const result = await call((a) => a.selectProfile({ name }));
        if (result.ok) applyProfiles(result.value);
        else set({ error: result.error, errorSource: 'app' });
      },

      async saveProfile(request) {
        set({ saving: true, error: null });
        const saved = await call((a) => a.saveProfile(request));
        if (!saved.ok) {
          set({ saving: false, error: saved.error, errorSource: 'form' });
          return false;
        }
        applyProfiles(saved.value);
        const selected = await call((a) => a.selectProfile({ name: request.name }));
        if (!selected.ok) {
          set({ saving: false, error: selected.error, errorSource: 'form' });
          return false;
        }
        applyProfiles(selected.value);
        set({ saving: false, editor: null, repairedTo: null });
        return true;
      },

      async removeProfile(name) {
        set({ error: null });
        const result = await call((a) => a.removeProfile({ name }));
        set({ confirmingRemove: false });
        if (result.ok) applyProfiles(result.value);
        else set({ error: result.error, errorSource: 'app' });
      },

      async repairProfiles() {
        if (get().repairing) return false;
        set({ repairing: true, error: null });
        const result = await call((a) => a.repairProfiles());
        if (!result.ok) {
          set({ repairing: false, error: result.error, errorSource: 'app' });
          return false;
        }
        applyProfiles(result.value.state);
        set({ repairing: false, repairedTo: result.value.movedTo });
        return true;
      },

      async setAutoRefresh(on) {
        const previous = get().settings;
        set({ settings: { ...previous, autoRefresh: on } });
        const result = await call((a) => a.saveSettings({ ...previous, autoRefresh: on }));
        if (result.ok) set({ settings: result.value });
        else set({ settings: previous, error: result.error, errorSource: 'app' });
      },

      async refreshProfiles() {
        if (get().profilesStatus !== 'ready') return;
        const result = await call((a) => a.listProfiles());
        if (result.ok && JSON.stringify(result.value) !== JSON.stringify(get().profiles)) applyProfiles(result.value);
      },

      async saveSettings(change) {
        const result = await call((a) => a.saveSettings(change));
        if (!result.ok) return result.error;
        set({ settings: result.value });
        return null;
      },

      openEditor(editor) {
        // A rejected save's message is about the form it came from, not the next one.
        const formError = get().errorSource === 'form';
        set(formError ? { editor, confirmingRemove: false, error: null } : { editor, confirmingRemove: false });
      },

      setConfirmingRemove(on) {
        set({ confirmingRemove: on, editor: on ? null : get().editor });
      },

      dismissError() {
        set({ error: null });
      },
    };
  });
}

export const appStore = createAppStore();

export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector);
}
