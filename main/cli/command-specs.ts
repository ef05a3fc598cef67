/**
 * Every command of `widget-token`: its options, its arguments and its help. Plain data,
 * so the entry point can print help and check a command's name without loading the
 * command's own module (and with it the keychain, the HTTP client or the sandbox).
 */

export interface OptionSpec {
  /** The value's placeholder (`URL`) for an option that takes one; absent for a switch. */
  readonly value?: string;
  readonly help: string;
}

export interface PositionalSpec {
  readonly name: string;
  readonly optional?: boolean;
}

export type CommandName =
  | 'get'
  | 'decode'
  | 'profile set'
  | 'profile list'
  | 'profile use'
  | 'profile remove'
  | 'profile repair'
  | 'sandbox'
  | 'preview'
  | 'exec'
  | 'widget check'
  | 'widget explain'
  | 'auth url'
  | 'auth code'
  | 'auth refresh'
  | 'auth status'
  | 'shops';

export interface CommandSpec {
  readonly name: CommandName;
  readonly usage: string;
  readonly summary: string;
  /** Paragraphs printed under the options in `--help`. */
  readonly details: readonly string[];
  readonly positionals: readonly PositionalSpec[];
  readonly options: Readonly<Record<string, OptionSpec>>;
}

const JSON_OPTION: OptionSpec = { help: 'Print JSON instead of text; big integers keep all their digits.' };
const PROFILE_OPTION: OptionSpec = { value: 'NAME', help: 'The profile (default: the active one, else the built-in sandbox).' };

