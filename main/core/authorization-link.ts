/**
 * The seller authorization link and what comes back from it. The link carries the app's
 * service ID and a random `state`; the seller approves and is sent to the app's redirect
 * URL with `?code=…&state=…`, which the user pastes back (or only the code). A pasted URL
 * whose state is not the one remembered is refused: it came from another link, perhaps
 * someone else's.
 */
import { randomBytes } from 'node:crypto';
import type { AuthRegion } from '../../preload/contract';
import { isLoopbackHost, parseBaseUrl } from './base-url';
import { ValidationError } from './errors';

export const AUTHORIZE_PATH = '/open/authorize';

export const AUTHORIZE_HOSTS: Readonly<Record<AuthRegion, string>> = {
  global: 'https://services.tiktokshop.com',
  us: 'https://services.tiktokshops.us',
};

/** 128 random bits, URL-safe: what the profile remembers and the link carries. */
export function newAuthState(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Where the seller authorizes: TikTok's host for the region, or, for a profile whose auth
 * base URL is on loopback (the offline sandbox, a local stand-in), that server's own page.
 */
export function authorizeOrigin(authRegion: AuthRegion | undefined, authBaseUrl: string | undefined): string {
  if (authBaseUrl !== undefined) {
    const url = parseBaseUrl(authBaseUrl);
    if (isLoopbackHost(url.hostname)) return url.href.replace(/\/+$/, '');
  }
  return AUTHORIZE_HOSTS[authRegion ?? 'global'];
}

export function buildAuthorizationLink(origin: string, serviceId: string, state: string): string {
  return `${origin}${AUTHORIZE_PATH}?${new URLSearchParams({ service_id: serviceId, state }).toString()}`;
}

/** May the shell open this link in the system browser? Only TikTok's two authorize hosts, and loopback. */
export function isOpenableAuthorizationLink(link: string): boolean {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  if (url.protocol === 'https:' && Object.values(AUTHORIZE_HOSTS).includes(url.origin)) return url.pathname === AUTHORIZE_PATH;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

export interface AuthorizationReply {
  readonly code: string;
  /** null for a bare code, which has no state to check. */
  readonly state: string | null;
}

const CODE_PATTERN = /^[\x21-\x7e]{1,2048}$/;

function invalidCode(): ValidationError {
  return new ValidationError(
    'That is not an authorization code or a redirect URL.',
    'After the seller approves, TikTok Shop sends the browser to your redirect URL with `?code=…&state=…`; the code is one word without spaces.',
    'Paste the whole address from the browser, or the value of its `code` parameter.',
  );
}

/** A pasted redirect URL (anything with `code=` in its query) or a bare code. The text is never quoted back: it holds the code. */
export function parseAuthorizationReply(input: string): AuthorizationReply {
  const text = input.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || text.includes('?')) {
    let url: URL;
    try {
      url = new URL(text.includes('://') ? text : `http://redirect.invalid/${text.replace(/^[^?]*/, '')}`);
    } catch {
      throw invalidCode();
    }
    const code = url.searchParams.get('code');
    if (code === null || !CODE_PATTERN.test(code)) {
      const refused = url.searchParams.get('error');
      if (refused !== null) {
        throw new ValidationError(
          'The seller did not authorize the app.',
          'The redirect carries an `error` parameter instead of a code: the authorization was refused or cancelled.',
          'Open the authorization link again and have the seller approve it.',
        );
      }
      throw invalidCode();
    }
    return { code, state: url.searchParams.get('state') };
  }
  if (!CODE_PATTERN.test(text)) throw invalidCode();
  return { code: text, state: null };
}

/** A redirect's state must be the one the profile's last link carried. */
export function checkReplyState(reply: AuthorizationReply, remembered: string | undefined): void {
  if (reply.state === null) return;
  if (remembered === undefined || reply.state !== remembered) {
    throw new ValidationError(
      'The redirect URL does not belong to this profile\'s authorization link.',
      remembered === undefined
        ? 'This profile has no pending authorization link (its last one was already used, or none was made), so the `state` cannot be checked; a redirect from an unknown link could have been planted.'
        : 'Its `state` is not the one this profile\'s last link carried: it comes from an older link, another profile, or someone else.',
      'Create the link again (Authorize shop, or `widget-token auth url`), have the seller approve it, and paste the address it leads to. To skip the check, paste the code alone.',
    );
  }
}
