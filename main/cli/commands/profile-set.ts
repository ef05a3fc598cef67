/**
 * `widget-token profile set NAME --base-url URL --app-key KEY [--version V] [--service-id
 * SID] [--auth-region R] [--auth-base-url URL] [--shop-id ID] [--shop-region R]`. Creates or
 * updates a profile and makes it the active one. Secrets come from the environment or a
 * hidden prompt, never from arguments (the parser refuses those), and an update keeps the
 * stored secrets unless new ones are given.
 */
import type { SecretChange } from '../../../preload/contract';
import { validateProfile, type Profile } from '../../core/profile';
import type { SecretKind } from '../../core/secret-store';
import { parseArgs, UsageError } from '../args';
import { openCliCore } from '../cli-core';
import { COMMAND_SPECS } from '../command-specs';
import { canPrompt, openHiddenPrompt } from '../hidden-prompt';
import { writeOut } from '../output';
import { MAX_SHOWN_NAME_CHARS, terminalText } from '../terminal-text';

const spec = COMMAND_SPECS['profile set'];

/** The profile's fields as given, shown as data: an app key may hold anything but whitespace. */
const shown = (text: string) => terminalText(text, MAX_SHOWN_NAME_CHARS);

export const SECRET_ENV: Readonly<Record<SecretKind, string>> = {
  'app-secret': 'WIDGET_TOKEN_APP_SECRET',
  'access-token': 'WIDGET_TOKEN_ACCESS_TOKEN',
  'refresh-token': 'WIDGET_TOKEN_REFRESH_TOKEN',
};

const LABEL: Readonly<Record<SecretKind, string>> = { 'app-secret': 'App secret', 'access-token': 'Access token', 'refresh-token': 'Refresh token' };
/** The secrets asked for at the prompt; a refresh token comes only from its variable (or from `auth code`). */
const PROMPTED: readonly SecretKind[] = ['app-secret', 'access-token'];
const KINDS: readonly SecretKind[] = [...PROMPTED, 'refresh-token'];

/** The plain options and the profile field each one sets; "" removes an optional one. */
const OPTION_FIELDS = {
  '--version': 'version',
  '--service-id': 'serviceId',
  '--auth-region': 'authRegion',
  '--auth-base-url': 'authBaseUrl',
  '--shop-id': 'shopId',
  '--shop-region': 'shopRegion',
} as const;

type SecretSource = { readonly change: SecretChange; readonly from: string };

function fromEnv(kind: SecretKind): SecretSource | null {
  const value = process.env[SECRET_ENV[kind]]?.trim() ?? '';
  return value === '' ? null : { change: { action: 'replace', value }, from: SECRET_ENV[kind] };
}

/**
 * Each secret from its environment variable, else from the prompt in a terminal, else
 * kept. A new profile cannot be saved without its app secret, nor without an access token
 * unless it has a service ID (then `auth code` obtains the tokens): that is a usage error,
 * not a prompt that a script would hang on.
 */
async function collectSecrets(name: string, stored: Readonly<Record<SecretKind, boolean>> | null, authorizable: boolean): Promise<Record<SecretKind, SecretSource>> {
  const isNew = stored === null;
  const required = (kind: SecretKind): boolean => isNew && (kind === 'app-secret' || (kind === 'access-token' && !authorizable));
  const sources: Partial<Record<SecretKind, SecretSource>> = {};
  for (const kind of KINDS) {
    const source = fromEnv(kind);
    if (source !== null) sources[kind] = source;
  }
  const missing = PROMPTED.filter((kind) => sources[kind] === undefined);
  if (missing.length > 0 && canPrompt()) {
    const prompt = openHiddenPrompt();
    try {
      for (const kind of missing) {
        const hint = stored?.[kind] === true ? ' (input hidden; Enter keeps the stored one)' : required(kind) ? ' (input hidden)' : ' (input hidden; Enter skips it: `widget-token auth code` will obtain it)';
        const value = (await prompt.ask(`${LABEL[kind]} for "${name}"${hint}: `)).trim();
        if (value !== '') sources[kind] = { change: { action: 'replace', value }, from: 'the prompt' };
        else if (required(kind)) throw new UsageError(`The ${LABEL[kind].toLowerCase()} is empty.`, spec, 'A new profile needs its app secret, and its access token unless it has a service ID to authorize with.', 'Run the command again and type it at the prompt.');
      }
    } finally {
      prompt.close();
    }
  }
  const unset = KINDS.filter((kind) => sources[kind] === undefined && required(kind));
  if (unset.length > 0) {
    throw new UsageError(
      `A new profile needs its ${unset.map((kind) => LABEL[kind].toLowerCase()).join(' and ')}, and there is no terminal to ask for ${unset.length > 1 ? 'them' : 'it'}.`,
      spec,
      'Secrets are never taken from arguments (they would land in shell history and process lists).',
      `Set ${unset.map((kind) => SECRET_ENV[kind]).join(' and ')} in the environment of this command, or run it in a terminal to type ${unset.length > 1 ? 'them' : 'it'} at a hidden prompt.`,
    );
  }
  const keep: SecretSource = { change: { action: 'keep' }, from: '' };
  return { 'app-secret': sources['app-secret'] ?? keep, 'access-token': sources['access-token'] ?? keep, 'refresh-token': sources['refresh-token'] ?? keep };
}

