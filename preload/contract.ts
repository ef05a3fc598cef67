/**
 * The bridge contract: every method the UI may call, its channel name, its request and
 * its response. main/ implements it as one handler table, preload/ exposes it (Electron's
 * contextBridge, or the preview's HTTP bridge script), renderer/ imports the types (and
 * SANDBOX_SUMMARY, which is plain data).
 * Adding a method is one edit here; the compiler finds every other place.
 *
 * Secrets travel one way only: renderer -> main, inside SaveProfileRequest.
 * No response type below has room for an app secret or an access token.
 */
import type { JwtDecodeResult } from '../common/jwt-types';

export const SANDBOX_PROFILE = 'sandbox';

/** Where the seller authorizes the app: the authorize host differs for US shops. */
export const AUTH_REGIONS = ['global', 'us'] as const;
export type AuthRegion = (typeof AUTH_REGIONS)[number];

/**
 * What the last token/get or token/refresh answered besides the tokens: plain profile
 * data (the tokens themselves live in the keychain only).
 */
export interface AuthorizationFacts {
  /** Unix seconds: `access_token_expire_in` (a timestamp, despite its name). */
  readonly accessTokenExpiresAt: number;
  /** Unix seconds: `refresh_token_expire_in`, the end of the seller's authorization. */
  readonly refreshTokenExpiresAt: number;
  readonly sellerName: string;
  readonly sellerBaseRegion: string;
  readonly openId: string;
  /** `user_type` as sent (0 seller, 1 creator, …), when sent. */
  readonly userType?: number;
  /** `granted_scopes`, or `granted_permissions` in some answers. */
  readonly grantedScopes: readonly string[];
  /** Unix seconds: when these tokens were obtained (code exchange or refresh). */
  readonly obtainedAt: number;
}

/** The settings of a profile that a user types (form, `profile set`), beside name, URL and key. */
export interface ProfileOptions {
  /** The API `version` query parameter; sent only when set. */
  readonly version?: string;
  /** The app's service ID from Partner Center (the authorization link needs it). */
  readonly serviceId?: string;
  /** `global` unless set. */
  readonly authRegion?: AuthRegion;
  /** Where token/get and token/refresh go; https://auth.tiktok-shops.com unless set. */
  readonly authBaseUrl?: string;
  /** The chosen shop: its id as a string of digits, never a number. */
  readonly shopId?: string;
  /** The chosen shop's region (e.g. `GB`), the widget SDK's `oecRegion`. */
  readonly shopRegion?: string;
}

export interface ProfileSummary extends ProfileOptions {
  readonly name: string;
  /** A URL, except for the built-in sandbox before it has started (see SANDBOX_SUMMARY). */
  readonly baseUrl: string;
  readonly appKey: string;
  /** The built-in `sandbox` profile: no setup, no keychain, tokens not valid on TikTok Shop. */
  readonly builtIn: boolean;
  /** Whether each secret is stored: never its value. */
  readonly appSecretSet: boolean;
  readonly accessTokenSet: boolean;
  readonly refreshTokenSet: boolean;
  /** From the last authorization or refresh; absent when the access token was entered by hand. */
  readonly authorization?: AuthorizationFacts;
}

export interface KeychainStatus {
  readonly available: boolean;
  /** When unavailable: what is wrong and the remedy for this platform. */
  readonly problem?: string;
  readonly remedy?: string;
}

export interface ProfilesState {
  readonly profiles: readonly ProfileSummary[];
  /** The profile last chosen in the app or CLI, else `sandbox`. */
  readonly active: string;
  readonly keychain: KeychainStatus;
}

/**
 * The built-in profile as lists show it before its sandbox has started: the sandbox starts
 * with the first sandbox token, on a free loopback port, so `baseUrl` says so in words
 * until then. Once it runs, listProfiles gives its real address, and so does each sandbox
 * TokenResult. It lives here so the UI can still offer it when the profiles file cannot
 * be read.
 */
export const SANDBOX_SUMMARY: ProfileSummary = {
  name: SANDBOX_PROFILE,
  baseUrl: 'offline sandbox on 127.0.0.1, free port chosen when it starts',
  appKey: 'public demo app key',
  builtIn: true,
  appSecretSet: true,
  accessTokenSet: true,
  refreshTokenSet: false,
};

/** What moving a damaged profiles file aside did, and the profiles after it. */
export interface RepairProfilesResult {
  /** Where the damaged file now is; null when there was nothing to move (the file was absent or valid). */
  readonly movedTo: string | null;
  readonly state: ProfilesState;
}

/** Secrets are write-only: the form can keep, replace or clear one, never read it. */
export type SecretChange =
  | { readonly action: 'keep' }
  | { readonly action: 'replace'; readonly value: string }
  | { readonly action: 'clear' };

export interface SaveProfileRequest extends ProfileOptions {
  /** The name before an edit (renames move the keychain entries); absent for a new profile. */
  readonly originalName?: string;
  readonly name: string;
  readonly baseUrl: string;
  readonly appKey: string;
  readonly appSecret: SecretChange;
  readonly accessToken: SecretChange;
  /** Absent means keep: the form has no field for it; authorization and refresh set it. */
  readonly refreshToken?: SecretChange;
}

