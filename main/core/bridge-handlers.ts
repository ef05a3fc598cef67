/**
 * The bridge contract implemented once, for every shell: each handler validates its
 * untrusted input with a schema, runs the core, and answers a BridgeResult. Nothing here
 * returns a secret; the only secrets that pass come in, inside saveProfile.
 */
import { z } from 'zod';
import { decodeJwt } from '../../common/jwt';
import { AUTH_REGIONS, type BridgeMethodName, type BridgeResult, type SecretChange } from '../../preload/contract';
import type { BridgeHandlerTable } from './bridge-handler-table';
import { CallHistory } from './call-history';
import type { CoreDeps } from './core-deps';
import { dataDir } from './data-dir';
import { FreshTokens } from './desktop/fresh-token';
import { PREVIEW_STATUS } from './desktop/shortcut-control';
import { toBridgeError } from './error-mapping';
import { ValidationError } from './errors';
import { ProfileService } from './profile-service';
import { ProfileStore } from './profile-store';
import { settingsChangeSchema, SettingsStore } from './settings-store';
import { TokenService } from './token-service';
import { AuthService } from './auth-service';
import { RefreshCoordinator } from './refresh-coordinator';
import { SandboxSession } from './sandbox-session';

/** Big enough for any real token or form field, small enough that no input can hog memory. */
const MAX_TEXT = 64 * 1024;
const MAX_FIELD = 4096;

const text = (max: number) => z.string().max(max);
const secretChange: z.ZodType<SecretChange> = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('keep') }),
  z.strictObject({ action: z.literal('replace'), value: text(MAX_FIELD).min(1) }),
  z.strictObject({ action: z.literal('clear') }),
]);
const empty = z.strictObject({});
const named = z.strictObject({ name: text(MAX_FIELD) });
const forProfile = z.strictObject({ profile: text(MAX_FIELD).optional() });
const saveProfileRequest = z.strictObject({
  originalName: text(MAX_FIELD).optional(),
  name: text(MAX_FIELD),
  baseUrl: text(MAX_FIELD),
  appKey: text(MAX_FIELD),
  version: text(MAX_FIELD).optional(),
  serviceId: text(MAX_FIELD).optional(),
  authRegion: z.enum(AUTH_REGIONS).optional(),
  authBaseUrl: text(MAX_FIELD).optional(),
  shopId: text(MAX_FIELD).optional(),
  shopRegion: text(MAX_FIELD).optional(),
  appSecret: secretChange,
  accessToken: secretChange,
  refreshToken: secretChange.optional(),
});

/** Names the fields that failed, never their values: a rejected request may hold a secret. */
function invalidRequest(method: string, error: z.ZodError): ValidationError {
  const fields = [...new Set(error.issues.map((issue) => (issue.path.length > 0 ? issue.path.join('.') : 'request')))];
  return new ValidationError(
    `The ${method} request is not valid (${fields.join(', ')}).`,
    'A field is missing, of the wrong type, too long, or not expected.',
    'Check the values and try again.',
  );
}

/**
 * The validated request, or the error to answer. Reading can throw when the request is
 * not plain data (a throwing getter, a revoked proxy): IPC and HTTP cannot deliver such a
 * thing, but an in-process caller can, and the table answers it, never throws.
 */
function parseRequest<T>(method: BridgeMethodName, schema: z.ZodType<T>, request: unknown): { ok: true; data: T } | { ok: false; error: ValidationError } {
  try {
    const parsed = schema.safeParse(request ?? {});
    return parsed.success ? { ok: true, data: parsed.data } : { ok: false, error: invalidRequest(method, parsed.error) };
  } catch {
    return {
      ok: false,
      error: new ValidationError(`The ${method} request could not be read.`, 'Reading one of its fields failed: it is not plain data.', 'Send plain data: strings, numbers, booleans and objects of them.'),
    };
  }
}

function handler<T, R>(method: BridgeMethodName, schema: z.ZodType<T>, run: (input: T) => Promise<R>): (request: unknown) => Promise<BridgeResult<R>> {
  return async (request) => {
    const parsed = parseRequest(method, schema, request);
    if (!parsed.ok) return { ok: false, error: toBridgeError(parsed.error) };
    try {
      return { ok: true, value: await run(parsed.data) };
    } catch (error) {
      return { ok: false, error: toBridgeError(error) };
    }
  };
}

export interface Core {
  readonly profiles: ProfileService;
  readonly tokens: TokenService;
  readonly store: ProfileStore;
  readonly settings: SettingsStore;
  /** The session's token calls, from the window, the tray and the shortcut. */
  readonly history: CallHistory;
  /** The last token of each profile, for "Copy fresh token". */
  readonly fresh: FreshTokens;
  readonly auth: AuthService;
}

/** The core a shell runs on: profiles on disk, secrets in the keychain, the token service. */
/** What the core itself needs; the rest of CoreDeps is for the bridge around it. */
export type CoreStorageDeps = Pick<CoreDeps, 'dataDir' | 'secrets' | 'sandbox' | 'clock' | 'timeoutMs' | 'openExternal'>;

