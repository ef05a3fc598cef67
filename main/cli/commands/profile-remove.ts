/** `widget-token profile remove NAME`: the profile and both of its keychain entries. */
import { parseArgs } from '../args';
import { openCliCore } from '../cli-core';
import { COMMAND_SPECS } from '../command-specs';
import { writeOut } from '../output';

const spec = COMMAND_SPECS['profile remove'];

export async function run(args: readonly string[]): Promise<number> {
  const { positionals } = parseArgs(args, spec);
  const cli = openCliCore();
  try {
    const profile = await cli.store.get(positionals[0] ?? '');
    const wasActive = profile !== null && (await cli.store.getActive()) === profile.name;
    // remove() explains a missing or built-in profile itself.
    await cli.profiles.remove(positionals[0] ?? '');
    const name = profile?.name ?? positionals[0] ?? '';
    const after = wasActive ? ' The active profile is now the built-in sandbox.' : '';
    await writeOut(`Removed profile "${name}" and its secrets from the keychain.${after}\n`);
    return 0;
  } finally {
    await cli.close();
  }
}
