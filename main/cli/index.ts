#!/usr/bin/env node
/**
 * `widget-token`: the command line. This entry only reads the command, prints help and
 * turns errors into one paragraph and an exit code. Each command's module is imported
 * when it runs, so `decode` never loads the keychain, the schemas or the HTTP stack, and
 * `--help` loads no command at all.
 */
import { toBridgeError, errorParagraph, exitCodeFor, EXIT } from '../core/error-mapping';
import { APP_VERSION } from './app-version';
import { isSecretOption, secretArgumentError, UsageError, wantsHelp, withSuggestion } from './args';
import { COMMAND_GROUPS, COMMAND_SPECS, commandHelp, groupHelp, isCommandGroup, mainHelp, type CommandGroup, type CommandName, type CommandSpec } from './command-specs';
import { writeErr, writeOut } from './output';
import { terminalError, terminalStack } from './terminal-text';

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
  'profile use': () => import('./commands/profile-use'),
  sandbox: () => import('./commands/sandbox'),
  preview: () => import('./commands/preview'),
  exec: () => import('./commands/exec'),
  'widget check': () => import('./commands/widget-check'),
  'widget explain': () => import('./commands/widget-explain'),
  'auth url': () => import('./commands/auth-url'),
  'auth code': () => import('./commands/auth-code'),
  'auth refresh': () => import('./commands/auth-refresh'),
  'auth status': () => import('./commands/auth-status'),
  shops: () => import('./commands/shops'),
};

/** What may come first on the command line: a typo of one of these gets a suggestion. */
const TOP_LEVEL_COMMANDS = ['get', 'exec', 'decode', 'profile', 'widget', 'auth', 'shops', 'sandbox', 'preview', 'help'] as const;

const TOP_LEVEL_USAGE = `widget-token <command> [options]  (commands: ${TOP_LEVEL_COMMANDS.join(', ')})`;

function inWords(words: readonly string[]): string {
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1) ?? ''}`;
}

/** The command named by the first words and the arguments left for it, or a group whose help was asked for. */
function resolveCommand(argv: readonly string[]): { name: CommandName; args: readonly string[] } | { help: CommandGroup } {
  const [first = '', second, ...rest] = argv;
  if (isCommandGroup(first)) {
    if (second === undefined || second === '--help' || second === '-h' || second === 'help') return { help: first };
    const subcommands: readonly string[] = COMMAND_GROUPS[first];
    if (!subcommands.includes(second)) {
      const typed = second.split('=')[0] ?? '';
      throw new UsageError(withSuggestion(`Unknown ${first} subcommand "${typed}"`, typed, subcommands), null, `The ${first} subcommands are ${inWords(subcommands)}.`);
    }
    return { name: `${first} ${second}` as CommandName, args: rest };
  }
  if (Object.hasOwn(COMMANDS, first) && !first.includes(' ')) return { name: first as CommandName, args: argv.slice(1) };
  const typed = first.split('=')[0] ?? '';
  throw new UsageError(withSuggestion(`Unknown command "${typed}"`, typed, TOP_LEVEL_COMMANDS), null, `The commands are ${inWords(TOP_LEVEL_COMMANDS.filter((c) => c !== 'help'))}.`);
}

function helpFor(topic: readonly string[]): string {
  // Refused like anywhere else, and before any of it could be repeated in a message.
  if (topic.some((arg) => isSecretOption(arg))) throw secretArgumentError(null);
  const [first, second] = topic;
  if (first === undefined) return mainHelp();
  if (isCommandGroup(first)) {
    const subcommands: readonly string[] = COMMAND_GROUPS[first];
    if (second !== undefined && subcommands.includes(second)) return commandHelp(COMMAND_SPECS[`${first} ${second}` as CommandName]);
    return groupHelp(first);
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
  if ('help' in command) {
    // A group name alone (`widget-token profile`) is a command line that does nothing: its help is the usage error.
    if (argv[1] === undefined) {
      await writeErr(groupHelp(command.help));
      return EXIT.usage;
    }
    await writeOut(groupHelp(command.help));
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
  let text = `${errorParagraph(terminalError(bridgeError))}\n`;
  if (error instanceof UsageError) text += usageLines(error.spec);
  if (process.env.DEBUG && error instanceof Error && error.stack !== undefined) text += `${terminalStack(error)}\n`;
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