function describe(kind: SecretKind, source: SecretSource, stored: boolean): string {
  if (source.change.action === 'replace') return `${LABEL[kind]}: stored in the keychain (from ${source.from}).`;
  return `${LABEL[kind]}: ${stored ? 'kept in the keychain' : 'not set'}.`;
}

export async function run(args: readonly string[]): Promise<number> {
  const { positionals, values } = parseArgs(args, spec);
  const requestedName = positionals[0] ?? '';
  const cli = openCliCore();
  try {
    const existing = await cli.store.get(requestedName);
    const baseUrl = values.get('--base-url') ?? existing?.baseUrl;
    const appKey = values.get('--app-key') ?? existing?.appKey;
    if (baseUrl === undefined || appKey === undefined) {
      const absent = [baseUrl === undefined ? '--base-url URL' : '', appKey === undefined ? '--app-key KEY' : ''].filter(Boolean).join(' and ');
      throw new UsageError(`A new profile needs ${absent}.`, spec, `There is no profile named "${requestedName.trim()}" yet.`, 'Production is --base-url https://open-api.tiktokglobalshop.com; the app key is in the Partner Center.');
    }
    const options: Partial<Record<(typeof OPTION_FIELDS)[keyof typeof OPTION_FIELDS], string>> = {};
    for (const [option, field] of Object.entries(OPTION_FIELDS) as [keyof typeof OPTION_FIELDS, (typeof OPTION_FIELDS)[keyof typeof OPTION_FIELDS]][]) {
      const value = values.get(option) ?? existing?.[field];
      if (value !== undefined) options[field] = value;
    }
    // Checked before any secret is asked for: a typo in the URL should not cost typing them twice.
    const profile = validateProfile({ name: existing?.name ?? requestedName, baseUrl, appKey, ...options });
    await cli.secrets.check();
    const sources = await collectSecrets(profile.name, existing === null ? null : await cli.profiles.secretStatus(existing.name), profile.serviceId !== undefined);
    // Create or update is decided under the lock: another process may create this name meanwhile.
    const { profile: saved, created } = await cli.profiles.createOrUpdate({
      ...profile,
      appSecret: sources['app-secret'].change,
      accessToken: sources['access-token'].change,
      refreshToken: sources['refresh-token'].change,
    });
    const status = await cli.profiles.secretStatus(saved.name);
    const stored = KINDS.map((kind) => status?.[kind] === true);
    await writeOut(
      [
        `${created ? 'Created' : 'Updated'} profile "${shown(saved.name)}" (${describeProfile(saved)}); it is now the active profile.`,
        // The refresh token is named only where it matters: set, or a profile meant to be authorized.
        ...KINDS.flatMap((kind, index) =>
          kind === 'refresh-token' && stored[index] !== true && saved.serviceId === undefined ? [] : [`  ${describe(kind, sources[kind], stored[index] === true)}`],
        ),
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    await cli.close();
  }
}

function describeProfile(profile: Profile): string {
  // The version, service ID, region and shop are checked against patterns; the rest may hold anything printable.
  const parts = [terminalText(profile.baseUrl), `app key ${shown(profile.appKey)}`];
  if (profile.version !== undefined) parts.push(`version ${profile.version}`);
  if (profile.serviceId !== undefined) parts.push(`service ID ${profile.serviceId}`);
  if (profile.authRegion !== undefined) parts.push(`authorization region ${profile.authRegion}`);
  if (profile.authBaseUrl !== undefined) parts.push(`auth base URL ${terminalText(profile.authBaseUrl)}`);
  if (profile.shopId !== undefined) parts.push(`shop ${profile.shopId}${profile.shopRegion === undefined ? '' : ` (${profile.shopRegion})`}`);
  else if (profile.shopRegion !== undefined) parts.push(`shop region ${profile.shopRegion}`);
  return parts.join(', ');
}
