/**
 * `widget-token decode TOKEN|- [--json]`. It decodes locally and imports nothing of the
 * core's keychain, profiles, schemas or HTTP client, so it starts fast and works where
 * keytar cannot load.
 */
import { decodeJwt, MAX_TOKEN_LENGTH } from '../../../common/jwt';
import { ValidationError } from '../../core/errors';
import { parseArgs } from '../args';
import { COMMAND_SPECS } from '../command-specs';
import { jsonObject, jsonString, jsonText } from '../json-output';
import { decodedJwtText } from '../jwt-text';
import { writeOut } from '../output';
import { readStdinText } from '../stdin-text';

const spec = COMMAND_SPECS.decode;

export async function run(args: readonly string[]): Promise<number> {
  const { positionals, switches } = parseArgs(args, spec);
  const source = positionals[0] ?? '';
  const decoded = decodeJwt(source === '-' ? await readStdinText('Paste the token, then press Enter and Ctrl+D.', MAX_TOKEN_LENGTH) : source);
  if (!decoded.ok) {
    throw new ValidationError(
      'The token cannot be decoded.',
      decoded.problem,
      'Check that the whole token was copied, with nothing left out and nothing added.',
    );
  }
  if (switches.has('--json')) {
    await writeOut(jsonText(jsonObject([['header', decoded.header], ['claims', decoded.payload], ['signature', jsonString(decoded.signature)]])));
  } else {
    await writeOut(decodedJwtText(decoded, Date.now()));
  }
  return 0;
}
