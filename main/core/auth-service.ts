/**
 * The seller authorization of a profile, from link to shops: what the window's Authorize
 * shop dialog and Shops table, and the CLI's `auth …` and `shops`, ask of the core. The
 * tokens go to the keychain (stored profiles) or this process's memory (the built-in
 * profile); what comes back out is facts, never a token.
 */
import { SANDBOX_PROFILE, type AuthorizationLink, type AuthStatus, type ShopsResult } from '../../preload/contract';
import { DEFAULT_AUTH_BASE_URL, exchangeCode, type TokenGrant } from './auth-client';
import { authorizeOrigin, buildAuthorizationLink, checkReplyState, isOpenableAuthorizationLink, newAuthState, parseAuthorizationReply } from './authorization-link';
import type { Clock } from './clock';
import type { SandboxLauncher } from './core-deps';
import { AppError, KeychainUnavailableError, ProfileDataError, ValidationError } from './errors';
import { validateShopChoice } from './profile';
import { isSandboxName, type ProfileService } from './profile-service';
import type { RefreshCoordinator } from './refresh-coordinator';
import { resolveProfile } from './resolve-profile';
import type { SandboxSession } from './sandbox-session';
import { fetchShops } from './shops-client';
import type { RequestFn } from './widget-token-client';

export interface AuthServiceOptions {
  readonly profiles: ProfileService;
  readonly sandbox: SandboxLauncher;
  readonly session: SandboxSession;
  readonly refresher: RefreshCoordinator;
  readonly clock?: Clock;
  readonly timeoutMs?: number;
  readonly request?: RequestFn;
  /** Opens a link in the system browser (the desktop app); absent where there is none to open (the preview, the CLI). */
  readonly openExternal?: (url: string) => Promise<void>;
}

function needsServiceId(name: string): ValidationError {
  return new ValidationError(
    `Profile "${name}" has no service ID.`,
    "The authorization link names the app by its service ID from Partner Center (App & Service > your app), which is not its app key.",
    `Set it: edit the profile in the app, or run \`widget-token profile set "${name}" --service-id SID\`.`,
  );
}

/** The code is spent once exchanged: if the tokens cannot be kept, only a new authorization helps. */
function grantNotStored(error: unknown): AppError {
  const message = 'The shop was authorized, but its tokens could not be stored.';
  const explanation = `${error instanceof AppError ? `${error.message} ${error.explanation}` : 'Saving them failed unexpectedly.'} The profile was left as it was, and the code cannot be used again.`;
  const resolution = `Fix the cause above, then have the seller authorize the app again with a new link.${error instanceof AppError ? ` ${error.resolution}` : ''}`;
  return error instanceof KeychainUnavailableError ? new KeychainUnavailableError(message, explanation, resolution) : new ProfileDataError(message, explanation, resolution);
}

export class AuthService {
  /** Links this process built: the only ones it opens in the system browser. */
  private readonly issuedLinks = new Set<string>();

  constructor(private readonly options: AuthServiceOptions) {}

  /** A new authorization link for the profile; its `state` replaces the one remembered before. */
  async link(name: string): Promise<AuthorizationLink> {
    const state = newAuthState();
    let link: { profile: string; url: string };
    if (isSandboxName(name)) {
      const endpoint = await this.options.sandbox();
      this.options.session.rememberState(endpoint.baseUrl, state);
      link = { profile: SANDBOX_PROFILE, url: buildAuthorizationLink(endpoint.baseUrl, endpoint.serviceId, state) };
    } else {
      const profile = await this.options.profiles.stored(name);
      if (profile.serviceId === undefined) throw needsServiceId(profile.name);
      const url = buildAuthorizationLink(authorizeOrigin(profile.authRegion, profile.authBaseUrl), profile.serviceId, state);
      await this.options.profiles.setAuthState(profile.name, state);
      link = { profile: profile.name, url };
    }
    this.issuedLinks.add(link.url);
    return { ...link, canOpen: this.options.openExternal !== undefined && isOpenableAuthorizationLink(link.url) };
  }

  /** Opens a link this process built, in the system browser; anything else is refused. */
  async open(url: string): Promise<void> {
    const { openExternal } = this.options;
    if (openExternal === undefined) {
      throw new ValidationError('Links are opened by the browser here.', 'The preview shows the authorization link as a link on the page.', 'Click the link, or copy it into a browser.');
    }
    if (!this.issuedLinks.has(url) || !isOpenableAuthorizationLink(url)) {
      throw new ValidationError(
        'Only an authorization link made by this app is opened.',
        'The system browser is opened only for TikTok Shop\'s authorize pages (services.tiktokshop.com, services.tiktokshops.us) and the offline sandbox on this machine.',
        'Create the link with Authorize shop, then open it.',
      );
    }
    await openExternal(url);
  }

