/**
 * `widget-token auth url [--profile NAME] [--json]`: the seller authorization link. Its
 * `state` is remembered with the profile, so `auth code` in another process can check it.
 */
import { parseArgs } from '../args';
import { openCliCore } from '../cli-core';
import { COMMAND_SPECS } from '../command-specs';
import { jsonObject, jsonString, jsonText } from '../json-output';
import { note, writeOut } from '../output';
import { refuseBuiltIn, targetProfile } from './auth-text';

const spec = COMMAND_SPECS['auth url'];

export async function run(args: readonly string[]): Promise<number> {
  const { values, switches } = parseArgs(args, spec);
  const cli = openCliCore();
  try {
    const name = await targetProfile(cli, values.get('--profile'));
    refuseBuiltIn(name, 'be authorized');
    const link = await cli.auth.link(name);
    if (switches.has('--json')) {
      await writeOut(jsonText(jsonObject([['profile', jsonString(link.profile)], ['url', jsonString(link.url)]])));
      return 0;
    }
    // stdin rather than an argument: the code would otherwise sit in the process list and the shell history.
    await note(`Open this link in a browser where the seller is signed in. After approving, the browser lands on your redirect URL: run \`widget-token auth code --profile "${link.profile}"\`, paste that address, then press Enter and Ctrl+D.`);
    await writeOut(`${link.url}\n`);
    return 0;
  } finally {
    await cli.close();
  }
}
