/**
 * The CLI's argument parser, written by hand: seven commands with a few flags each need
 * no dependency. It is also where a secret passed as an argument is refused, before the
 * value can go anywhere, and where no error message ever repeats an option's value.
 */
import { ValidationError } from '../core/errors';
import type { CommandSpec } from './command-specs';

/** A command line that does not fit the command: exit 2, with the command's usage line. */
export class UsageError extends ValidationError {
  constructor(
    message: string,
    readonly spec: CommandSpec | null,
    explanation = '',
    resolution = '',
  ) {
    super(message, explanation, resolution);
  }
}

export interface ParsedArgs {
  readonly positionals: readonly string[];
  /** Options that take a value, by their long name (`--port`). */
  readonly values: ReadonlyMap<string, string>;
  /** Options without a value that were given. */
  readonly switches: ReadonlySet<string>;
}

const SECRET_OPTION_NAMES = new Set(['app-secret', 'appsecret', 'access-token', 'accesstoken', 'secret']);

/** `--app-secret`, `--access_token=...`, `--AppSecret`: any spelling of a secret option. */
export function isSecretOption(arg: string): boolean {
  const name = arg.replace(/^-+/, '').split('=')[0]?.toLowerCase().replace(/_/g, '-') ?? '';
  return arg.startsWith('-') && SECRET_OPTION_NAMES.has(name);
}

/** True when the arguments ask for help (`--help` or `-h` before any `--`). */
export function wantsHelp(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

export function secretArgumentError(spec: CommandSpec | null): UsageError {
  return new UsageError(
    'Secrets are never taken from command-line arguments.',
    spec,
    'An argument lands in your shell history and in the process list, where other users and tools can read it.',
    'Set WIDGET_TOKEN_APP_SECRET and WIDGET_TOKEN_ACCESS_TOKEN in the environment of `widget-token profile set`, or run it in a terminal and type them at the hidden prompt.',
  );
}

/** Splits the arguments of one command by its spec; throws UsageError on anything else. */
export function parseArgs(args: readonly string[], spec: CommandSpec): ParsedArgs {
  const positionals: string[] = [];
  const values = new Map<string, string>();
  const switches = new Set<string>();
  let optionsEnded = false;

  // Secrets first: a secret must be refused even when something else is wrong too.
  if (args.some((arg, index) => isSecretOption(arg) && !args.slice(0, index).includes('--'))) throw secretArgumentError(spec);

  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (optionsEnded || arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      optionsEnded = true;
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals === -1 ? arg : arg.slice(0, equals);
    const option = spec.options[name];
    if (option === undefined) {
      // The name only: what follows `=` could be anything, a secret included.
      throw new UsageError(withSuggestion(`Unknown option ${name} for \`widget-token ${spec.name}\``, name, Object.keys(spec.options)), spec);
    }
    if (values.has(name) || switches.has(name)) throw new UsageError(`The option ${name} is given twice.`, spec);
    if (option.value === undefined) {
      if (equals !== -1) throw new UsageError(`The option ${name} takes no value.`, spec);
      switches.add(name);
      continue;
    }
    let value: string | undefined;
    if (equals !== -1) {
      value = arg.slice(equals + 1);
    } else {
      const next = args[index + 1];
      if (next !== undefined && !next.startsWith('--')) {
        value = next;
        index++;
      }
    }
    if (value === undefined) throw new UsageError(`The option ${name} needs a value (${name} ${option.value}).`, spec);
    values.set(name, value);
  }

  const required = spec.positionals.filter((positional) => !positional.optional).length;
  if (positionals.length < required) {
    const missing = spec.positionals[positionals.length]?.name ?? 'an argument';
    throw new UsageError(`\`widget-token ${spec.name}\` needs ${missing}.`, spec);
  }
  if (positionals.length > spec.positionals.length) {
    // Not repeated: a stray argument may be a value that was meant to stay private.
    const takes = spec.positionals.length === 0 ? 'no arguments' : `only ${spec.positionals.map((p) => p.name).join(' ')}`;
    throw new UsageError(`Too many arguments: \`widget-token ${spec.name}\` takes ${takes}.`, spec);
  }
  return { positionals, values, switches };
}

/** A port for `--port`: a whole number from 0 (any free port) to 65535. */
export function parsePort(text: string | undefined, spec: CommandSpec): number {
  if (text === undefined) return 0;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65_535) {
    throw new UsageError(`The port "${text}" is not valid.`, spec, 'A port is a whole number from 1 to 65535, or 0 for any free port.');
  }
  return Number(text);
}

/** Longest `--timeout` accepted: a token call that takes longer than this is not coming back. */
export const MAX_TIMEOUT_SECONDS = 600;

/** `--timeout SECONDS` in milliseconds, or undefined when it is not given. */
export function parseTimeoutMs(text: string | undefined, spec: CommandSpec): number | undefined {
  if (text === undefined) return undefined;
  const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!(seconds > 0 && seconds <= MAX_TIMEOUT_SECONDS)) {
    throw new UsageError(`The timeout "${text}" is not valid.`, spec, `The timeout is a number of seconds greater than 0 and at most ${MAX_TIMEOUT_SECONDS}, e.g. --timeout 10 or --timeout 2.5.`);
  }
  return Math.max(1, Math.round(seconds * 1000));
}

/**
 * Edits between two words (insert, delete, replace, or swap two neighbours: `gte` is one
 * swap from `get`). Optimal string alignment, on UTF-16 units: the words are ASCII names.
 */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (before[j - 2] ?? 0) + 1);
      current.push(best);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The known word closest to a mistyped one, or null when none is close enough to be what
 * was meant: one edit for short words, two from five letters on (leading dashes ignored).
 */
export function nearestWord(typed: string, known: readonly string[]): string | null {
  const bare = (word: string): string => word.replace(/^-+/, '').toLowerCase();
  const word = bare(typed);
  if (word.length === 0) return null;
  const allowed = word.length >= 5 ? 2 : 1;
  let best: { readonly word: string; readonly distance: number } | null = null;
  for (const candidate of known) {
    const distance = editDistance(word, bare(candidate));
    if (distance <= allowed && (best === null || distance < best.distance)) best = { word: candidate, distance };
  }
  return best?.word ?? null;
}

/**
 * A refusal of an unknown word, ended with the nearest known one when there is one:
 * "Unknown command "gte"; did you mean `get`?", else with a full stop.
 */
export function withSuggestion(refusal: string, typed: string, known: readonly string[]): string {
  const nearest = nearestWord(typed, known);
  return nearest === null ? `${refusal}.` : `${refusal}; did you mean \`${nearest}\`?`;
}
