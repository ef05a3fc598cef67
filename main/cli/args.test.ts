import { describe, expect, it } from 'vitest';
import { editDistance, nearestWord, parseArgs, parsePort, parseTimeoutMs, UsageError, wantsHelp, withSuggestion } from './args';
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

describe('suggestions on a typo', () => {
  it.each([
    ['get', 'get', 0],
    ['gte', 'get', 1],
    ['jsn', 'json', 1],
    ['profle', 'profile', 1],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
  ])('%s is %i edits from %s', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });

  it('names the nearest known word, and none when nothing is close', () => {
    expect(nearestWord('gte', ['get', 'decode', 'profile'])).toBe('get');
    expect(nearestWord('--jsn', ['--profile', '--json', '--timeout'])).toBe('--json');
    expect(nearestWord('--TIMEOTU', ['--profile', '--json', '--timeout'])).toBe('--timeout');
    expect(nearestWord('fetch', ['get', 'decode', 'profile'])).toBeNull();
    expect(nearestWord('--', ['--json'])).toBeNull();
  });

  it('ends the refusal with the suggestion, or with a full stop', () => {
    expect(withSuggestion('Unknown command "gte"', 'gte', ['get'])).toBe('Unknown command "gte"; did you mean `get`?');
    expect(withSuggestion('Unknown command "zzz"', 'zzz', ['get'])).toBe('Unknown command "zzz".');
  });

  it('suggests an option of the command in the usage error', () => {
    expect(() => parseArgs(['--jsn'], get)).toThrow('Unknown option --jsn for `widget-token get`; did you mean `--json`?');
  });
});
