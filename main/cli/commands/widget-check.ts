/**
 * `widget-token widget check [TOKEN|-] [--profile NAME] [--shop-id ID] [--json]`: the widget
 * preflight on a given token, or on a fresh one of the profile. Exit 1 when a check failed.
 */
import { decodeJwt, MAX_TOKEN_LENGTH } from '../../../common/jwt';
import { widgetPreflight, type PreflightInput } from '../../../common/widget-preflight';
import { NotFoundError } from '../../core/errors';
import { isSandboxName } from '../../core/profile-service';
import { SANDBOX_APP_KEY } from '../../sandbox/demo-credentials';
import { parseArgs, UsageError } from '../args';
import { readStdinText } from '../stdin-text';
import { chosenProfile } from '../chosen-profile';
import { openCliCore, type CliCore } from '../cli-core';
import { COMMAND_SPECS } from '../command-specs';
import { writeOut } from '../output';
import { preflightJson, preflightText } from '../widget-text';

const spec = COMMAND_SPECS['widget check'];

/** Exit code when a check failed (PRODUCT.md: 1 a `widget check` failed). */
const CHECK_FAILED = 1;

interface ProfileFacts {
  readonly name: string;
  readonly appKey: string;
  readonly shopId?: string | undefined;
  readonly shopRegion?: string | undefined;
}

async function profileFacts(cli: CliCore, name: string): Promise<ProfileFacts> {
  if (isSandboxName(name)) return { name: 'sandbox', appKey: SANDBOX_APP_KEY };
  const profile = await cli.store.get(name);
  if (profile === null) {
    throw new NotFoundError(`There is no profile "${name}".`, 'The widget checks compare the token with a profile\'s app key and shop.', 'Run `widget-token profile list` to see the profiles.');
  }
  return { name: profile.name, appKey: profile.appKey, shopId: profile.shopId, shopRegion: profile.shopRegion };
}

/** `--shop-id` replaces the profile's shop; the profile's region then only counts for its own shop. */
function shopOf(facts: ProfileFacts, override: string | undefined): Pick<PreflightInput, 'shopId' | 'shopRegion'> {
  if (override === undefined) return { shopId: facts.shopId, shopRegion: facts.shopRegion };
  if (!/^\d{1,40}$/.test(override)) throw new UsageError('The shop ID given with --shop-id is not valid.', spec, 'A shop ID is all digits, e.g. 7494001122334455667.');
  return { shopId: override, shopRegion: override === facts.shopId ? facts.shopRegion : undefined };
}

export async function run(args: readonly string[]): Promise<number> {
  const { positionals, values, switches } = parseArgs(args, spec);
  const source = positionals[0];
  const cli = openCliCore();
  try {
    const facts = await profileFacts(cli, await chosenProfile(cli.store, values.get('--profile')));
    const shop = shopOf(facts, values.get('--shop-id'));
    let input: PreflightInput;
    if (source === undefined) {
      const { result, decoded } = await cli.tokens.getToken(facts.name);
      input = { decoded, appKey: result.appKey, expireAt: result.expireAt, nowMs: Date.now() + result.clockSkewMs, ...shop };
    } else {
      const text = source === '-' ? await readStdinText('Paste the token, then press Enter and Ctrl+D.', MAX_TOKEN_LENGTH) : source;
      if (text.trim() === '') throw new UsageError('The token to check is empty.', spec, 'Give the token itself, `-` to read it from stdin, or nothing to check a fresh token of the profile.');
      const decoded = decodeJwt(text);
      input = { decoded, appKey: facts.appKey, nowMs: Date.now(), ...shop };
    }
    const preflight = widgetPreflight(input);
    await writeOut(switches.has('--json') ? preflightJson(facts.name, preflight) : preflightText(facts.name, preflight));
    return preflight.failed ? CHECK_FAILED : 0;
  } finally {
    await cli.close();
  }
}
