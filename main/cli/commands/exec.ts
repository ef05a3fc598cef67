/**
 * `widget-token exec [--profile NAME] -- COMMAND [ARGS…]`: COMMAND runs with a fresh widget
 * token in its environment and its exit code becomes ours. The token goes in the
 * environment, never in arguments (the process list shows those to every user); the
 * profile's secrets go nowhere: the variables that carry them to `profile set` are removed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { errorCode } from '../../core/errors';
import { parseArgs, parseTimeoutMs, UsageError } from '../args';
import { chosenProfile } from '../chosen-profile';
import { openCliCore } from '../cli-core';
import { COMMAND_SPECS } from '../command-specs';
import { expiryText } from '../token-formats';

const spec = COMMAND_SPECS.exec;

/** The variables that hand secrets to `profile set`: never passed on. */
export const SECRET_VARIABLES = ['WIDGET_TOKEN_APP_SECRET', 'WIDGET_TOKEN_ACCESS_TOKEN', 'WIDGET_TOKEN_REFRESH_TOKEN'] as const;

/**
 * Sent to us alone (a `kill`, a closing terminal), these are passed on. Ctrl+C's SIGINT
 * already reaches the whole foreground process group: we only outlive it, so the command
 * decides when to stop and its exit code still becomes ours, and it is not sent twice.
 */
const FORWARDED_SIGNALS = ['SIGTERM', 'SIGHUP'] as const;
const ignoreInterrupt = (): void => undefined;

function splitAtDashes(args: readonly string[]): { own: readonly string[]; command: readonly string[] } {
  const at = args.indexOf('--');
  if (at === -1) {
    throw new UsageError('`widget-token exec` needs `--` before the command.', spec, '', 'Example: widget-token exec --profile shop-eu -- npm run dev');
  }
  return { own: args.slice(0, at), command: args.slice(at + 1) };
}

function childEnv(token: string, expireAt: string, profile: string): NodeJS.ProcessEnv {
  const secret: ReadonlySet<string> = new Set(SECRET_VARIABLES);
  const kept = Object.entries(process.env).filter(([name]) => !secret.has(name));
  return { ...Object.fromEntries(kept), WIDGET_TOKEN: token, WIDGET_TOKEN_EXPIRE_AT: expireAt, WIDGET_TOKEN_PROFILE: profile };
}

/** Runs the command to its end; resolves its exit code, 128+N for a signal N, as shells do. */
function runChild(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(command, args, { env, stdio: 'inherit' });
    } catch {
      // Node refuses some arguments before trying (a NUL byte inside one, say).
      reject(new UsageError('The command to run could not be started.', spec, 'Its name or one of its arguments is not something a program can be given (a NUL character, say).', 'Check the command after `--`.'));
      return;
    }
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    process.on('SIGINT', ignoreInterrupt);
    const stopForwarding = () => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
      process.off('SIGINT', ignoreInterrupt);
    };
    child.on('error', (error) => {
      stopForwarding();
      const code = errorCode(error);
      // The command is not repeated: it could be anything.
      reject(
        new UsageError(
          code === 'ENOENT' ? 'The command to run was not found.' : 'The command to run could not be started.',
          spec,
          code === 'ENOENT' ? 'It is not a file on PATH, nor a path to one.' : `The system refused to start it (${code ?? 'unknown reason'}).`,
          'Check the name after `--`, and that it is executable.',
        ),
      );
    });
    child.on('close', (code, signal) => {
      stopForwarding();
      resolve(code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0)));
    });
  });
}

async function tokenEnv(named: string | undefined, timeoutMs: number | undefined): Promise<NodeJS.ProcessEnv> {
  const cli = openCliCore();
  try {
    const { result } = await cli.tokens.getToken(await chosenProfile(cli.store, named), timeoutMs);
    return childEnv(result.token, expiryText(result), result.profile);
  } finally {
    // The sandbox, if this started it, is not needed while the command runs: its token is minted.
    await cli.close();
  }
}

export async function run(args: readonly string[]): Promise<number> {
  const { own, command } = splitAtDashes(args);
  const { values } = parseArgs(own, { ...spec, positionals: [] });
  const timeoutMs = parseTimeoutMs(values.get('--timeout'), spec);
  const [program, ...programArgs] = command;
  if (program === undefined || program === '') throw new UsageError('`widget-token exec` needs a command after `--`.', spec);
  return runChild(program, programArgs, await tokenEnv(values.get('--profile'), timeoutMs));
}
