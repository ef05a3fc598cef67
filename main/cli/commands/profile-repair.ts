/**
 * `widget-token profile repair`: a damaged profiles.json is renamed to
 * profiles.json.corrupt-<time> beside it, so the store starts empty and every command works
 * again. Only the file moves: the keychain is not opened, so this works without one, and
 * the old profiles' secrets stay where they are.
 */
import fs from 'node:fs/promises';
import { parseArgs } from '../args';
import { openCliCore } from '../cli-core';
import { COMMAND_SPECS } from '../command-specs';
import { note, writeOut } from '../output';

const spec = COMMAND_SPECS['profile repair'];

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

export async function run(args: readonly string[]): Promise<number> {
  parseArgs(args, spec);
  const cli = openCliCore();
  try {
    // A file of a newer format, or one that cannot be read at all, is not "damaged": the
    // store refuses to move it and that error (exit 6) says what to do instead.
    const movedTo = await cli.store.quarantineCorrupt();
    if (movedTo === null) {
      const state = (await exists(cli.store.filePath)) ? `${cli.store.filePath} reads fine` : `there is no profiles file (${cli.store.filePath})`;
      await writeOut(`Nothing to repair: ${state}.\n`);
      return 0;
    }
    // No full stop after the path: it would read as part of the file name.
    await writeOut(`Moved the damaged profiles file to ${movedTo}\n`);
    await note(
      'Note: there are no profiles now but the built-in sandbox. Create them again with `widget-token profile set NAME --base-url URL --app-key KEY`; the moved file still shows their names, base URLs and app keys.',
    );
    await note(
      "Note: the keychain was not touched. The old profiles' app secrets and access tokens are still stored there under their names: a profile created again under its old name stores the secrets you give it over them; to delete them without that, use your system's keychain tool.",
    );
    return 0;
  } finally {
    await cli.close();
  }
}
