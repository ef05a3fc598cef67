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
import { localExpiryMs } from './expiry';

/** A token as the window keeps it: decoded once, and how it came (auto-refresh or a request). */
export interface ShownToken {
  readonly token: TokenResult;
  readonly decoded: JwtDecodeResult;
  /** Fetched by auto-refresh rather than by the user. */
  readonly automatic: boolean;
}

/** Who asked for a token: the user (button, keys, menu) or auto-refresh. */
export type FetchOrigin = 'user' | 'auto';

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
  /** The token shown came from auto-refresh. */
  readonly refreshedAutomatically: boolean;
  /**
   * The last token of each profile this session, by profile name: coming back to a
   * profile shows its token again, and a token that arrives after a switch is kept here.
   */
  readonly tokenMemory: ReadonlyMap<string, ShownToken>;
  /** Something that happened that the user did not see happen (a token kept for another profile). */
  readonly notice: string | null;
  readonly error: BridgeError | null;
  /** When the error arrived (local ms), for "Copy details". */
  readonly errorAtMs: number | null;
  /** The profile a failed token call was for; null for other errors. Retry gets a token again. */
  readonly errorProfile: string | null;
  /** Where the error belongs: a rejected save shows beside the form, anything else under Get token. */
  readonly errorSource: 'form' | 'app';
  /** A token call has been under way for BUSY_AFTER_MS or more. */
  readonly fetching: boolean;
  readonly saving: boolean;
  readonly copied: CopyKind | null;
  /** The token just copied had already expired: the status says so. */
  readonly copiedExpired: boolean;
  /** The keychain banner was put away; the profile form still warns. */
  readonly keychainBannerDismissed: boolean;
  readonly editor: Editor | null;
  readonly confirmingRemove: boolean;

  init(): Promise<void>;
  /** Gets a token for the profile the user sees selected, and names it in the request. */
  fetchToken(origin?: FetchOrigin): Promise<void>;
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
  dismissNotice(): void;
  dismissKeychainBanner(): void;
}