export interface ExpiryDisagreement {
  /** `data.widget_token.expire_at`, Unix seconds. */
  readonly expireAt: number;
  /** The JWT's `exp`, Unix seconds. */
  readonly jwtExp: number;
}

export interface TokenResult {
  readonly profile: string;
  readonly sandbox: boolean;
  /** Where the call went: the profile's base URL, or the address the sandbox runs on. */
  readonly baseUrl: string;
  /** The widget token with any whitespace the server put inside it removed. */
  readonly token: string;
  /** `expire_at` from the response, Unix seconds, when the server sent one. */
  readonly expireAt: number | null;
  /** The JWT `exp`, Unix seconds, when the token carries one. */
  readonly jwtExp: number | null;
  /** The earlier of the two, in Unix milliseconds on the server's clock. */
  readonly effectiveExpiryMs: number | null;
  readonly expiryDisagreement: ExpiryDisagreement | null;
  readonly requestId: string;
  /** Server clock minus local clock, measured from the `Date` header; 0 when absent. */
  readonly clockSkewMs: number;
  /** Set when the skew is large enough to matter (TikTok accepts now-5min..now+30s). */
  readonly clockSkewWarning: string | null;
  /** Local time the response arrived, Unix milliseconds. */
  readonly receivedAtMs: number;
  /** The curl command of the call that produced it, secrets masked. */
  readonly curl: string;
  /** The string that was signed, the app secret masked. */
  readonly stringToSign: string;
  /** The app key the call was made with (not a secret): the widget checks compare the ClientKey claim with it. */
  readonly appKey: string;
}

/**
 * Whether the offline sandbox of this app signed a token: `not-sandbox` when it is not
 * one of its tokens. Only the answer crosses the bridge; the sandbox's key stays in main.
 */
export type SandboxSignatureVerdict = 'valid' | 'invalid' | 'not-sandbox';

/** What settings.json holds, beside profiles.json. Never a token or a secret. */
/** One shop of Get Authorized Shops: `id` a string with all its digits. */
export interface AuthorizedShop {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly sellerType: string;
  readonly code: string;
  readonly cipher: string;
}

/** A profile's authorization as the window and `auth status` show it: never a token. */
export interface AuthStatus {
  readonly profile: string;
  readonly builtIn: boolean;
  readonly serviceId: string | null;
  readonly authRegion: AuthRegion;
  readonly accessTokenSet: boolean;
  readonly refreshTokenSet: boolean;
  /** null until the profile is authorized through the app (an access token entered by hand has none). */
  readonly authorization: AuthorizationFacts | null;
  readonly shopId: string | null;
  readonly shopRegion: string | null;
}

/** The seller authorization link of a profile; its `state` is remembered with the profile. */
export interface AuthorizationLink {
  readonly profile: string;
  readonly url: string;
  /** Whether this shell can open it in the system browser (the desktop app); the preview shows it as a link. */
  readonly canOpen: boolean;
}

export interface ShopsResult {
  readonly profile: string;
  readonly shops: readonly AuthorizedShop[];
  readonly requestId: string;
}

export interface Settings {
  /** Fetch a new token shortly before the current one expires. */
  readonly autoRefresh: boolean;
  /** Clear a copied token after this many seconds, if the clipboard still holds it; 0 = never. */
  readonly clipboardClearSeconds: number;
  /** The global shortcut that copies a fresh token (an Electron accelerator); null = off. */
  readonly globalShortcut: string | null;
  /** Token and claim values masked until revealed; the window hidden from screen capture. */
  readonly presentationMode: boolean;
  /** Closing the window keeps the app running in the tray. */
  readonly keepInTray: boolean;
}

/** saveSettings changes the fields it is given and keeps the others. */
export type SettingsChange = Partial<Settings>;

/** One token call of this session, as the History panel shows it. Never a token. */
export interface HistoryEntry {
  /** When the call started, Unix milliseconds. */
  readonly atMs: number;
  readonly profile: string;
  /** "0" for a token; else the API's error code, or the error kind ("network", "timeout", ...). */
  readonly code: string;
  readonly requestId: string | null;
  /** When the token expires (the earlier of expire_at and exp), Unix milliseconds; null without a token. */
  readonly expiresAtMs: number | null;
  readonly durationMs: number;
  /** What asked for it: the window, the tray menu, or the global shortcut. */
  readonly source: 'window' | 'tray' | 'shortcut';
}

/** What the desktop shell did with the settings; the preview says what it cannot do. */
export interface DesktopStatus {
  /** The global shortcut as registered, or why it is not (taken by another app, off, not in the preview). */
  readonly shortcut: { readonly accelerator: string | null; readonly registered: boolean; readonly problem: string | null };
  /** What the clipboard can and cannot do in this shell, in words. */
  readonly clipboardNotes: readonly string[];
}

export interface AppInfo {
  readonly version: string;
  readonly shell: 'electron' | 'preview';
  readonly platform: string;
}

