/**
 * `widget-token exec [--profile NAME] -- COMMAND [ARGS…]`: COMMAND runs with a fresh widget
 * token in its environment and its exit code becomes ours. The token goes in the
 * environment, never in arguments (the process list shows those to every user); the
 * profile's secrets go nowhere: the variables that carry them to `profile set` are removed.
 */
import { spawn } from 'node:child_process';
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

const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

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
    const child = spawn(command, args, { env, stdio: 'inherit' });
    // Ctrl+C reaches the whole process group; a signal sent to us alone is passed on, and we wait for the child's answer.
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    const stopForwarding = () => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
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