export const COMMAND_SPECS: Readonly<Record<CommandName, CommandSpec>> = {
  get: {
    name: 'get',
    usage: 'widget-token get [--profile NAME] [--json | --format token|json|widget-kit|env] [--timeout SECONDS] [--no-refresh]',
    summary: 'Fetch a widget token.',
    details: [
      'Without --profile it uses the active profile (the one last chosen in the app or the CLI), else the built-in offline sandbox. --profile picks NAME for this call only: the active profile stays as it is (`widget-token profile use NAME` switches it).',
      'Plain output is the token alone on stdout. --json prints {profile, token, expireAt, jwtExp, requestId, claims, header}, the claims and header decoded losslessly.',
      'Notes (the sandbox, clock skew, expire_at and exp disagreeing, a token already expired when it arrived, an access token renewed on the way) go to stderr; the token is printed all the same.',
      '--format widget-kit prints {"token":"…","expire_at":"<seconds as a string>"}, what widget-kit\'s getToken() resolves; --format env prints WIDGET_TOKEN=… and WIDGET_TOKEN_EXPIRE_AT=… lines. Both give the earlier of expire_at and exp.',
      'For a profile authorized with `widget-token auth code`, the access token is refreshed first when it expires within 10 minutes, and once after a 105002 answer; --no-refresh skips both, to see the raw answer.',
    ],
    positionals: [],
    options: {
      '--profile': { value: 'NAME', help: 'The profile to use for this call (the active one is not changed); `sandbox` is the built-in one.' },
      '--json': JSON_OPTION,
      '--format': { value: 'F', help: 'token (default), json (= --json), widget-kit or env.' },
      '--timeout': { value: 'SECONDS', help: 'Give up after this many seconds (default 15).' },
      '--no-refresh': { help: 'Do not refresh the access token, even when it has expired.' },
    },
  },
  decode: {
    name: 'decode',
    usage: 'widget-token decode TOKEN|- [--json]',
    summary: 'Decode any JWT losslessly, times annotated.',
    details: [
      'TOKEN is the JWT itself; `-` reads it from stdin (keeps it out of your shell history). The signature is not verified.',
      'Plain output shows the header and the claims one per line, times as local time, UTC and relative. --json prints {header, claims, signature}.',
    ],
    positionals: [{ name: 'TOKEN' }],
    options: { '--json': JSON_OPTION },
  },
  'profile set': {
    name: 'profile set',
    usage:
      'widget-token profile set NAME --base-url URL --app-key KEY [--version V] [--service-id SID] [--auth-region global|us] [--auth-base-url URL] [--shop-id ID] [--shop-region REGION]',
    summary: 'Create or update a profile; it becomes the active one.',
    details: [
      'The app secret and the access token go to the OS keychain. They come from WIDGET_TOKEN_APP_SECRET and WIDGET_TOKEN_ACCESS_TOKEN (and a refresh token from WIDGET_TOKEN_REFRESH_TOKEN), else from a hidden prompt in a terminal; never from arguments.',
      'A profile with a service ID needs no access token up front: `widget-token auth code` obtains the access and refresh tokens.',
      'Updating a profile keeps the stored values (base URL, app key, options, secrets) that are not given again; an empty value (--version "") removes an option.',
    ],
    positionals: [{ name: 'NAME' }],
    options: {
      '--base-url': { value: 'URL', help: 'API host: https://open-api.tiktokglobalshop.com, any https URL, or http on loopback.' },
      '--app-key': { value: 'KEY', help: 'The app key from the Partner Center.' },
      '--version': { value: 'V', help: 'The API `version` query parameter, sent only when set.' },
      '--service-id': { value: 'SID', help: "The app's service ID from Partner Center, for the seller authorization link." },
      '--auth-region': { value: 'REGION', help: 'Where sellers authorize: global (default) or us.' },
      '--auth-base-url': { value: 'URL', help: 'Where tokens are obtained and refreshed (default https://auth.tiktok-shops.com).' },
      '--shop-id': { value: 'ID', help: 'The chosen shop (see `widget-token shops`), for the widget checks.' },
      '--shop-region': { value: 'REGION', help: "The chosen shop's region (e.g. GB), the widget SDK's oecRegion." },
    },
  },
  'profile list': {
    name: 'profile list',
    usage: 'widget-token profile list [--json]',
    summary: 'List the profiles and whether their secrets are set.',
    details: [
      'The active profile is marked with *. Secrets are never shown, only whether each is stored.',
      'The built-in sandbox starts on a free port of 127.0.0.1 only when a token is fetched, and listing never starts it, so its base URL is shown as "offline sandbox on 127.0.0.1, free port chosen when it starts" until then.',
      '--json: one object per profile, {name, active, builtIn, baseUrl, appKey, version, appSecretSet, accessTokenSet, refreshTokenSet, serviceId, shopId, shopRegion, authorization, note}. Data fields hold data: baseUrl is a URL, or null for the sandbox until it runs; appKey is the sandbox\'s public demo key; version, serviceId, shopId and shopRegion are null when not set; authorization holds the facts of the last authorization or refresh (expiries in Unix seconds, seller, region, open_id, scopes), null when none; a *Set field is null when the keychain cannot say. Any words for a person are in note (null when there is nothing to say).',
    ],
    positionals: [],
    options: { '--json': { help: 'Print a JSON array, one object per profile (see above).' } },
  },
  'profile remove': {
    name: 'profile remove',
    usage: 'widget-token profile remove NAME',
    summary: 'Remove a profile and its keychain entries.',
    details: [],
    positionals: [{ name: 'NAME' }],
    options: {},
  },
  'profile repair': {
    name: 'profile repair',
    usage: 'widget-token profile repair',
    summary: 'Move a damaged profiles.json aside to start with no profiles.',
    details: [
      'When profiles.json cannot be read as profiles, it is renamed to profiles.json.corrupt-<time> in the same folder (printed on stdout), so you can still open it to copy names, base URLs and app keys. The profiles must then be created again.',
      'The keychain is not touched: the old profiles\' secrets stay there, filed under their names. A file that is fine or absent is left alone; one written by a newer Widget Token Desk is refused (exit 6).',
    ],
    positionals: [],
    options: {},
  },
  'profile use': {
    name: 'profile use',
    usage: 'widget-token profile use NAME',
    summary: 'Make NAME the active profile, as choosing it in the app does.',
    details: ['The active profile is the one `widget-token get` uses without --profile, and the one the app shows selected.'],
    positionals: [{ name: 'NAME' }],
    options: {},
  },
  sandbox: {
    name: 'sandbox',
    usage: 'widget-token sandbox [--port N] [--json] [--access-ttl SECONDS] [--refresh-ttl SECONDS]',
    summary: 'Run the offline sandbox in the foreground.',
    details: [
      'Prints its base URL and its public demo credentials (app key, app secret, access token, service ID), so you can test your own signing code against it. Its tokens are not valid on TikTok Shop.',
      'It also plays the seller authorization: its /open/authorize page approves its demo seller at once and shows the code, which token/get exchanges for access and refresh tokens. A profile with the demo app key and secret, the service ID, and this base URL as both --base-url and --auth-base-url runs the whole flow offline.',
      'It runs until Ctrl+C (SIGINT) or SIGTERM.',
    ],
    positionals: [],
    options: {
      '--port': { value: 'N', help: 'Port on 127.0.0.1 (default 0: any free port; the printed URL has the real one).' },
      '--json': { help: 'Print one line {"baseUrl","appKey","appSecret","accessToken","serviceId"}.' },
      '--access-ttl': { value: 'SECONDS', help: 'Lifetime of the access tokens it issues (default 604800, 7 days).' },
      '--refresh-ttl': { value: 'SECONDS', help: "Lifetime of a seller's authorization, its refresh tokens (default 2592000, 30 days)." },
    },
  },
  preview: {
    name: 'preview',
    usage: 'widget-token preview [--port N] [--no-open]',
    summary: 'The desktop UI in your browser.',
    details: ['Serves the UI on 127.0.0.1 and prints its URL, which carries a per-run key. It runs until Ctrl+C.'],
    positionals: [],
    options: {
      '--port': { value: 'N', help: 'Port on 127.0.0.1 (default 0: any free port).' },
      '--no-open': { help: 'Print the URL without opening a browser.' },
    },
  },
  exec: {
    name: 'exec',
    usage: 'widget-token exec [--profile NAME] [--timeout SECONDS] -- COMMAND [ARGS…]',
    summary: 'Run a command with a fresh widget token in its environment.',
    details: [
      'COMMAND gets WIDGET_TOKEN, WIDGET_TOKEN_EXPIRE_AT (the earlier of expire_at and exp, Unix seconds) and WIDGET_TOKEN_PROFILE. No secret is put in its environment: WIDGET_TOKEN_APP_SECRET, WIDGET_TOKEN_ACCESS_TOKEN and WIDGET_TOKEN_REFRESH_TOKEN are removed if set.',
      'The exit code is COMMAND\'s own; 128+N when a signal N ended it. A COMMAND that cannot be found or started is a usage error (exit 2).',
    ],
    positionals: [{ name: 'COMMAND' }, { name: 'ARGS…', optional: true }],
    options: {
      '--profile': { value: 'NAME', help: 'The profile to use for this command only; `sandbox` is the built-in one.' },
      '--timeout': { value: 'SECONDS', help: 'Give up on the token call after this many seconds (default 15).' },
    },
  },
  'widget check': {
    name: 'widget check',
    usage: 'widget-token widget check [TOKEN|-] [--profile NAME] [--shop-id ID] [--json]',
    summary: 'Check a token against what the widget SDK will check.',
    details: [
      "The checks: the ClientKey claim equals the profile's app key (prevents 36017008); the profile's shop is in ShopIDs, digit for digit (36017009); at least 60 s left before expiry (36017005); the shop's region is known, for oecRegion (I01008). Each is passed, failed or not checked (no shop chosen, no region known).",
      'Without TOKEN it fetches a fresh token of the profile; `-` reads TOKEN from stdin. --shop-id checks another shop than the profile\'s.',
      'Exit 0 when no check failed, 1 when one did.',
    ],
    positionals: [{ name: 'TOKEN', optional: true }],
    options: {
      '--profile': { value: 'NAME', help: 'The profile whose app key and shop the token must match.' },
      '--shop-id': { value: 'ID', help: 'The shop to check for (all its digits) instead of the profile\'s.' },
      '--json': { help: 'Print {profile, failed, checks: [...]}.' },
    },
  },
  'widget explain': {
    name: 'widget explain',
    usage: 'widget-token widget explain CODE',
    summary: 'Explain a widget SDK error code, with its resolution.',
    details: ['Known codes: 36017005, 36017006, 36017008, 36017009, 36017010, 36004003, I01008.'],
    positionals: [{ name: 'CODE' }],
    options: {},
  },
  'auth url': {
    name: 'auth url',
    usage: 'widget-token auth url [--profile NAME] [--json]',
    summary: "Print the seller authorization link of a profile.",
    details: [
      "The profile needs its app's service ID (`profile set NAME --service-id SID`). The link goes to services.tiktokshop.com (auth region global, the default) or services.tiktokshops.us (us); for a profile whose auth base URL is on this machine (the offline sandbox), to that server's own authorize page.",
      'The link carries a random `state`, remembered with the profile, so that `auth code` (in this or another process) can check the redirect it is given. A new link replaces the state of the previous one.',
      '--json prints {"profile","url"}.',
    ],
    positionals: [],
    options: { '--profile': PROFILE_OPTION, '--json': JSON_OPTION },
  },
  'auth code': {
    name: 'auth code',
    usage: 'widget-token auth code CODE|REDIRECT_URL|- [--profile NAME]',
    summary: "Exchange an authorization code for the shop's access and refresh tokens.",
    details: [
      'Give the whole address the seller\'s browser was sent to after approving (`…?code=…&state=…`), or the code alone. A URL whose `state` is not the one `auth url` remembered is refused; a bare code skips that check.',
      '`-` reads the URL or code from stdin, which keeps it out of the process list and your shell history.',
      'Both tokens go to the OS keychain; the seller, region and expiries are printed and kept with the profile. No token is ever printed.',
    ],
    positionals: [{ name: 'CODE|REDIRECT_URL|-', optional: true }],
    options: { '--profile': PROFILE_OPTION },
  },
  'auth refresh': {
    name: 'auth refresh',
    usage: 'widget-token auth refresh [--profile NAME]',
    summary: 'Refresh the access token now.',
    details: [
      '`get` refreshes by itself when the access token expires within 10 minutes; this does it at once. The new refresh token replaces the old one in the keychain.',
      'One refresh at a time per profile, across the app and every widget-token process.',
    ],
    positionals: [],
    options: { '--profile': PROFILE_OPTION },
  },
  'auth status': {
    name: 'auth status',
    usage: 'widget-token auth status [--profile NAME] [--json]',
    summary: "Show a profile's authorization: expiries, seller, region, scopes.",
    details: [
      'Never prints a token, only whether each is stored.',
      '--json prints one object: profile, builtIn, serviceId, authRegion, accessTokenSet, refreshTokenSet, accessTokenExpiresAt and refreshTokenExpiresAt (Unix seconds), sellerName, sellerBaseRegion, openId, userType, grantedScopes, obtainedAt, shopId, shopRegion; null where unknown.',
    ],
    positionals: [],
    options: { '--profile': PROFILE_OPTION, '--json': JSON_OPTION },
  },
  shops: {
    name: 'shops',
    usage: 'widget-token shops [--profile NAME] [--json]',
    summary: 'List the shops the seller authorized (Get Authorized Shops).',
    details: [
      'Signed like the widget-token call, with the access token (refreshed first when needed). Each shop: id (a string with all its digits), name, region, seller type, code, cipher.',
      'Choose one for the widget checks with `widget-token profile set NAME --shop-id ID --shop-region REGION`.',
    ],
    positionals: [],
    options: { '--profile': PROFILE_OPTION, '--json': { help: 'Print a JSON array, one object per shop; ids are strings.' } },
  },
};

