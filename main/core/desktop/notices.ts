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

/** Shows a notice (Electron's Notification in the desktop app). */
export interface Notifier {
  notify(notice: Notice): void;
}

/**
 * The two lifecycle notices, for the seller-authorization work to call (it runs in the
 * core; the desktop shell hands it this). Each says its piece once per profile, not once
 * per token or per refresh attempt: a warning repeated every five minutes is noise.
 */
export class LifecycleNotices {
  private readonly endingWarned = new Set<string>();
  private readonly refreshFailedFor = new Set<string>();

  constructor(
    private readonly notifier: Notifier,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** Call with the authorization's end whenever it is learnt (auth code, refresh, status). */
  authorizationEnds(profile: string, endsAtMs: number): void {
    if (this.endingWarned.has(profile)) return;
    const notice = authorizationEndingNotice(profile, endsAtMs, this.nowMs());
    if (notice === null) return;
    this.endingWarned.add(profile);
    this.notifier.notify(notice);
  }

  /** Call when a refresh of the access token failed; quiet until refreshSucceeded(profile). */
  refreshFailed(profile: string, message: string): void {
    if (this.refreshFailedFor.has(profile)) return;
    this.refreshFailedFor.add(profile);
    this.notifier.notify(refreshFailedNotice(profile, message));
  }

  refreshSucceeded(profile: string): void {
    this.refreshFailedFor.delete(profile);
  }
}
