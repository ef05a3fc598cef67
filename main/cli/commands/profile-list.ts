/**
 * `widget-token profile list [--json]`: every profile with whether each secret is stored,
 * never a value. Without a keychain it still lists them, says so on stderr, and shows
 * the secrets as unknown rather than as missing.
 */
import { SANDBOX_SUMMARY, type ProfilesState, type ProfileSummary } from '../../../preload/contract';
import { SANDBOX_APP_KEY } from '../../sandbox/demo-credentials';
import { parseArgs } from '../args';
import { openCliCore } from '../cli-core';
import { COMMAND_SPECS } from '../command-specs';
import { note, writeOut } from '../output';
import { MAX_SHOWN_NAME_CHARS, terminalText } from '../terminal-text';

const spec = COMMAND_SPECS['profile list'];

/** Whether a secret is stored; null when the keychain cannot say. */
function secretSet(state: ProfilesState, profile: ProfileSummary, set: boolean): boolean | null {
  return profile.builtIn || state.keychain.available ? set : null;
}

/** Words for a person about a profile; the data fields beside it hold only data. */
function profileNote(profile: ProfileSummary, sandboxRunning: boolean): string | null {
  if (!profile.builtIn) return null;
  const where = sandboxRunning ? 'Offline sandbox on this machine' : 'Offline sandbox on 127.0.0.1: it starts on a free port when a token is fetched, so baseUrl is null until then';
  return `${where}. Its tokens are not valid on TikTok Shop.`;
}

function listJson(state: ProfilesState): string {
  const rows = state.profiles.map((profile) => {
    const sandboxRunning = profile.builtIn && profile.baseUrl !== SANDBOX_SUMMARY.baseUrl;
    return {
      name: profile.name,
      active: profile.name === state.active,
      builtIn: profile.builtIn,
      baseUrl: profile.builtIn && !sandboxRunning ? null : profile.baseUrl,
      appKey: profile.builtIn ? SANDBOX_APP_KEY : profile.appKey,
      version: profile.version ?? null,
      appSecretSet: secretSet(state, profile, profile.appSecretSet),
      accessTokenSet: secretSet(state, profile, profile.accessTokenSet),
      refreshTokenSet: secretSet(state, profile, profile.refreshTokenSet),
      serviceId: profile.serviceId ?? null,
      shopId: profile.shopId ?? null,
      shopRegion: profile.shopRegion ?? null,
      authorization: profile.authorization ?? null,
      note: profileNote(profile, sandboxRunning),
    };
  });
  return `${JSON.stringify(rows, null, 2)}\n`;
}

function yesNo(value: boolean | null): string {
  return value === null ? 'unknown' : value ? 'set' : 'not set';
}

function listTable(state: ProfilesState): string {
  const withVersion = state.profiles.some((profile) => profile.version !== undefined);
  const header = ['', 'NAME', 'BASE URL', 'APP KEY', ...(withVersion ? ['VERSION'] : []), 'APP SECRET', 'ACCESS TOKEN'];
  // The fields come from profiles.json, which anything may have written: shown as data.
  const shown = (text: string) => terminalText(text, MAX_SHOWN_NAME_CHARS);
  const rows = state.profiles.map((profile) => [
    profile.name === state.active ? '*' : '',
    profile.builtIn ? `${shown(profile.name)} (built-in)` : shown(profile.name),
    terminalText(profile.baseUrl),
    profile.builtIn ? SANDBOX_APP_KEY : shown(profile.appKey),
    ...(withVersion ? [profile.version === undefined ? '-' : shown(profile.version)] : []),
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
      // The problem already opens with "The OS keychain is not available": said once.
      const problem = state.keychain.problem ?? 'The OS keychain is not available.';
      const remedy = state.keychain.remedy === undefined ? '' : ` Remedy: ${state.keychain.remedy}`;
      await note(`Note: ${problem} Whether each secret is set is shown as unknown.${remedy}`);
    }
    await writeOut(switches.has('--json') ? listJson(state) : listTable(state));
    return 0;
  } finally {
    await cli.close();
  }
}
