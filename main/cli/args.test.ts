import { describe, expect, it } from 'vitest';
import { parseArgs, parsePort, parseTimeoutMs, UsageError, wantsHelp } from './args';
import { COMMAND_SPECS } from './command-specs';

const get = COMMAND_SPECS.get;
const decode = COMMAND_SPECS.decode;

describe('the argument parser', () => {
  it('takes option values after a space or an equals sign, in any order', () => {
    const parsed = parseArgs(['--json', '--timeout=2.5', '--profile', 'shop eu'], get);
    expect(parsed.values).toEqual(new Map([['--timeout', '2.5'], ['--profile', 'shop eu']]));
    expect(parsed.switches).toEqual(new Set(['--json']));
  });

  it('takes `-` as a positional (stdin), and anything after `--` as positional too', () => {
    expect(parseArgs(['-'], decode).positionals).toEqual(['-']);
    expect(parseArgs(['--', '--json'], decode).positionals).toEqual(['--json']);
  });

  it('finds --help before `--` only', () => {
    expect(wantsHelp(['--profile', 'x', '-h'])).toBe(true);
    expect(wantsHelp(['--', '--help'])).toBe(false);
  });

  it('refuses secrets as arguments in any spelling, with the reason', () => {
    for (const args of [['--app-secret', 'v'], ['--access_token=v'], ['--AccessToken', 'v'], ['--secret=v']]) {
      expect(() => parseArgs(args, get)).toThrow(/never taken from command-line arguments/);
    }
    expect(parseArgs(['--', '--app-secret'], decode).positionals).toEqual(['--app-secret']);
  });

  it('reads ports 0..65535 and timeouts in seconds (0 < t <= 600)', () => {
    expect(parsePort(undefined, get)).toBe(0);
    expect(parsePort('0', get)).toBe(0);
    expect(parsePort('65535', get)).toBe(65535);
    for (const bad of ['65536', '-1', '1e3', '80.5', '']) expect(() => parsePort(bad, get)).toThrow(UsageError);
    expect(parseTimeoutMs(undefined, get)).toBeUndefined();
    expect(parseTimeoutMs('1', get)).toBe(1000);
    expect(parseTimeoutMs('0.25', get)).toBe(250);
    for (const bad of ['0', '601', 'Infinity', '1s', '-2', '.5']) expect(() => parseTimeoutMs(bad, get)).toThrow(UsageError);
  });
});
