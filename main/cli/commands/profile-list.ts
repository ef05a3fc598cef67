/**
 * `widget-token profile list [--json]`: every profile with whether each secret is stored,
 * never a value. Without a keychain it still lists them, says so on stderr, and shows
 * the secrets as unknown rather than as missing.
 */
import type { ProfilesState, ProfileSummary } from '../../../preload/contract';
import { parseArgs } from '../args';
import { openCliCore } from '../cli-core';
import { COMMAND_SPECS } from '../command-specs';
import { note, writeOut } from '../output';

const spec = COMMAND_SPECS['profile list'];

/** Whether a secret is stored; null when the keychain cannot say. */
function secretSet(state: ProfilesState, profile: ProfileSummary, set: boolean): boolean | null {
  return profile.builtIn || state.keychain.available ? set : null;
}

function listJson(state: ProfilesState): string {
  const rows = state.profiles.map((profile) => ({
    name: profile.name,
    active: profile.name === state.active,
    builtIn: profile.builtIn,
    baseUrl: profile.baseUrl,
    appKey: profile.appKey,
    ...(profile.version === undefined ? {} : { version: profile.version }),
    appSecretSet: secretSet(state, profile, profile.appSecretSet),
    accessTokenSet: secretSet(state, profile, profile.accessTokenSet),
    refreshTokenSet: secretSet(state, profile, profile.refreshTokenSet),
    ...(profile.serviceId === undefined ? {} : { serviceId: profile.serviceId }),
    ...(profile.shopId === undefined ? {} : { shopId: profile.shopId, shopRegion: profile.shopRegion ?? null }),
    authorization: profile.authorization ?? null,
  }));
  return `${JSON.stringify(rows, null, 2)}\n`;
}

function yesNo(value: boolean | null): string {
  return value === null ? 'unknown' : value ? 'set' : 'not set';
}

function listTable(state: ProfilesState): string {
  const withVersion = state.profiles.some((profile) => profile.version !== undefined);
  const header = ['', 'NAME', 'BASE URL', 'APP KEY', ...(withVersion ? ['VERSION'] : []), 'APP SECRET', 'ACCESS TOKEN'];
  const rows = state.profiles.map((profile) => [
    profile.name === state.active ? '*' : '',
    profile.builtIn ? `${profile.name} (built-in)` : profile.name,
    profile.baseUrl,
    profile.appKey,
    ...(withVersion ? [profile.version ?? '-'] : []),
    yesNo(secretSet(state, profile, profile.appSecretSet)),
    yesNo(secretSet(state, profile, profile.accessTokenSet)),
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(header), ...rows.map(line), '', `* active profile (used by \`widget-token get\` without --profile)`, ''].join('\n');
}

export async function run(args: readonly string[]): Promise<number> {
  const { switches } = parseArgs(args, spec);
  const cli = openCliCore();
  try {
    const state = await cli.profiles.state();
    if (!state.keychain.available) {
      await note(`Note: the OS keychain is not available, so whether secrets are set cannot be shown. ${state.keychain.problem ?? ''} ${state.keychain.remedy ?? ''}`.trim());
    }
    await writeOut(switches.has('--json') ? listJson(state) : listTable(state));
    return 0;
  } finally {
    await cli.close();
  }
}
