/**
 * The profile form's own checks, run on every field at once before anything is sent, so
 * that each bad field is marked with its message. They follow main's rules
 * (main/core/profile.ts, base-url.ts), which still decide: a save main refuses shows its
 * reason in the form's alert.
 */

export interface ProfileDraft {
  readonly name: string;
  readonly baseUrl: string;
  readonly appKey: string;
  readonly version: string;
}

export type ProfileField = keyof ProfileDraft;

/** Each bad field's message, in the form's order; empty when all are fine. */
export type FieldProblems = Partial<Record<ProfileField, string>>;

export const FIELD_ORDER: readonly ProfileField[] = ['name', 'baseUrl', 'appKey', 'version'];

/** The API path the app appends itself: a base URL that already holds it would call it twice. */
export const ENDPOINT_PATH = '/authorization/202401/widget_token';

const NAME_MAX = 64;
const APP_KEY_MAX = 128;
const VERSION_MAX = 32;
const NAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u;
const VERSION_PATTERN = /^[A-Za-z0-9._-]+$/;

function nameProblem(input: string): string | undefined {
  const name = input.normalize('NFC').trim();
  if (name === '') return 'Enter a name, such as "shop-eu prod".';
  if (name.length > NAME_MAX) return `At most ${NAME_MAX} characters (this is ${name.length}).`;
  if (!NAME_PATTERN.test(name)) return 'Start with a letter or digit; then only letters, digits, spaces, ".", "_" and "-".';
  if (name.normalize('NFKC').toLowerCase() === 'sandbox') return '"sandbox" is the built-in profile: choose another name.';
  return undefined;
}

function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function baseUrlProblem(input: string): string | undefined {
  const text = input.trim();
  if (text === '') return 'Enter the API address, e.g. https://open-api.tiktokglobalshop.com.';
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return 'Start with https:// (or http:// for an address on this machine).';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'This is not a valid URL: check for spaces, a stray character or a bad port.';
  }
  if (url.username !== '' || url.password !== '') return 'Remove the "user:password@" part: credentials do not belong in the URL.';
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) return 'Use https: plain http is accepted only on this machine (localhost, 127.0.0.1).';
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'Use https:// (or http:// on this machine).';
  if (text.includes('?') || text.includes('#')) return 'Remove everything from the "?" or "#" on: the app builds the query itself.';
  return undefined;
}

function appKeyProblem(input: string): string | undefined {
  const appKey = input.trim();
  if (appKey === '') return 'Enter the app key from the Partner Center (App & Service > your app).';
  if (/\s/.test(appKey)) return 'An app key has no spaces or line breaks: paste it again.';
  if (appKey.length > APP_KEY_MAX) return `At most ${APP_KEY_MAX} characters: this looks like something else (the app secret has its own field).`;
  return undefined;
}

function versionProblem(input: string): string | undefined {
  const version = input.trim();
  if (version === '') return undefined;
  if (version.length > VERSION_MAX || !VERSION_PATTERN.test(version)) return `Letters, digits, ".", "_" or "-", at most ${VERSION_MAX} (e.g. 202401); or leave it empty.`;
  return undefined;
}

const CHECKS: Readonly<Record<ProfileField, (input: string) => string | undefined>> = {
  name: nameProblem,
  baseUrl: baseUrlProblem,
  appKey: appKeyProblem,
  version: versionProblem,
};

export function profileProblems(draft: ProfileDraft): FieldProblems {
  const problems: FieldProblems = {};
  for (const field of FIELD_ORDER) {
    const problem = CHECKS[field](draft[field]);
    if (problem !== undefined) problems[field] = problem;
  }
  return problems;
}

/** A base URL that already ends in the endpoint's path: allowed (a proxy might want it), but most likely pasted from a full URL. */
export function endpointPathWarning(baseUrl: string): string | null {
  return baseUrl.trim().replace(/\/+$/, '').toLowerCase().includes(ENDPOINT_PATH)
    ? `This address already contains ${ENDPOINT_PATH}, which the app appends itself: the call would go to …${ENDPOINT_PATH}${ENDPOINT_PATH}. Use the host alone, e.g. https://open-api.tiktokglobalshop.com.`
    : null;
}
