/**
 * `widget-token profile use NAME`: makes NAME the active profile, as choosing it in the
 * app does. `get --profile` picks a profile for one call only; this is the way to switch.
 */
import { parseArgs } from '../args';
import { openCliCore } from '../cli-core';
import { COMMAND_SPECS } from '../command-specs';
import { writeOut } from '../output';

const spec = COMMAND_SPECS['profile use'];

export async function run(args: readonly string[]): Promise<number> {
  const { positionals } = parseArgs(args, spec);
  const cli = openCliCore();
  try {
    // select() explains an unknown name itself, and files the name as the profile spells it.
    await cli.profiles.select(positionals[0] ?? '');
    const active = await cli.profiles.activeName();
    await writeOut(`The active profile is now "${active}".\n`);
    return 0;
  } finally {
    await cli.close();
  }
}