export type ErrorKind =
  | 'api'
  | 'network'
  | 'timeout'
  | 'keychain'
  | 'profile-data'
  | 'validation'
  | 'not-found'
  | 'internal';

/** An error as the UI shows it: always readable, never a stack trace, never a secret. */
export interface BridgeError {
  readonly kind: ErrorKind;
  /** The API's code for `api` errors (e.g. "106001"). */
  readonly code?: string;
  readonly message: string;
  readonly explanation: string;
  readonly resolution: string;
  readonly requestId?: string;
}

export type BridgeResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: BridgeError };

/** A request with nothing in it. */
export type NoRequest = Readonly<Record<never, never>>;

/** Request and response of each method. A method with no request takes `NoRequest`. */
export interface BridgeMethods {
  listProfiles(request: NoRequest): ProfilesState;
  saveProfile(request: SaveProfileRequest): ProfilesState;
  removeProfile(request: { readonly name: string }): ProfilesState;
  selectProfile(request: { readonly name: string }): ProfilesState;
  repairProfiles(request: NoRequest): RepairProfilesResult;
  getToken(request: { readonly profile?: string }): TokenResult;
  decodeToken(request: { readonly token: string }): JwtDecodeResult;
  copyText(request: { readonly text: string }): { readonly copied: true };
  getSettings(request: NoRequest): Settings;
  saveSettings(request: SettingsChange): Settings;
  appInfo(request: NoRequest): AppInfo;
  checkSandboxSignature(request: { readonly token: string }): { readonly verdict: SandboxSignatureVerdict };
  listHistory(request: NoRequest): { readonly entries: readonly HistoryEntry[] };
  desktopStatus(request: NoRequest): DesktopStatus;
  authorizationLink(request: { readonly profile?: string }): AuthorizationLink;
  /** `reply` is the redirect URL or the bare authorization code: it goes in, nothing secret comes back. */
  connectAuthorization(request: { readonly profile?: string; readonly reply: string }): AuthStatus;
  refreshAccessToken(request: { readonly profile?: string }): AuthStatus;
  authStatus(request: { readonly profile?: string }): AuthStatus;
  listShops(request: { readonly profile?: string }): ShopsResult;
  chooseShop(request: { readonly profile?: string; readonly shopId: string; readonly shopRegion: string }): ProfilesState;
  openAuthorizationLink(request: { readonly url: string }): { readonly opened: true };
}

export type BridgeMethodName = keyof BridgeMethods;
export type BridgeRequest<K extends BridgeMethodName> = Parameters<BridgeMethods[K]>[0];
export type BridgeResponse<K extends BridgeMethodName> = ReturnType<BridgeMethods[K]>;

/** The IPC channel of each method: the only channels main listens on. */
export const CHANNELS = {
  listProfiles: 'profiles:list',
  saveProfile: 'profiles:save',
  removeProfile: 'profiles:remove',
  selectProfile: 'profiles:select',
  repairProfiles: 'profiles:repair',
  getToken: 'token:get',
  decodeToken: 'jwt:decode',
  copyText: 'clipboard:copy',
  getSettings: 'settings:get',
  saveSettings: 'settings:save',
  appInfo: 'app:info',
  checkSandboxSignature: 'jwt:check-sandbox-signature',
  listHistory: 'history:list',
  desktopStatus: 'desktop:status',
  authorizationLink: 'auth:link',
  connectAuthorization: 'auth:connect',
  refreshAccessToken: 'auth:refresh',
  authStatus: 'auth:status',
  listShops: 'shops:list',
  chooseShop: 'shops:choose',
  openAuthorizationLink: 'auth:open-link',
} as const satisfies Record<BridgeMethodName, string>;

export const METHOD_NAMES = Object.keys(CHANNELS) as BridgeMethodName[];

/** What the renderer sees as `window.widgetToken`: one async function per method. */
export type WidgetTokenApi = {
  readonly [K in BridgeMethodName]: (
    ...args: NoRequest extends BridgeRequest<K> ? [request?: BridgeRequest<K>] : [request: BridgeRequest<K>]
  ) => Promise<BridgeResult<BridgeResponse<K>>>;
};

/** The preview's HTTP bridge: POST {PREVIEW_BRIDGE_PATH}/{method} with the key header. */
export const PREVIEW_BRIDGE_PATH = '/__bridge';
export const PREVIEW_KEY_HEADER = 'x-widget-token-key';

/**
 * What the desktop app's menu asks of the window: the same actions as the UI's own
 * keyboard shortcuts. It is an event from main to the UI, not a request method, so it
 * has no channel in CHANNELS and no handler in main.
 */
export const MENU_COMMANDS = ['get-token', 'copy-token'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];
export const MENU_COMMAND_CHANNEL = 'menu:command';

/** Events the UI can listen to. The preview has no app menu: there it never fires. */
export interface WidgetTokenEvents {
  /** Returns the function that stops listening. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}

/** Everything on `window.widgetToken`: the request methods and the events. */
export type WidgetTokenBridge = WidgetTokenApi & WidgetTokenEvents;