/** `profile`, `widget` and `auth` alone are groups, not commands: each word with its subcommands. */
export const COMMAND_GROUPS = {
  profile: ['set', 'list', 'use', 'remove', 'repair'],
  widget: ['check', 'explain'],
  auth: ['url', 'code', 'refresh', 'status'],
} as const satisfies Readonly<Record<string, readonly string[]>>;
export type CommandGroup = keyof typeof COMMAND_GROUPS;

export function isCommandGroup(word: string): word is CommandGroup {
  return Object.hasOwn(COMMAND_GROUPS, word);
}

/** The group's subcommands, one line each: the help of `widget-token GROUP`. */
export function groupHelp(group: CommandGroup): string {
  const subcommands: readonly string[] = COMMAND_GROUPS[group];
  const specs = subcommands.map((sub) => COMMAND_SPECS[`${group} ${sub}` as CommandName]);
  const width = Math.max(...specs.map((spec) => spec.usage.length));
  return [
    `Usage: widget-token ${group} <${subcommands.join('|')}> ...`,
    '',
    ...specs.map((spec) => `  ${spec.usage.padEnd(width)}  ${spec.summary}`),
    '',
    `Run \`widget-token ${group} <subcommand> --help\` for its options.`,
    '',
  ].join('\n');
}

const ENVIRONMENT = [
  'Environment:',
  '  WIDGET_TOKEN_APP_SECRET, WIDGET_TOKEN_ACCESS_TOKEN, WIDGET_TOKEN_REFRESH_TOKEN   secrets for `profile set`',
  '  WIDGET_TOKEN_HOME               folder of profiles.json (default: the app\'s data folder)',
  '  WIDGET_TOKEN_KEYCHAIN_SERVICE   keychain service name (default: widget-token-desk)',
  '  DEBUG                           show stack traces of unexpected errors',
];

