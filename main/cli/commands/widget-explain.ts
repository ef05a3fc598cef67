/** `widget-token widget explain CODE`: what a widget SDK error means and what to do. */
import { WIDGET_ERROR_CODES, explainWidgetError } from '../../../common/widget-errors';
import { parseArgs, UsageError } from '../args';
import { COMMAND_SPECS } from '../command-specs';
import { writeOut } from '../output';
import { explanationText } from '../widget-text';

const spec = COMMAND_SPECS['widget explain'];

export async function run(args: readonly string[]): Promise<number> {
  const { positionals } = parseArgs(args, spec);
  const entry = explainWidgetError(positionals[0] ?? '');
  // The code is not repeated: an argument could hold anything.
  if (entry === undefined) throw new UsageError('That is not a widget SDK error code this tool knows.', spec, `The known codes are ${WIDGET_ERROR_CODES.join(', ')}.`);
  await writeOut(explanationText(entry));
  return 0;
}