export function createCore(deps: CoreStorageDeps): Core {
  const dir = deps.dataDir ?? dataDir();
  const store = new ProfileStore({ dir });
  const session = new SandboxSession();
  const profiles = new ProfileService(store, deps.secrets, deps.sandbox, session);
  const history = new CallHistory();
  const options = {
    ...(deps.clock === undefined ? {} : { clock: deps.clock }),
    ...(deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs }),
  };
  const refresher = new RefreshCoordinator({ profiles, sandbox: deps.sandbox, session, lockDir: store.dir, ...options });
  const tokens = new TokenService({ profiles, sandbox: deps.sandbox, session, refresher, history, ...options });
  const auth = new AuthService({
    profiles,
    sandbox: deps.sandbox,
    session,
    refresher,
    ...options,
    ...(deps.openExternal === undefined ? {} : { openExternal: deps.openExternal }),
  });
  const settings = new SettingsStore({ dir, legacy: () => store.getSettings() });
  const fresh = new FreshTokens(tokens, () => profiles.activeName(), deps.clock);
  return { profiles, tokens, store, settings, history, fresh, auth };
}

export function createBridgeHandlers(deps: CoreDeps, core: Core = createCore(deps)): BridgeHandlerTable {
  const { profiles, tokens, settings, history, fresh, auth } = core;
  const target = async (profile: string | undefined) => profile ?? (await profiles.activeName());
  return {
    listProfiles: handler('listProfiles', empty, () => profiles.state()),
    saveProfile: handler('saveProfile', saveProfileRequest, async (input) => {
      await profiles.save(input);
      fresh.forgetAll();
      return profiles.state();
    }),
    removeProfile: handler('removeProfile', named, async ({ name }) => {
      await profiles.remove(name);
      fresh.forgetAll();
      return profiles.state();
    }),
    selectProfile: handler('selectProfile', named, async ({ name }) => {
      await profiles.select(name);
      return profiles.state();
    }),
    repairProfiles: handler('repairProfiles', empty, () => profiles.repair()),
    getToken: handler('getToken', z.strictObject({ profile: text(MAX_FIELD).optional() }), async ({ profile }) => {
      const { result } = await tokens.getToken(profile);
      fresh.remember(result);
      return result;
    }),
    decodeToken: handler('decodeToken', z.strictObject({ token: text(MAX_TEXT) }), async ({ token }) => decodeJwt(token)),
    copyText: handler('copyText', z.strictObject({ text: text(MAX_TEXT) }), async ({ text: value }) => {
      if (deps.clipboard === undefined) {
        throw new ValidationError('Copying is done by the browser here.', 'The preview copies on the page side of the bridge.', 'Use the Copy buttons on the page.');
      }
      await deps.clipboard.writeText(value);
      return { copied: true as const };
    }),
    getSettings: handler('getSettings', empty, () => settings.read()),
    saveSettings: handler('saveSettings', settingsChangeSchema, (change) => settings.save(change)),
    appInfo: handler('appInfo', empty, async () => ({ version: deps.appVersion, shell: deps.shell, platform: process.platform })),
    checkSandboxSignature: handler('checkSandboxSignature', z.strictObject({ token: text(MAX_TEXT) }), async ({ token }) => ({
      verdict: deps.sandbox.verifyToken?.(token) ?? ('not-sandbox' as const),
    })),
    listHistory: handler('listHistory', empty, async () => ({ entries: history.list() })),
    desktopStatus: handler('desktopStatus', empty, async () => deps.desktop?.status() ?? PREVIEW_STATUS),
    authorizationLink: handler('authorizationLink', forProfile, async ({ profile }) => auth.link(await target(profile))),
    connectAuthorization: handler('connectAuthorization', z.strictObject({ profile: text(MAX_FIELD).optional(), reply: text(MAX_FIELD) }), async ({ profile, reply }) =>
      auth.connect(await target(profile), reply),
    ),
    refreshAccessToken: handler('refreshAccessToken', forProfile, async ({ profile }) => auth.refresh(await target(profile))),
    authStatus: handler('authStatus', forProfile, async ({ profile }) => auth.status(await target(profile))),
    listShops: handler('listShops', forProfile, async ({ profile }) => auth.shops(await target(profile))),
    chooseShop: handler(
      'chooseShop',
      z.strictObject({ profile: text(MAX_FIELD).optional(), shopId: text(64), shopRegion: text(64) }),
      async ({ profile, shopId, shopRegion }) => {
        await auth.chooseShop(await target(profile), shopId, shopRegion);
        return profiles.state();
      },
    ),
    openAuthorizationLink: handler('openAuthorizationLink', z.strictObject({ url: text(MAX_FIELD) }), async ({ url }) => {
      await auth.open(url);
      return { opened: true as const };
    }),
  };
}
