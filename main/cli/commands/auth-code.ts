/**
 * `widget-token auth code CODE|REDIRECT_URL|- [--profile NAME]`: the authorization code for
 * the shop's tokens, which go to the keychain. Prints the seller and the expiries, never a
 * token. `-` reads the code or URL from stdin, out of the process list and shell history.
 */
import { parseArgs } from '../args';
import { openCliCore } from '../cli-core';
import { COMMAND_SPECS } from '../command-specs';
import { writeOut } from '../output';
import { readStdinText } from '../stdin-text';
import { authorizationLines, refuseBuiltIn, targetProfile } from './auth-text';

const spec = COMMAND_SPECS['auth code'];

/** A redirect URL is a few hundred characters; this is plenty. */
const MAX_INPUT = 16 * 1024;

export async function run(args: readonly string[]): Promise<number> {
  const { positionals, values } = parseArgs(args, spec);
  const given = positionals[0] ?? '-';
  const cli = openCliCore();
  try {
    const name = await targetProfile(cli, values.get('--profile'));
    refuseBuiltIn(name, 'be authorized');
    const reply = given === '-' ? (await readStdinText('Paste the redirect URL or the code, then press Enter and Ctrl+D.', MAX_INPUT)).slice(0, MAX_INPUT) : given;
    const status = await cli.auth.connect(name, reply);
    await writeOut([`Authorized profile "${status.profile}"; its access and refresh tokens are in the keychain.`, ...authorizationLines(status, Date.now()), ''].join('\n'));
    return 0;
  } finally {
    await cli.close();
  }
}