export function createAppStore(api: () => WidgetTokenApi = bridge): StoreApi<AppState> {
  let copiedTimer: ReturnType<typeof setTimeout> | undefined;
  // One token call at a time, from the first moment: `fetching` only turns on later.
  let fetchInFlight = false;
  // Each choice in the picker; only the latest one's answer may set the selection.
  let selection = 0;

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

    /** What the token card shows for a profile: its remembered token, or nothing. */
    function shownFor(profile: string, memory: ReadonlyMap<string, ShownToken> = get().tokenMemory): Partial<AppState> {
      const entry = memory.get(profile);
      const same = entry !== undefined && entry.token === get().token;
      return {
        token: entry?.token ?? null,
        decoded: entry?.decoded ?? null,
        refreshedAutomatically: entry?.automatic ?? false,
        ...(same ? {} : { copied: null, copiedExpired: false }),
      };
    }

    /** A token belongs to one profile: the card shows the active profile's, and forgets those of removed profiles. */
    function applyProfiles(profiles: ProfilesState): void {
      const names = new Set(profiles.profiles.map((p) => p.name));
      const memory = new Map([...get().tokenMemory].filter(([name]) => names.has(name)));
      set({ profiles, profilesStatus: 'ready', tokenMemory: memory, ...shownFor(profiles.active, memory) });
    }

    function failure(error: BridgeError, source: AppState['errorSource'], profile: string | null = null): Partial<AppState> {
      return { error, errorSource: source, errorAtMs: Date.now(), errorProfile: profile };
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
      refreshedAutomatically: false,
      tokenMemory: new Map(),
      notice: null,
      error: null,
      errorAtMs: null,
      errorProfile: null,
      errorSource: 'app',
      fetching: false,
      saving: false,
      copied: null,
      copiedExpired: false,
      keychainBannerDismissed: false,
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
        if (failed && !failed.ok) set(failure(failed.error, 'app'));
      },

      async fetchToken(origin = 'user') {
        if (fetchInFlight) return;
        fetchInFlight = true;
        // The selection the user sees, named in the request: main's own idea of the active
        // profile may still be on its way (a choice made a moment ago in the picker).
        const profile = get().profiles?.active;
        if (get().error !== null || get().notice !== null) set({ error: null, notice: null });
        const busy = setTimeout(() => set({ fetching: true }), BUSY_AFTER_MS);
        let result: BridgeResult<TokenResult>;
        try {
          result = await call((a) => a.getToken(profile === undefined ? {} : { profile }));
        } finally {
          clearTimeout(busy);
          fetchInFlight = false;
        }
        if (!result.ok) {
          set({ fetching: false, ...failure(result.error, 'app', profile ?? null) });
          return;
        }
        const token = result.value;
        const owner = profile ?? token.profile;
        const entry: ShownToken = { token, decoded: decodeJwt(token.token), automatic: origin === 'auto' };
        const memory = new Map(get().tokenMemory).set(owner, entry);
        const sandboxAt = token.sandbox ? withSandboxAt(token.baseUrl) : {};
        const now = get().profiles?.active;
        if (now === undefined || now === owner) {
          set({ fetching: false, tokenMemory: memory, ...sandboxAt, ...shownFor(owner, memory) });
          return;
        }
        // The user switched profiles while the call was under way: the token is kept for its
        // own profile, and said so, rather than shown under another name or dropped.
        set({
          fetching: false,
          tokenMemory: memory,
          ...sandboxAt,
          notice: `The token for “${owner}” arrived after you switched to “${now}”. It is kept: choose “${owner}” again to see it.`,
        });
      },

      async copy(kind) {
        const { token } = get();
        if (token === null) return;
        const result = await call((a) => a.copyText({ text: copyText(kind, token, get().profiles) }));
        if (!result.ok) {
          set({ ...failure(result.error, 'app'), copied: null });
          return;
        }
        const expiry = localExpiryMs(token);
        clearTimeout(copiedTimer);
        set({ copied: kind, copiedExpired: expiry !== null && expiry <= Date.now() });
        copiedTimer = setTimeout(() => set({ copied: null, copiedExpired: false }), COPIED_VISIBLE_MS);
      },

      async selectProfile(name) {
        const before = get().profiles;
        if (before === null) return;
        const choice = ++selection;
        // Shown at once, so that what the user sees selected is what the next call names.
        set({ error: null, notice: null, confirmingRemove: false, profiles: { ...before, active: name }, ...shownFor(name) });
        const result = await call((a) => a.selectProfile({ name }));
        if (choice !== selection) return;
        if (result.ok) {
          applyProfiles(result.value);
          return;
        }
        set({ profiles: before, ...shownFor(before.active), ...failure(result.error, 'app') });
      },

      async saveProfile(request) {
        set({ saving: true, error: null });
        const saved = await call((a) => a.saveProfile(request));
        if (!saved.ok) {
          set({ saving: false, ...failure(saved.error, 'form') });
          return false;
        }
        applyProfiles(saved.value);
        const selected = await call((a) => a.selectProfile({ name: request.name }));
        if (!selected.ok) {
          set({ saving: false, ...failure(selected.error, 'form') });
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
        else set(failure(result.error, 'app'));
      },

      async repairProfiles() {
        if (get().repairing) return false;
        set({ repairing: true, error: null });
        const result = await call((a) => a.repairProfiles());
        if (!result.ok) {
          set({ repairing: false, ...failure(result.error, 'app') });
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
        else set({ settings: previous, ...failure(result.error, 'app') });
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

      dismissNotice() {
        set({ notice: null });
      },

      dismissKeychainBanner() {
        set({ keychainBannerDismissed: true });
      },
    };
  });
}

export const appStore = createAppStore();

export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector);
}