const EXIT_CODES = 'Exit codes: 0 ok, 1 a widget check failed, 2 usage, 3 API error, 4 network error or timeout, 5 keychain unavailable, 6 profile data unreadable.';

export function mainHelp(): string {
  const rows = Object.values(COMMAND_SPECS).map((spec) => [spec.usage.replace(/^widget-token /, ''), spec.summary] as const);
  rows.push(['help [COMMAND]', 'Show help for a command.']);
  const width = Math.max(...rows.map(([usage]) => usage.length));
  return [
    'widget-token: the TikTok Shop widget token from the command line (Widget Token Desk).',
    '',
    'Usage: widget-token <command> [options]',
    '',
    'Commands:',
    ...rows.map(([usage, summary]) => `  ${usage.padEnd(width)}  ${summary}`),
    '',
    'Options: --help, -h (also after a command), --version',
    '',
    ...ENVIRONMENT,
    '',
    EXIT_CODES,
    '',
  ].join('\n');
}

export function commandHelp(spec: CommandSpec): string {
  const options = Object.entries(spec.options).map(([name, option]) => [option.value === undefined ? name : `${name} ${option.value}`, option.help] as const);
  options.push(['--help, -h', 'Show this help.']);
  const width = Math.max(...options.map(([flag]) => flag.length));
  return [
    `Usage: ${spec.usage}`,
    '',
    spec.summary,
    ...spec.details.flatMap((paragraph) => ['', paragraph]),
    '',
    'Options:',
    ...options.map(([flag, help]) => `  ${flag.padEnd(width)}  ${help}`),
    '',
    EXIT_CODES,
    '',
  ].join('\n');
}

