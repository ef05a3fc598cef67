/**
 * The desktop notifications' words. Few and useful: a token copied by the global shortcut
 * (the user pressed a key and sees no window), an authorization that ends within 30 days,
 * an access token that could not be refreshed. Never one per token fetched in the window.
 */
import { formatRelative } from '../../../common/time-format';

export interface Notice {
  readonly title: string;
  readonly body: string;
}

export const AUTHORIZATION_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

/** Profile names are user text: no line breaks or control characters in a notification. */
function plain(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').slice(0, 80);
}

export function tokenCopiedNotice(profile: string, msLeft: number): Notice {
  const left = formatRelative(msLeft, 0).replace(/^in /, '');
  return { title: 'Widget token copied', body: `Profile ${plain(profile)}: ${left} left.` };
}

export function tokenCopyFailedNotice(profile: string, message: string): Notice {
  return { title: 'No widget token copied', body: `Profile ${plain(profile)}: ${plain(message)}` };
}

/** Null while the authorization has more than 30 days left: nothing to say yet. */
export function authorizationEndingNotice(profile: string, endsAtMs: number, nowMs: number): Notice | null {
  if (endsAtMs - nowMs > AUTHORIZATION_WARNING_DAYS * DAY_MS) return null;
  const when = formatRelative(endsAtMs, nowMs, 'expiry');
  const ended = endsAtMs <= nowMs;
  return {
    title: ended ? 'Shop authorization ended' : 'Shop authorization ending',
    body: `Profile ${plain(profile)}: the seller's authorization ${ended ? when.replace(/^expired/, 'ended') : `ends ${when}`}. Ask the seller to authorize the app again.`,
  };
}

export function refreshFailedNotice(profile: string, message: string): Notice {
  return {
    title: 'Access token not refreshed',
    body: `Profile ${plain(profile)}: ${plain(message)} Widget tokens fail once the access token expires.`,
  };
}

export function shortcutTakenNotice(accelerator: string): Notice {
  return {
    title: 'Global shortcut not available',
    body: `${plain(accelerator)} is taken by another program. Choose another shortcut in Settings.`,
  };
}
