#!/usr/bin/env node
/**
 * `widget-token`: the command line. This entry only reads the command, prints help and
 * turns errors into one paragraph and an exit code. Each command's module is imported
 * when it runs, so `decode` never loads the keychain, the schemas or the HTTP stack, and
 * `--help` loads no command at all.
 */
import { toBridgeError, errorParagraph, exitCodeFor, EXIT } from '../core/error-mapping';
import { APP_VERSION } from './app-version';
import { isSecretOption, secretArgumentError, UsageError, wantsHelp } from './args';
import { AUTH_SUBCOMMANDS, authHelp, COMMAND_SPECS, commandHelp, mainHelp, PROFILE_SUBCOMMANDS, profileHelp, type CommandName, type CommandSpec } from './command-specs';
import { writeErr, writeOut } from './output';

interface CommandModule {
  run(args: readonly string[]): Promise<number>;
}

const COMMANDS: Readonly<Record<CommandName, () => Promise<CommandModule>>> = {
  get: () => import('./commands/get'),
  decode: () => import('./commands/decode'),
  'profile set': () => import('./commands/profile-set'),
  'profile list': () => import('./commands/profile-list'),
  'profile remove': () => import('./commands/profile-remove'),
  'profile repair': () => import('./commands/profile-repair'),
  sandbox: () => import('./commands/sandbox'),
  preview: () => import('./commands/preview'),
  'auth url': () => import('./commands/auth-url'),
  'auth code': () => import('./commands/auth-code'),
  'auth refresh': () => import('./commands/auth-refresh'),
  'auth status': () => import('./commands/auth-status'),
  shops: () => import('./commands/shops'),
};

const TOP_LEVEL_USAGE = 'widget-token <command> [options]  (commands: get, decode, profile, sandbox, preview, auth, shops, help)';

/** The command named by the first words, and the arguments left for it. */
function resolveCommand(argv: readonly string[]): { name: CommandName; args: readonly string[] } | 'profile-help' | 'auth-help' {
  const [first = '', second, ...rest] = argv;
  if (first === 'auth') {
    if (second === undefined || second === '--help' || second === '-h' || second === 'help') return 'auth-help';
    if (!(AUTH_SUBCOMMANDS as readonly string[]).includes(second)) {
      throw new UsageError(`Unknown auth subcommand "${second.split('=')[0] ?? ''}".`, null, 'The auth subcommands are url, code, refresh and status.');
    }
    return { name: `auth ${second}` as CommandName, args: rest };
  }
  if (first === 'profile') {
    if (second === undefined || second === '--help' || second === '-h' || second === 'help') return 'profile-help';
    const name = `profile ${second}`;
    if (!(PROFILE_SUBCOMMANDS as readonly string[]).includes(second)) {
      throw new UsageError(`Unknown profile subcommand "${second.split('=')[0] ?? ''}".`, null, 'The profile subcommands are set, list, remove and repair.');
    }
    return { name: name as CommandName, args: rest };
  }
  if (Object.hasOwn(COMMANDS, first) && !first.includes(' ')) return { name: first as CommandName, args: argv.slice(1) };
  throw new UsageError(`Unknown command "${first.split('=')[0] ?? ''}".`, null, 'The commands are get, decode, profile, sandbox, preview, auth and shops.');
}

function helpFor(topic: readonly string[]): string {
  // Refused like anywhere else, and before any of it could be repeated in a message.
  if (topic.some((arg) => isSecretOption(arg))) throw secretArgumentError(null);
  const [first, second] = topic;
  if (first === undefined) return mainHelp();
  if (first === 'profile') {
    if (second !== undefined && (PROFILE_SUBCOMMANDS as readonly string[]).includes(second)) return commandHelp(COMMAND_SPECS[`profile ${second}` as CommandName]);
    return profileHelp();
  }
  if (first === 'auth') {
    if (second !== undefined && (AUTH_SUBCOMMANDS as readonly string[]).includes(second)) return commandHelp(COMMAND_SPECS[`auth ${second}` as CommandName]);
    return authHelp();
  }
  if (Object.hasOwn(COMMAND_SPECS, first) && !first.includes(' ')) return commandHelp(COMMAND_SPECS[first as CommandName]);
  // The name only, as for an unknown command: what follows `=` could be anything.
  throw new UsageError(`There is no command "${first.split('=')[0] ?? ''}" to show help for.`, null);
}

async function main(argv: readonly string[]): Promise<number> {
  const [first] = argv;
  if (first === undefined) {
    await writeErr(mainHelp());
    return EXIT.usage;
  }
  if (first === '--version' || first === '-V') {
    await writeOut(`${APP_VERSION}\n`);
    return EXIT.ok;
  }
  if (first === '--help' || first === '-h') {
    await writeOut(mainHelp());
    return EXIT.ok;
  }
  if (first === 'help') {
    await writeOut(helpFor(argv.slice(1)));
    return EXIT.ok;
  }
  if (first.startsWith('-')) {
    if (isSecretOption(first)) throw secretArgumentError(null);
    throw new UsageError(`Unknown option ${first.split('=')[0] ?? ''}: options come after the command.`, null);
  }
  const command = resolveCommand(argv);
  if (command === 'auth-help') {
    // Like `profile` alone: a group name with nothing to do is a usage error.
    if (argv[1] === undefined) {
      await writeErr(authHelp());
      return EXIT.usage;
    }
    await writeOut(authHelp());
    return EXIT.ok;
  }
  if (command === 'profile-help') {
    // `profile` alone is a command line that does nothing: its help is the usage error.
    if (argv[1] === undefined) {
      await writeErr(profileHelp());
      return EXIT.usage;
    }
    await writeOut(profileHelp());
    return EXIT.ok;
  }
  if (wantsHelp(command.args)) {
    await writeOut(commandHelp(COMMAND_SPECS[command.name]));
    return EXIT.ok;
  }
  const module = await COMMANDS[command.name]();
  return module.run(command.args);
}

function usageLines(spec: CommandSpec | null): string {
  if (spec === null) return `Usage: ${TOP_LEVEL_USAGE}\nRun \`widget-token --help\` for the list of commands.\n`;
  return `Usage: ${spec.usage}\nRun \`widget-token ${spec.name} --help\` for details.\n`;
}

/** One paragraph on stderr and the documented exit code; the stack only when DEBUG asks for it. */
async function report(error: unknown): Promise<number> {
  const bridgeError = toBridgeError(error);
  let text = `${errorParagraph(bridgeError)}\n`;
  if (error instanceof UsageError) text += usageLines(error.spec);
  if (process.env.DEBUG && error instanceof Error && error.stack !== undefined) text += `${error.stack}\n`;
  await writeErr(text);
  return exitCodeFor(bridgeError);
}

// A reader that stops early (`widget-token get | head -c 20`) is not an error to report.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
});

const code = await main(process.argv.slice(2)).catch(report);
// Exit here rather than wait for the event loop: a keep-alive socket or the keychain's
// D-Bus connection must not hold a finished command open. The writes above have flushed.
process.exit(code);
