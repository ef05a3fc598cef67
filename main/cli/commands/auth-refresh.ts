/** `widget-token auth refresh [--profile NAME]`: refreshes the access token now. */
import { parseArgs } from '../args';
import { openCliCore } from '../cli-core';
import { COMMAND_SPECS } from '../command-specs';
import { writeOut } from '../output';
import { authorizationLines, refuseBuiltIn, targetProfile } from './auth-text';

const spec = COMMAND_SPECS['auth refresh'];

export async function run(args: readonly string[]): Promise<number> {
  const { values } = parseArgs(args, spec);
  const cli = openCliCore();
  try {
    const name = await targetProfile(cli, values.get('--profile'));
    refuseBuiltIn(name, 'refresh a token');
    const status = await cli.auth.refresh(name);
    await writeOut([`Refreshed the access token of profile "${status.profile}".`, ...authorizationLines(status, Date.now()), ''].join('\n'));
    return 0;
  } finally {
    await cli.close();
  }
}
