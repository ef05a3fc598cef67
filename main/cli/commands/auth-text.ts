/**
 * What the `auth …` and `shops` commands share: which profile they act on, the built-in
 * profile's limits on the command line, and server text made safe for a terminal.
 */
import { formatRelative, formatUtc } from '../../../common/time-format';
import { SANDBOX_PROFILE, type AuthStatus } from '../../../preload/contract';
import { ValidationError } from '../../core/errors';
import { isSandboxName } from '../../core/profile-service';
import type { CliCore } from '../cli-core';

/** Longest server text shown on one line. */
const MAX_SHOWN = 200;

/**
 * Text from a server (a seller's name, a shop's) as data on one line: control characters
 * escaped, line breaks collapsed, long text cut with a note of how much was left out.
 */
export function terminalText(text: string): string {
  const flat = text.replace(/\r\n|\r|\n|\u2028|\u2029/g, ' ');
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped
  const escaped = flat.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (escaped.length <= MAX_SHOWN) return escaped;
  return `${escaped.slice(0, MAX_SHOWN)}… (${escaped.length - MAX_SHOWN} more characters)`;
}

/** `--profile`, else the active profile, else the built-in one. */
export async function targetProfile(cli: CliCore, chosen: string | undefined): Promise<string> {
  return chosen ?? (await cli.store.getActive()) ?? SANDBOX_PROFILE;
}

/**
 * The built-in profile's sandbox lives as long as one command, and its tokens with it:
 * linking and exchanging across commands needs a sandbox that keeps running.
 */
export function refuseBuiltIn(name: string, what: string): void {
  if (!isSandboxName(name)) return;
  throw new ValidationError(
    `The built-in sandbox profile cannot ${what} on the command line.`,
    'Its offline sandbox runs only while one command runs, so a link made by one command would be gone for the next. (In the app, the built-in profile runs the whole flow.)',
    'Run `widget-token sandbox` in another terminal, then make a profile for it: WIDGET_TOKEN_APP_SECRET=<its app secret> widget-token profile set sbx --base-url URL --auth-base-url URL --app-key KEY --service-id SID (all printed by `widget-token sandbox`).',
  );
}

export function expiryText(seconds: number, nowMs: number): string {
  return `${formatUtc(seconds * 1000)} (${formatRelative(seconds * 1000, nowMs, 'expiry')})`;
}

/** The facts of an authorization, one per line: never a token. */
export function authorizationLines(status: AuthStatus, nowMs: number): string[] {
  const facts = status.authorization;
  if (facts === null) return ['  not authorized through Widget Token Desk (no expiries known)'];
  return [
    `  seller                    ${terminalText(facts.sellerName) || '-'}`,
    `  region                    ${terminalText(facts.sellerBaseRegion) || '-'}`,
    `  access token expires      ${expiryText(facts.accessTokenExpiresAt, nowMs)}`,
    `  authorization expires     ${expiryText(facts.refreshTokenExpiresAt, nowMs)}`,
  ];
}
