/**
 * The command line as a whole, through the built CLI: help, version, and the usage
 * errors a person makes, each exit 2 with one paragraph and the command's usage line.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, requireBuiltCli, runCli, STACK_LINE } from '../../tests/support/built-cli';
import { COMMAND_SPECS } from './command-specs';

let home: string;

beforeAll(async () => {
  requireBuiltCli();
  home = await mkdtemp(path.join(tmpdir(), 'wtd-cli-usage-'));
});

afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

const run = (args: string[]) => runCli(args, { env: { WIDGET_TOKEN_HOME: home } });

describe('help and version', () => {
  it('--version prints the package version', async () => {
    const { version } = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = await run(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${version}\n`);
  });

  it.each([[['--help']], [['-h']], [['help']]])('%j lists every command on stdout', async (args) => {
    const result = await run(args);
    expect(result.code).toBe(0);
    for (const spec of Object.values(COMMAND_SPECS)) expect(result.stdout).toContain(spec.usage.replace(/^widget-token /, ''));
    expect(result.stdout).toContain('Exit codes: 0 ok, 1 a widget check failed, 2 usage, 3 API error, 4 network error or timeout, 5 keychain unavailable, 6 profile data unreadable.');
  });

  it.each([
    [['get', '--help'], 'get'],
    [['get', '-h', '--bogus'], 'get'],
    [['help', 'decode'], 'decode'],
    [['profile', 'set', '--help'], 'profile set'],
    [['help', 'profile', 'list'], 'profile list'],
    [['profile', 'remove', '-h'], 'profile remove'],
    [['help', 'profile', 'repair'], 'profile repair'],
    [['sandbox', '--help'], 'sandbox'],
    [['preview', '--help'], 'preview'],
  ] as const)('%j prints the help of `%s` and exits 0', async (args, name) => {
    const result = await run([...args]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: ${COMMAND_SPECS[name].usage.replace(/[[\]|.]/g, '\\$&')}\\n`));
    for (const option of Object.keys(COMMAND_SPECS[name].options)) expect(result.stdout).toContain(option);
  });

  it('`profile --help` lists the five subcommands; `profile` alone does too, as a usage error', async () => {
    const help = await run(['profile', '--help']);
    expect(help.code).toBe(0);
    for (const sub of ['profile set', 'profile list', 'profile use', 'profile remove', 'profile repair']) expect(help.stdout).toContain(`widget-token ${sub}`);
    const bare = await run(['profile']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('widget-token profile set');
  });

  it('no command at all prints the help on stderr and exits 2', async () => {
    const result = await run([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Usage: widget-token <command> [options]');
  });
});

describe('usage errors: exit 2, one paragraph and a usage line, never a stack trace', () => {
  it.each([
    [['fetch'], 'Unknown command "fetch"', 'widget-token <command> [options]'],
    [['profile', 'show'], 'Unknown profile subcommand "show"', 'widget-token <command> [options]'],
    [['--json'], 'Unknown option --json', 'widget-token <command> [options]'],
    [['get', '--bogus'], 'Unknown option --bogus for `widget-token get`', COMMAND_SPECS.get.usage],
    [['get', '--profile'], 'The option --profile needs a value', COMMAND_SPECS.get.usage],
    [['get', '--profile', '--json'], 'The option --profile needs a value', COMMAND_SPECS.get.usage],
    [['get', '--json', '--json'], 'The option --json is given twice', COMMAND_SPECS.get.usage],
    [['get', '--json=yes'], 'The option --json takes no value', COMMAND_SPECS.get.usage],
    [['get', 'extra'], 'Too many arguments', COMMAND_SPECS.get.usage],
    [['get', '--timeout', '0'], 'The timeout "0" is not valid', COMMAND_SPECS.get.usage],
    [['get', '--timeout', 'soon'], 'The timeout "soon" is not valid', COMMAND_SPECS.get.usage],
    [['get', '--timeout', '-1'], 'The timeout "-1" is not valid', COMMAND_SPECS.get.usage],
    [['get', '--timeout=9999'], 'The timeout "9999" is not valid', COMMAND_SPECS.get.usage],
    [['decode'], 'needs TOKEN', COMMAND_SPECS.decode.usage],
    [['decode', 'a', 'b'], 'Too many arguments', COMMAND_SPECS.decode.usage],
    [['sandbox', '--port', '70000'], 'The port "70000" is not valid', COMMAND_SPECS.sandbox.usage],
    [['sandbox', '--port', 'http'], 'The port "http" is not valid', COMMAND_SPECS.sandbox.usage],
    [['preview', '--port', '-5'], 'The port "-5" is not valid', COMMAND_SPECS.preview.usage],
    [['preview', '--open'], 'Unknown option --open', COMMAND_SPECS.preview.usage],
    [['profile', 'set'], 'needs NAME', COMMAND_SPECS['profile set'].usage],
    [['profile', 'set', 'new-one', '--base-url', 'https://open-api.tiktokglobalshop.com'], 'A new profile needs --app-key KEY', COMMAND_SPECS['profile set'].usage],
    [['profile', 'remove'], 'needs NAME', COMMAND_SPECS['profile remove'].usage],
    [['profile', 'list', '--all'], 'Unknown option --all', COMMAND_SPECS['profile list'].usage],
    [['profile', 'repair', 'profiles.json'], 'Too many arguments', COMMAND_SPECS['profile repair'].usage],
    [['profile', 'repair', '--force'], 'Unknown option --force', COMMAND_SPECS['profile repair'].usage],
    [['profile', 'use'], 'needs NAME', COMMAND_SPECS['profile use'].usage],
    [['gte'], 'Unknown command "gte"; did you mean `get`?', 'widget-token <command> [options]'],
    [['get', '--jsn'], 'Unknown option --jsn for `widget-token get`; did you mean `--json`?', COMMAND_SPECS.get.usage],
    [['get', '--profle=x'], 'Unknown option --profle for `widget-token get`; did you mean `--profile`?', COMMAND_SPECS.get.usage],
    [['profile', 'lst'], 'Unknown profile subcommand "lst"; did you mean `list`?', 'widget-token <command> [options]'],
  ])('%j', async (args, message, usage) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Error: /);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain(`Usage: ${usage}`);
    expect(result.stderr).not.toMatch(STACK_LINE);
  });

  it('shows the stack trace only when DEBUG is set', async () => {
    const quiet = await run(['get', '--bogus']);
    expect(quiet.stderr).not.toMatch(STACK_LINE);
    const debug = await runCli(['get', '--bogus'], { env: { WIDGET_TOKEN_HOME: home, DEBUG: '1' } });
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/^Error: Unknown option --bogus/);
    expect(debug.stderr).toMatch(STACK_LINE);
  });

  it('never repeats the value of an unknown option, which could be a secret', async () => {
    const result = await run(['get', '--secrte=hunter2-value']);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain('hunter2-value');
  });

  it('a secret option is refused even before the command name', async () => {
    const result = await run(['--access-token=hunter2-value', 'get']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Secrets are never taken from command-line arguments');
    expect(result.stderr).not.toContain('hunter2-value');
  });
});
