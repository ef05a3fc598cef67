/**
 * `widget-token auth status [--profile NAME] [--json]`: the authorization's facts (expiries,
 * seller, region, scopes) and whether each token is stored: never a token.
 */
import type { AuthStatus } from '../../../preload/contract';
import { parseArgs } from '../args';
import { openCliCore } from '../cli-core';
import { COMMAND_SPECS } from '../command-specs';
import { JSON_NULL, jsonNumber, jsonObject, jsonString, jsonText } from '../json-output';
import type { JsonNode } from '../../../common/json-node';
import { writeOut } from '../output';
import { authorizationLines, targetProfile, terminalText } from './auth-text';

const spec = COMMAND_SPECS['auth status'];

const orNull = (value: string | null): JsonNode => (value === null ? JSON_NULL : jsonString(value));

function statusJson(status: AuthStatus): string {
  const facts = status.authorization;
  return jsonText(
    jsonObject([
      ['profile', jsonString(status.profile)],
      ['builtIn', { type: 'boolean', value: status.builtIn }],
      ['serviceId', orNull(status.serviceId)],
      ['authRegion', jsonString(status.authRegion)],
      ['accessTokenSet', { type: 'boolean', value: status.accessTokenSet }],
      ['refreshTokenSet', { type: 'boolean', value: status.refreshTokenSet }],
      ['accessTokenExpiresAt', jsonNumber(facts?.accessTokenExpiresAt ?? null)],
      ['refreshTokenExpiresAt', jsonNumber(facts?.refreshTokenExpiresAt ?? null)],
      ['sellerName', orNull(facts?.sellerName ?? null)],
      ['sellerBaseRegion', orNull(facts?.sellerBaseRegion ?? null)],
      ['openId', orNull(facts?.openId ?? null)],
      ['userType', jsonNumber(facts?.userType ?? null)],
      ['grantedScopes', facts === null ? JSON_NULL : { type: 'array', items: facts.grantedScopes.map(jsonString) }],
      ['obtainedAt', jsonNumber(facts?.obtainedAt ?? null)],
      ['shopId', orNull(status.shopId)],
      ['shopRegion', orNull(status.shopRegion)],
    ]),
  );
}

function statusText(status: AuthStatus, nowMs: number): string {
  const yes = (set: boolean) => (set ? 'stored' : 'not stored');
  const scopes = status.authorization?.grantedScopes ?? [];
  return [
    `Profile "${status.profile}"${status.builtIn ? ' (built-in)' : ''}`,
    ...authorizationLines(status, nowMs),
    ...(scopes.length === 0 ? [] : [`  scopes                    ${scopes.map(terminalText).join(', ')}`]),
    `  access token              ${yes(status.accessTokenSet)}`,
    `  refresh token             ${yes(status.refreshTokenSet)}`,
    `  service ID                ${status.serviceId ?? '-'} (${status.authRegion})`,
    `  shop                      ${status.shopId === null ? '-' : `${status.shopId} (${status.shopRegion ?? 'region unknown'})`}`,
    '',
  ].join('\n');
}

export async function run(args: readonly string[]): Promise<number> {
  const { values, switches } = parseArgs(args, spec);
  const cli = openCliCore();
  try {
    const status = await cli.auth.status(await targetProfile(cli, values.get('--profile')));
    await writeOut(switches.has('--json') ? statusJson(status) : statusText(status, Date.now()));
    return 0;
  } finally {
    await cli.close();
  }
}