  /** Exchanges a pasted redirect URL (its state checked) or a bare code, and keeps the tokens. */
  async connect(name: string, reply: string): Promise<AuthStatus> {
    const parsed = parseAuthorizationReply(reply);
    if (isSandboxName(name)) {
      const endpoint = await this.options.sandbox();
      checkReplyState(parsed, this.options.session.stateFor(endpoint.baseUrl));
      const grant = await this.exchange(endpoint.baseUrl, endpoint.appKey, endpoint.appSecret, parsed.code);
      this.options.session.store(endpoint.baseUrl, grant);
      return this.status(SANDBOX_PROFILE);
    }
    const profile = await this.options.profiles.stored(name);
    checkReplyState(parsed, profile.authState);
    const appSecret = await this.options.profiles.appSecret(profile.name);
    const grant = await this.exchange(profile.authBaseUrl ?? DEFAULT_AUTH_BASE_URL, profile.appKey, appSecret, parsed.code);
    try {
      await this.options.profiles.storeAuthorization(profile.name, grant);
    } catch (error) {
      throw grantNotStored(error);
    }
    return this.status(profile.name);
  }

  async refresh(name: string): Promise<AuthStatus> {
    const refreshed = await this.options.refresher.refreshNow(name);
    return this.status(refreshed.name);
  }

  async status(name: string): Promise<AuthStatus> {
    if (isSandboxName(name)) {
      const grant = this.options.session.grantFor(this.options.sandbox.runningAt());
      const shop = this.options.session.chosenShop();
      return {
        profile: SANDBOX_PROFILE,
        builtIn: true,
        serviceId: null,
        authRegion: 'global',
        accessTokenSet: true,
        refreshTokenSet: grant !== null,
        authorization: grant?.authorization ?? null,
        shopId: shop?.shopId ?? null,
        shopRegion: shop?.shopRegion ?? null,
      };
    }
    const profile = await this.options.profiles.stored(name);
    const [accessTokenSet, refreshToken] = await Promise.all([this.options.profiles.hasAccessToken(profile.name), this.options.profiles.refreshToken(profile.name)]);
    return {
      profile: profile.name,
      builtIn: false,
      serviceId: profile.serviceId ?? null,
      authRegion: profile.authRegion ?? 'global',
      accessTokenSet,
      refreshTokenSet: refreshToken !== null,
      authorization: profile.authorization ?? null,
      shopId: profile.shopId ?? null,
      shopRegion: profile.shopRegion ?? null,
    };
  }

  /** Get Authorized Shops with the profile's access token, refreshed first when needed. */
  async shops(name: string): Promise<ShopsResult> {
    const profile = await resolveProfile(name, this.options);
    const { clock, request, timeoutMs } = this.options;
    const answer = await this.options.refresher.withFreshToken(profile, (current) =>
      fetchShops(
        { baseUrl: current.baseUrl, appKey: current.appKey, appSecret: current.appSecret, accessToken: current.accessToken, ...(current.version === undefined ? {} : { version: current.version }), ...(timeoutMs === undefined ? {} : { timeoutMs }) },
        { ...(clock === undefined ? {} : { clock }), ...(request === undefined ? {} : { request }) },
      ),
    );
    return { profile: profile.name, shops: answer.shops, requestId: answer.requestId };
  }

  async chooseShop(name: string, shopId: string, shopRegion: string): Promise<void> {
    if (isSandboxName(name)) {
      const { shopId: id, shopRegion: region } = validateShopChoice(shopId, shopRegion);
      // The built-in profile keeps a choice only whole: both the shop and its region.
      if (id === undefined || region === undefined) {
        throw new ValidationError('The shop is not valid.', 'A shop is chosen with its ID and its region.', 'Choose a shop from the Shops table.');
      }
      this.options.session.chooseShop(id, region);
      return;
    }
    await this.options.profiles.chooseShop(name, shopId, shopRegion);
  }

  private exchange(authBaseUrl: string, appKey: string, appSecret: string, code: string): Promise<TokenGrant> {
    const { clock, request, timeoutMs } = this.options;
    return exchangeCode(
      { authBaseUrl, appKey, appSecret, code, ...(timeoutMs === undefined ? {} : { timeoutMs }) },
      { ...(clock === undefined ? {} : { clock }), ...(request === undefined ? {} : { request }) },
    );
  }
}
