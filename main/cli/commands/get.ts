/**
 * `widget-token get [--profile NAME] [--json] [--timeout SECONDS]`: one signed call, the
 * token on stdout (alone, or as JSON with its claims exact), anything worth knowing about
 * it on stderr.
 */
import type { JwtDecodeResult } from '../../../common/jwt-types';
import { formatDuration, formatRelative, formatUtc } from '../../../common/time-format';
import { expiredOnArrival } from '../../../common/token-expiry';
import { SANDBOX_PROFILE, type TokenResult } from '../../../preload/contract';
import { parseArgs, parseTimeoutMs } from '../args';
import { openCliCore } from '../cli-core';
import { COMMAND_SPECS } from '../command-specs';
import { JSON_NULL, jsonNumber, jsonObject, jsonString, jsonText } from '../json-output';
import { note, writeOut } from '../output';
import { terminalText } from '../terminal-text';
import { parseTokenFormat, tokenText } from '../token-formats';

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
    const gap = formatDuration(disagreement.expireAt - disagreement.jwtExp);
    notes.push(
      `Note: the response's expire_at (${disagreement.expireAt}, ${formatUtc(disagreement.expireAt * 1000)}) and the token's exp (${disagreement.jwtExp}, ${formatUtc(disagreement.jwtExp * 1000)}) differ by ${gap}; count on the earlier one: ${formatUtc(earlier * 1000)} (${formatRelative(earlier * 1000, Date.now(), 'expiry')}).`,
    );
  }
  // Printed all the same: a script may want it for its claims, and stdout stays one token.
  if (expiredOnArrival(result) && result.effectiveExpiryMs !== null) {
    notes.push(
      `Note: this token was already expired when it arrived (${formatRelative(result.effectiveExpiryMs, result.receivedAtMs + result.clockSkewMs, 'expiry')} by the server's clock): a widget will refuse it (36017005). Check the server's clock, or get another one.`,
    );
  }
  if (!decoded.ok) notes.push(`Note: the token is not a readable JWT, so its claims are not shown. ${decoded.problem}`);
  return notes;
}

export async function run(args: readonly string[]): Promise<number> {
  const { values, switches } = parseArgs(args, spec);
  const timeoutMs = parseTimeoutMs(values.get('--timeout'), spec);
  const format = parseTokenFormat(values.get('--format'), switches.has('--json'), spec);
  const chosen = values.get('--profile');
  const cli = openCliCore();
  try {
    const active = chosen === undefined ? await cli.store.getActive() : null;
    if (chosen === undefined && active === null) await note(SANDBOX_FALLBACK_NOTE);
    const profile = chosen ?? active ?? SANDBOX_PROFILE;
    const { result, decoded, refreshed } = await cli.tokens.getToken(profile, timeoutMs, { refresh: !switches.has('--no-refresh') });
    if (refreshed) await note(`Note: the access token of "${terminalText(result.profile)}" was renewed first (it was near its end, or the server said it had expired); the new one is in the keychain.`);
    // The notes quote the token's own text (why it is not a readable JWT).
    for (const line of tokenNotes(result, decoded)) await note(terminalText(line));
    await writeOut(format === 'json' ? tokenJson(result, decoded) : tokenText(format, result));
    return 0;
  } finally {
    await cli.close();
  }
}
