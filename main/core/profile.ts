/**
 * A profile as stored on disk: one app on one API host. It has no field for the app
 * secret or the access token: those live in the keychain only, under the profile's name.
 * The rules below apply to what a user types (form, CLI) and to what is read from disk.
 */
import { SANDBOX_PROFILE } from '../../preload/contract';
import { parseBaseUrl } from './base-url';
import { ValidationError } from './errors';

export interface Profile {
  readonly name: string;
  /** Normalised by parseBaseUrl: https (or http on loopback), no trailing slash. */
  readonly baseUrl: string;
  readonly appKey: string;
  /** The API `version` query parameter; sent only when set. */
  readonly version?: string;
}

export const NAME_MAX = 64;
export const APP_KEY_MAX = 128;
export const VERSION_MAX = 32;

// Letters and digits of any script, space, dot, underscore, hyphen; no colon, which
// separates the profile from the secret's kind in keychain account names.
const NAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u;
const VERSION_PATTERN = /^[A-Za-z0-9._-]+$/;

/** Names are compared ignoring case: Windows Credential Manager does, so `Prod` and `prod` would share secrets. */
export function sameName(a: string, b: string): boolean {
  return a.normalize('NFC').toLowerCase() === b.normalize('NFC').toLowerCase();
}

export function validateProfileName(input: string): string {
  const name = input.normalize('NFC').trim();
  if (name.length === 0) {
    throw new ValidationError('The profile name is empty.', 'Every profile needs a name to pick it by.', 'Enter a name such as "shop-eu prod".');
  }
  if (name.length > NAME_MAX) {
    throw new ValidationError(
      `The profile name is ${name.length} characters long.`,
      `A profile name has at most ${NAME_MAX} characters.`,
      'Choose a shorter name.',
    );
  }
  if (!NAME_PATTERN.test(name)) {
    throw new ValidationError(
      `The profile name "${name}" contains characters that are not allowed.`,
      'A profile name starts with a letter or digit and contains only letters, digits, spaces, ".", "_" and "-".',
      'Remove the other characters, e.g. "shop-eu prod".',
    );
  }
  if (sameName(name, SANDBOX_PROFILE)) {
    throw new ValidationError(
      `The name "${name}" is reserved.`,
      `"${SANDBOX_PROFILE}" is the built-in profile that talks to the offline sandbox.`,
      'Choose another name for your profile.',
    );
  }
  return name;
}

function validateAppKey(input: string): string {
  const appKey = input.trim();
  if (appKey.length === 0) {
    throw new ValidationError('The app key is empty.', 'The API identifies your app by its app key.', 'Copy the app key from the TikTok Shop Partner Center (App & Service > your app).');
  }
  if (/\s/.test(appKey)) {
    throw new ValidationError(
      'The app key contains whitespace.',
      'App keys are a single word of letters and digits; a space or line break usually comes from copying.',
      'Paste the app key again without spaces or line breaks.',
    );
  }
  if (appKey.length > APP_KEY_MAX) {
    throw new ValidationError(
      `The app key is ${appKey.length} characters long.`,
      `An app key has at most ${APP_KEY_MAX} characters; this looks like something else was pasted (the app secret belongs in its own field).`,
      'Paste the app key alone.',
    );
  }
  return appKey;
}

function validateVersion(input: string | undefined): string | undefined {
  const version = input?.trim() ?? '';
  if (version === '') return undefined;
  if (version.length > VERSION_MAX || !VERSION_PATTERN.test(version)) {
    throw new ValidationError(
      'The API version is not valid.',
      `The version is sent as the \`version\` query parameter: at most ${VERSION_MAX} letters, digits, ".", "_" or "-" (for example 202401).`,
      'Correct it, or leave it empty to send no version.',
    );
  }
  return version;
}

/** The profile as it will be stored, or a ValidationError that names the field. */
export function validateProfile(input: { name: string; baseUrl: string; appKey: string; version?: string }): Profile {
  const name = validateProfileName(input.name);
  const baseUrl = parseBaseUrl(input.baseUrl).href.replace(/\/$/, '');
  const appKey = validateAppKey(input.appKey);
  const version = validateVersion(input.version);
  return version === undefined ? { name, baseUrl, appKey } : { name, baseUrl, appKey, version };
}
