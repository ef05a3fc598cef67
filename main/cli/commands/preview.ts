/** `widget-token preview [--port N] [--no-open]`: the desktop UI served to your browser. */
import { runPreview } from '../../preview/run-preview';
import { parseArgs, parsePort } from '../args';
import { COMMAND_SPECS } from '../command-specs';

const spec = COMMAND_SPECS.preview;

export async function run(args: readonly string[]): Promise<number> {
  const { values, switches } = parseArgs(args, spec);
  const port = parsePort(values.get('--port'), spec);
  await runPreview({ port, open: !switches.has('--no-open') });
  return 0;
}
