/**
 * `widget-token get [--profile NAME] [--json] [--timeout SECONDS]`: one signed call, the
 * token on stdout (alone, or as JSON with its claims exact), anything worth knowing about
 * it on stderr.
 */
import type { JwtDecodeResult } from '../../../common/jwt-types';
import { formatRelative, formatUtc } from '../../../common/time-format';
import { SANDBOX_PROFILE, type TokenResult } from '../../../preload/contract';
import { parseArgs, parseTimeoutMs } from '../args';
import { openCliCore, type CliCore } from '../cli-core';
import { ProfileDataError } from '../../core/errors';
import { COMMAND_SPECS } from '../command-specs';
import { JSON_NULL, jsonNumber, jsonObject, jsonString, jsonText } from '../json-output';
import { note, writeOut } from '../output';

const spec = COMMAND_SPECS.get;

export const SANDBOX_FALLBACK_NOTE = 'Using the built-in offline sandbox profile: its tokens are not valid on TikTok Shop.';

function tokenJson(result: TokenResult, decoded: JwtDecodeResult): string {
  return jsonText(
    jsonObject([
      ['profile', jsonString(result.profile)],
      ['token', jsonString(result.token)],
      ['expireAt', jsonNumber(result.expireAt)],
      ['jwtExp', jsonNumber(result.jwtExp)],
      ['requestId', jsonString(result.requestId)],
      ['claims', decoded.ok ? decoded.payload : JSON_NULL],
      ['header', decoded.ok ? decoded.header : JSON_NULL],
    ]),
  );
}

/** What a person should know about the token that the token alone does not say. */
function tokenNotes(result: TokenResult, decoded: JwtDecodeResult): string[] {
  const notes: string[] = [];
  if (result.clockSkewWarning !== null) notes.push(`Warning: ${result.clockSkewWarning}`);
  const disagreement = result.expiryDisagreement;
  if (disagreement !== null) {
    const earlier = Math.min(disagreement.expireAt, disagreement.jwtExp);
    const gap = Math.abs(disagreement.expireAt - disagreement.jwtExp);
    notes.push(
      `Note: the response's expire_at (${disagreement.expireAt}, ${formatUtc(disagreement.expireAt * 1000)}) and the token's exp (${disagreement.jwtExp}, ${formatUtc(disagreement.jwtExp * 1000)}) differ by ${gap} s; count on the earlier one: ${formatUtc(earlier * 1000)} (${formatRelative(earlier * 1000, Date.now(), 'expiry')}).`,
    );
  }
  if (!decoded.ok) notes.push(`Note: the token is not a readable JWT, so its claims are not shown. ${decoded.problem}`);
  return notes;
}

/**
 * Choosing a profile on the command line makes it the active one, as picking it in the app
 * does: once the call worked. A profiles file that cannot be written does not undo a token
 * already fetched (the sandbox needs no file at all); it is only mentioned.
 */
async function rememberChoice(cli: CliCore, profile: string): Promise<void> {
  try {
    await cli.profiles.select(profile);
  } catch (error) {
    if (!(error instanceof ProfileDataError)) throw error;
    await note(`Note: "${profile}" could not be remembered as the active profile: ${error.message}`);
  }
}

export async function run(args: readonly string[]): Promise<number> {
  const { values, switches } = parseArgs(args, spec);
  const timeoutMs = parseTimeoutMs(values.get('--timeout'), spec);
  const chosen = values.get('--profile');
  const cli = openCliCore();
  try {
    const active = chosen === undefined ? await cli.store.getActive() : null;
    if (chosen === undefined && active === null) await note(SANDBOX_FALLBACK_NOTE);
    const profile = chosen ?? active ?? SANDBOX_PROFILE;
    const { result, decoded, refreshed } = await cli.tokens.getToken(profile, timeoutMs, { refresh: !switches.has('--no-refresh') });
    if (refreshed) await note(`Note: the access token of "${result.profile}" was renewed first (it was near its end, or the server said it had expired); the new one is in the keychain.`);
    if (chosen !== undefined) await rememberChoice(cli, result.profile);
    for (const line of tokenNotes(result, decoded)) await note(line);
    await writeOut(switches.has('--json') ? tokenJson(result, decoded) : `${result.token}\n`);
    return 0;
  } finally {
    await cli.close();
  }
}
