/**
 * A profile as stored on disk: one app on one API host. It has no field for the app
 * secret or the access token: those live in the keychain only, under the profile's name.
 * The rules below apply to what a user types (form, CLI) and to what is read from disk.
 */
import { AUTH_REGIONS, SANDBOX_PROFILE, type AuthorizationFacts, type AuthRegion, type ProfileOptions } from '../../preload/contract';
import { parseBaseUrl } from './base-url';
import { ValidationError } from './errors';

export interface Profile extends ProfileOptions {
  readonly name: string;
  /** Normalised by parseBaseUrl: https (or http on loopback), no trailing slash. */
  readonly baseUrl: string;
  readonly appKey: string;
  /** Normalised like baseUrl. */
  readonly authBaseUrl?: string;
  /** Facts of the last code exchange or refresh; never a token. */
  readonly authorization?: AuthorizationFacts;
  /**
   * The `state` of the last authorization link, so that `auth code` in another process
   * can check the redirect it is given. A nonce against forged redirects, not a secret.
   */
  readonly authState?: string;
}

/** What a user types for a profile; validateProfile turns it into a Profile. */
export interface ProfileInput extends ProfileOptions {
  readonly name: string;
  readonly baseUrl: string;
  readonly appKey: string;
}

export const NAME_MAX = 64;
export const APP_KEY_MAX = 128;
export const VERSION_MAX = 32;

// Letters and digits of any script, space, dot, underscore, hyphen; no colon, which
// separates the profile from the secret's kind in keychain account names.
const NAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u;
const VERSION_PATTERN = /^[A-Za-z0-9._-]+$/;
const SERVICE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
// Shop ids are 64-bit integers sent as strings: kept as digits, never turned into numbers.
const SHOP_ID_PATTERN = /^[0-9]{1,32}$/;
const SHOP_REGION_PATTERN = /^[A-Za-z]{2,8}$/;

/**
 * The one form in which profile names are compared: NFKC (so `ｓａｎｄｂｏｘ` and the Kelvin
 * sign read as `sandbox` and `K`), then lower- and upper-cased (a full case fold with the
 * upper-case rules Windows Credential Manager uses: `ς`/`σ`/`Σ`, `ı`/`i`/`I` and `ß`/`SS`
 * each become one name), then NFKC again because upper-casing can decompose. Two names
 * with one key would share keychain entries on some platform, so they are one profile.
 */
export function nameKey(name: string): string {
  return name.trim().normalize('NFKC').toLowerCase().toUpperCase().normalize('NFKC');
}

export function sameName(a: string, b: string): boolean {
  return nameKey(a) === nameKey(b);
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

/** An optional text field: trimmed, empty means unset, otherwise it must match. */
function optionalField(input: string | undefined, pattern: RegExp, message: string, explanation: string, resolution: string): string | undefined {
  const value = input?.trim() ?? '';
  if (value === '') return undefined;
  if (!pattern.test(value)) throw new ValidationError(message, explanation, resolution);
  return value;
}

function validateAuthRegion(input: string | undefined): AuthRegion | undefined {
  const value = input?.trim().toLowerCase() ?? '';
  if (value === '') return undefined;
  const region = AUTH_REGIONS.find((known) => known === value);
  if (region === undefined) {
    throw new ValidationError(
      'The authorization region is not valid.',
      'Sellers authorize on services.tiktokshop.com (global) or services.tiktokshops.us (us).',
      'Use global or us, or leave it empty for global.',
    );
  }
  return region;
}

function validateShopId(input: string | undefined): string | undefined {
  return optionalField(
    input,
    SHOP_ID_PATTERN,
    'The shop ID is not valid.',
    'A shop ID is a number of up to 32 digits, as `widget-token shops` and the Shops table list it.',
    'Copy the id from the shops list, or leave it empty.',
  );
}

/** Upper-cased, as the shops list gives it. */
function validateShopRegion(input: string | undefined): string | undefined {
  return optionalField(
    input,
    SHOP_REGION_PATTERN,
    'The shop region is not valid.',
    'A shop region is a short region code such as GB, US or SG.',
    'Use the region the shops list shows for the shop, or leave it empty.',
  )?.toUpperCase();
}

/** A shop chosen in the Shops table, checked like the typed fields; both or neither. */
export function validateShopChoice(shopId: string, shopRegion: string): Pick<Profile, 'shopId' | 'shopRegion'> {
  const id = validateShopId(shopId);
  const region = validateShopRegion(shopRegion);
  return { ...(id === undefined ? {} : { shopId: id }), ...(region === undefined ? {} : { shopRegion: region }) };
}

/** The profile as it will be stored, or a ValidationError that names the field. The region may still be text (CLI, disk). */
export function validateProfile(input: Omit<ProfileInput, 'authRegion'> & { readonly authRegion?: string }): Profile {
  const name = validateProfileName(input.name);
  const baseUrl = parseBaseUrl(input.baseUrl).href.replace(/\/$/, '');
  const appKey = validateAppKey(input.appKey);
  const version = validateVersion(input.version);
  const serviceId = optionalField(
    input.serviceId,
    SERVICE_ID_PATTERN,
    'The service ID is not valid.',
    'The service ID is the one Partner Center shows for your app (App & Service > your app); it has at most 64 letters, digits, "_" or "-". It is not the app key.',
    'Copy it again from Partner Center, or leave it empty.',
  );
  const authRegion = validateAuthRegion(input.authRegion);
  const authBaseText = input.authBaseUrl?.trim() ?? '';
  const authBaseUrl = authBaseText === '' ? undefined : parseBaseUrl(authBaseText).href.replace(/\/$/, '');
  const shopId = validateShopId(input.shopId);
  const shopRegion = validateShopRegion(input.shopRegion);
  return {
    name,
    baseUrl,
    appKey,
    ...(version === undefined ? {} : { version }),
    ...(serviceId === undefined ? {} : { serviceId }),
    ...(authRegion === undefined ? {} : { authRegion }),
    ...(authBaseUrl === undefined ? {} : { authBaseUrl }),
    ...(shopId === undefined ? {} : { shopId }),
    ...(shopRegion === undefined ? {} : { shopRegion }),
  };
}
